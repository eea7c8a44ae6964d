"""Tadamun's web API, version 1: read-only JSON with an OpenAPI schema at /api/v1/openapi.json.

Conventions kept by every list endpoint: filters as query parameters, `limit` and `offset`
for pages, and an answer `{"count": N, "results": [...]}`. A bad parameter is a 400 with a
message saying what is accepted, never a 500.
"""

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from ninja import NinjaAPI, Query, Status
from ninja.errors import ValidationError

from tadamun.api.atlas import router as atlas_router
from tadamun.api.observatory import router as observatory_router
from tadamun.api.params import LANGUAGE_PATTERN, FilterQuery, request_language
from tadamun.api.renderers import Utf8JSONRenderer
from tadamun.api.schemas import ActorDetailOut, ActorList, Error
from tadamun.api.services import router as services_router
from tadamun.core.i18n import all_values, localized
from tadamun.directory.filters import FilterError, parse_filters
from tadamun.directory.models import Actor
from tadamun.search.services import actor_search

api = NinjaAPI(
    title="Tadamun API",
    version="1",
    description=(
        "Open data of the Social and Solidarity Economy in the Maghreb: the directory of "
        "SSE actors, the Atlas's clusters and territory counts, and the catalogue of support "
        "services (also exported in Open Referral HSDS 3 at /api/v1/services/hsds). Names "
        "come in Arabic, "
        "French and English; `lang` chooses the one put in `name`."
    ),
    urls_namespace="api-1",
    renderer=Utf8JSONRenderer(),
)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError):
    messages = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        messages.append(f"{where}: {error.get('msg', 'invalid value')}")
    return api.create_response(request, {"detail": "; ".join(messages)}, status=400)


@api.exception_handler(FilterError)
def bad_filter(request: HttpRequest, exc: FilterError):
    return api.create_response(request, {"detail": str(exc)}, status=400)


class ActorQuery(FilterQuery):
    limit: int = Query(20, ge=1, le=settings.TADAMUN_API_MAX_LIMIT)
    offset: int = Query(0, ge=0, le=10_000_000)


def actor_out(request: HttpRequest, actor: Actor, language: str, detail: bool = False) -> dict:
    data = {
        "id": actor.pk,
        "name": localized(actor, "name", language),
        "names": actor.names,
        "legal_form": actor.legal_form.code if actor.legal_form else None,
        "legal_form_name": localized(actor.legal_form, "name", language)
        if actor.legal_form
        else None,
        "sectors": [s.code for s in actor.sectors.all()],
        "status": actor.status,
        "country": actor.country_id,
        "territory": actor.territory.code if actor.territory else None,
        "region": actor.admin1.code if actor.admin1 else None,
        "place": actor.place.code if actor.place else None,
        "latitude": actor.latitude,
        "longitude": actor.longitude,
        "women_led": actor.women_led,
        "youth_led": actor.youth_led,
        "members_women": actor.members_women,
        "members_men": actor.members_men,
        "employees": actor.employees,
        "founded": actor.founded,
        "sources": [{"source": s.source, "source_id": s.source_id} for s in actor.sources.all()],
        "url": actor.public_url(request),
    }
    if detail:
        data.update(
            description=localized(actor, "description", language),
            descriptions=all_values(actor, "description"),
            address=actor.address,
            phone=actor.phone,
            email=actor.email,
            website=actor.website,
        )
    return data


@api.get(
    "/actors",
    response={200: ActorList, 400: Error},
    summary="Search and filter SSE actors",
    tags=["actors"],
)
def actor_list(request: HttpRequest, params: Query[ActorQuery]):
    """Actors matching the filters, ranked by relevance when `q` is given, else by name."""
    filters = parse_filters(params.dict())
    language = request_language(request, params.lang)
    page = actor_search(
        text=params.q,
        filters=filters,
        limit=params.limit,
        offset=params.offset,
        language=language,
    )
    prefetch_related_objects(page.actors, "sources")
    return {
        "count": page.count,
        "count_exact": page.count_exact,
        "results": [actor_out(request, a, language) for a in page.actors],
    }


@api.get(
    "/actors/{actor_id}",
    response={200: ActorDetailOut, 404: Error},
    summary="One SSE actor",
    tags=["actors"],
    url_name="actor_detail",
)
def actor_detail(
    request: HttpRequest, actor_id: int, lang: str = Query("", pattern=LANGUAGE_PATTERN)
):
    actor = Actor.objects.for_detail().filter(pk=actor_id).first()
    if actor is None:
        return Status(404, {"detail": f"No actor has the id {actor_id}."})
    return actor_out(request, actor, request_language(request, lang), detail=True)


api.add_router("/atlas", atlas_router)
api.add_router("/services", services_router)
api.add_router("/observatory", observatory_router)
