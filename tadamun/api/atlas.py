"""The Atlas in the API: clusters of actors for a box of the map, counts per territory."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from ninja import Field, Query, Router, Schema

from tadamun.api.params import FilterQuery, request_language
from tadamun.api.renderers import json_response
from tadamun.api.schemas import Error
from tadamun.atlas import grid
from tadamun.atlas.selectors import MAX_ZOOM, UNSPECIFIED, atlas_clusters, atlas_territories
from tadamun.core.i18n import localized
from tadamun.directory.filters import FilterError, parse_filters

router = Router(tags=["atlas"])


class ClusterQuery(FilterQuery):
    bbox: str = Query(
        ...,
        description="The box of the map: west,south,east,north in degrees (WGS 84)",
        examples=["-17.5,20.5,12.0,38.0"],
    )
    zoom: int = Query(..., ge=0, le=MAX_ZOOM, description="The map's zoom level (0 to 18)")


class TerritoryQuery(FilterQuery):
    level: int = Query(
        1, ge=1, le=2, description="1: regions and governorates; 2: provinces and prefectures"
    )


class Point(Schema):
    type: str = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude]")


class FeatureProperties(Schema):
    kind: str = Field(description="`cluster` (several actors) or `actor` (one)")
    count: int = Field(description="How many actors the feature stands for")
    legal_forms: dict[str, int] | None = Field(
        None, description="A cluster's actors by legal form code"
    )
    bounds: list[float] | None = Field(
        None, description="A cluster's cell: [west, south, east, north]; zoom in to split it"
    )
    id: int | None = Field(None, description="An actor's id (see /actors/{id})")
    name: str | None = None
    legal_form: str | None = None
    url: str | None = Field(None, description="An actor's public page")


class Feature(Schema):
    type: str = "Feature"
    geometry: Point
    properties: FeatureProperties


class ClusterCollection(Schema):
    type: str = "FeatureCollection"
    zoom: int
    level: int = Field(description="Grid level of the cells: 2**level cells per world side")
    count: int = Field(description="Actors in the box")
    features: list[Feature] = Field(description="At most a few hundred, whatever the box")


class TerritoryOut(Schema):
    code: str
    name: str
    latitude: float
    longitude: float
    actors: int
    members: int = Field(description="Known members, women and men")
    members_women: int
    women_led: int
    women_led_share: float = Field(description="women_led / actors, from 0 to 1")


class TerritoryList(Schema):
    level: int
    count: int = Field(description="Actors in all the territories listed")
    results: list[TerritoryOut]


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in raw.split(","))
    except ValueError:
        raise FilterError("bbox", "give four numbers: west,south,east,north") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise FilterError("bbox", "west < east within -180..180 and south < north within -90..90")
    return west, south, east, north


def _point(latitude: float, longitude: float) -> dict:
    return {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]}


@router.get(
    "/clusters",
    response={200: ClusterCollection, 400: Error},
    summary="Actors in a box of the map, clustered for a zoom level",
    url_name="atlas_clusters",
    exclude_none=True,
)
def clusters(request: HttpRequest, params: Query[ClusterQuery]):
    """A GeoJSON FeatureCollection: a cluster per cell of about 64 pixels at `zoom` (its
    count, centre and breakdown by legal form), and an actor on its own where a cell holds
    one, or everywhere at zoom 18. The search and filters are the directory's."""
    bounds = parse_bbox(params.bbox)
    filters = parse_filters(params.dict())
    language = request_language(request, params.lang)
    answer = atlas_clusters(
        bounds=bounds, zoom=params.zoom, filters=filters, text=params.q, language=language
    )
    codes = answer.legal_form_codes
    features = []
    for cluster in answer.clusters:
        corners = [grid.cell_bounds(answer.level, cell) for cell in cluster.cells]
        south, west = min(c[0] for c in corners), min(c[1] for c in corners)
        north, east = max(c[2] for c in corners), max(c[3] for c in corners)
        features.append(
            {
                "type": "Feature",
                "geometry": _point(*cluster.position),
                "properties": {
                    "kind": "cluster",
                    "count": cluster.count,
                    "legal_forms": {
                        codes.get(form, UNSPECIFIED): n
                        for form, n in sorted(cluster.legal_forms.items(), key=lambda i: -i[1])
                    },
                    "bounds": [round(v, 6) for v in (west, south, east, north)],
                },
            }
        )
    with translation.override(language):
        for actor in answer.actors:
            url = reverse("directory:actor", args=[actor.id])
            features.append(
                {
                    "type": "Feature",
                    "geometry": _point(actor.latitude, actor.longitude),
                    "properties": {
                        "kind": "actor",
                        "count": 1,
                        "id": actor.id,
                        "name": actor.name,
                        "legal_form": actor.legal_form,
                        "url": request.build_absolute_uri(url),
                    },
                }
            )
    return json_response(
        request,
        {
            "type": "FeatureCollection",
            "zoom": answer.zoom,
            "level": answer.level,
            "count": answer.count,
            "features": features,
        },
    )


@router.get(
    "/territories",
    response={200: TerritoryList, 400: Error},
    summary="Actors, members and women-led actors per territory",
    url_name="atlas_territories",
)
def territories(request: HttpRequest, params: Query[TerritoryQuery]):
    """For each region and governorate (or province and prefecture, `level=2`): actors,
    their known members and women members, and the share of women-led actors, for the
    directory's search and filters."""
    filters = parse_filters(params.dict())
    language = request_language(request, params.lang)
    rows = atlas_territories(level=params.level, filters=filters, text=params.q)
    return {
        "level": params.level,
        "count": sum(row.actors for row in rows),
        "results": [
            {
                "code": row.place.code,
                "name": localized(row.place, "name", language),
                "latitude": row.place.latitude,
                "longitude": row.place.longitude,
                "actors": row.actors,
                "members": row.members,
                "members_women": row.members_women,
                "women_led": row.women_led,
                "women_led_share": round(row.women_led_share, 4),
            }
            for row in rows
        ],
    }
