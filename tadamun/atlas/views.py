"""The Atlas's pages: the map with the directory's search and filters, and the same map
for other sites to embed."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from tadamun.atlas.selectors import MAX_ZOOM, atlas_territories
from tadamun.core.i18n import localized
from tadamun.directory.filters import filter_choices, page_search
from tadamun.directory.models import LegalForm

# Colours of the legal forms on the map, in the vocabulary's order; chosen to stay apart
# from each other and readable under white numbers.
PALETTE = (
    "#1b6e8a",
    "#b5452c",
    "#6a4c93",
    "#2d7d46",
    "#a35d00",
    "#8c2f5d",
    "#3d5a80",
    "#5f6f00",
    "#7a4419",
    "#00756b",
    "#9c2a2a",
    "#4a4e69",
    "#7b6000",
    "#2f4858",
)
UNSPECIFIED_COLOUR = "#5c5c5c"
# The view of Morocco and Tunisia the map opens on: west, south, east, north.
MAGHREB = (-17.2, 21.0, 11.8, 37.6)


def _legend(language: str) -> list[dict]:
    return [
        {
            "code": form.code,
            "name": localized(form, "name", language),
            "colour": PALETTE[n % len(PALETTE)],
        }
        for n, form in enumerate(LegalForm.objects.all())
    ]


def _labels() -> dict[str, str]:
    """What the map's script writes, in the page's language ({count}, {name} and {value}
    are filled in by the script)."""
    return {
        "in_view": _("{count} actors in this view"),
        "in_view_one": _("1 actor in this view"),
        "cluster": _("{count} actors here: zoom in"),
        "open": _("Open its page"),
        "zoom_in": _("Zoom in"),
        "zoom_out": _("Zoom out"),
        "loading": _("Loading the map…"),
        "failed": _("The map could not load the actors. Move the map to try again."),
        "territory": _("{name}: {value}"),
        "territories": _("{count} territories shown"),
        "unspecified": _("Legal form not given"),
    }


def _view_params(request: HttpRequest) -> dict[str, str]:
    """The position the map opens at, when the address gives one (lat, lon, zoom)."""
    try:
        lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
        zoom = int(request.GET["zoom"])
    except (KeyError, ValueError):
        return {}
    if -90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= MAX_ZOOM:
        return {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "zoom": str(zoom)}
    return {}


def _context(request: HttpRequest) -> dict:
    asked = page_search(request.GET)
    query = asked.query
    language = request.LANGUAGE_CODE[:2]
    legend = _legend(language)
    embed_path = reverse("atlas:embed") + (f"?{query}" if query else "")
    return {
        "text": asked.text,
        "filters": asked.filters,
        "error": asked.error,
        "query": query,
        "legend": legend,
        "map_config": {
            "clusters": reverse("api-1:atlas_clusters"),
            "territories": reverse("api-1:atlas_territories"),
            "query": query,
            "language": language,
            "tiles": settings.TADAMUN_TILE_URL,
            "attribution": settings.TADAMUN_TILE_ATTRIBUTION,
            "bounds": MAGHREB,
            "view": _view_params(request),
            "colours": {entry["code"]: entry["colour"] for entry in legend},
            "unspecified": UNSPECIFIED_COLOUR,
            "forms": {entry["code"]: entry["name"] for entry in legend},
            "embed": request.build_absolute_uri(reverse("atlas:embed")),
        },
        "embed_url": request.build_absolute_uri(embed_path),
        "labels": _labels(),
    }


def atlas_map(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    context.update(filter_choices(None, context["filters"]))
    context["territory_counts"] = atlas_territories(
        level=1, filters=context["filters"], text=context["text"]
    )
    return render(request, "atlas/map.html", context, status=400 if context["error"] else 200)


@xframe_options_exempt
def atlas_embed(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    return render(request, "atlas/embed.html", context, status=400 if context["error"] else 200)
