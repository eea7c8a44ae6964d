"""The catalogue of support services in the API: a list with the actors' conventions
(filters as query parameters, `limit` and `offset`, `{"count", "results"}`), one service,
and the export in Open Referral's HSDS 3 format."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from tadamun.api.params import LANGUAGE_PATTERN, request_language
from tadamun.api.renderers import json_response
from tadamun.api.schemas import Error, Names
from tadamun.catalogue.hsds import hsds_page, hsds_service
from tadamun.catalogue.models import Service
from tadamun.catalogue.selectors import CatalogueFilterError, parse_service_filters, services_browse
from tadamun.core.i18n import all_values, localized

router = Router(tags=["services"])


class ServiceQuery(Schema):
    q: str = Query(
        "", description="Words to search: service, provider, need, place", max_length=200
    )
    type: str = Query(
        "",
        description="training, coaching, financing, legal, digital, marketing, workspace, "
        "equipment or networking",
    )
    audience: str = Query(
        "", description="project_holders, cooperatives, women or youth (services for anyone too)"
    )
    territory: str = Query("", description="Region, province or governorate served: code or name")
    country: str = Query("", description="ISO 3166-1 code of a country served, e.g. MA or TN")
    free: str = Query("", description="true: free of charge only; false: paid only")
    language: str = Query("", description="Language the service is offered in: ar, fr, en, tzm")
    lang: str = Query("", description="Language of `name`: ar, fr or en", pattern=LANGUAGE_PATTERN)
    limit: int = Query(20, ge=1, le=settings.TADAMUN_API_MAX_LIMIT)
    offset: int = Query(0, ge=0, le=1_000_000)


class ProviderOut(Schema):
    id: int
    name: str
    url: str = Field(description="The provider's page in the directory (see /actors/{id})")


class ServiceOut(Schema):
    id: int
    name: str = Field(description="Name in the requested language, else another one")
    names: Names
    type: str
    provider: ProviderOut
    audiences: list[str] = Field(description="project_holders, cooperatives, women, youth, any")
    languages: list[str] = Field(description="ISO 639 codes: ar, fr, en, tzm")
    territories: list[str] = Field(description="Codes (ISO 3166-2) of the territories served")
    countries: list[str] = Field(description="Countries served as a whole (ISO 3166-1)")
    is_free: bool
    url: str = Field(description="The service's public page")


class ServiceDetailOut(ServiceOut):
    description: str
    descriptions: Names
    cost: str
    access: str = Field(description="How to access the service")
    contact_name: str
    phone: str = Field(description="E.164")
    email: str
    website: str
    curated_by: str | None = Field(description="Slug of the mechanism that keeps the entry")


class ServiceList(Schema):
    count: int = Field(description="Number of services matching, all pages together")
    results: list[ServiceOut]
    hsds: str = Field(description="The same catalogue in Open Referral HSDS 3 format")


def service_out(request: HttpRequest, service: Service, language: str, detail=False) -> dict:
    provider = service.provider
    data = {
        "id": service.pk,
        "name": localized(service, "name", language),
        "names": service.names,
        "type": service.service_type,
        "provider": {
            "id": provider.pk,
            "name": localized(provider, "name", language),
            "url": provider.public_url(request),
        },
        "audiences": service.audience_list,
        "languages": service.language_list,
        "territories": [p.code for p in service.territories.all()],
        "countries": [c.code for c in service.countries.all()],
        "is_free": service.is_free,
        "url": request.build_absolute_uri(service.get_absolute_url()),
    }
    if detail:
        data.update(
            description=localized(service, "description", language),
            descriptions=all_values(service, "description"),
            cost=localized(service, "cost", language),
            access=localized(service, "access", language),
            contact_name=service.contact_name,
            phone=service.phone,
            email=service.email,
            website=service.website,
            curated_by=service.mechanism.slug if service.mechanism_id else None,
        )
    return data


def _filters(params: dict):
    try:
        return parse_service_filters(params)
    except CatalogueFilterError as exc:
        from tadamun.directory.filters import FilterError

        raise FilterError(exc.field, exc.message) from exc


@router.get(
    "",
    response={200: ServiceList, 400: Error},
    summary="Search and filter the catalogue of support services",
    url_name="service_list",
)
def service_list(request: HttpRequest, params: Query[ServiceQuery]):
    """Active services matching the filters, best match first when `q` is given, else by
    type and name. `hsds` links to the same catalogue in Open Referral HSDS 3 format."""
    filters = _filters(params.dict())
    language = request_language(request, params.lang)
    page = services_browse(text=params.q, filters=filters, limit=params.limit, offset=params.offset)
    return {
        "count": page.count,
        "results": [service_out(request, s, language) for s in page.services],
        "hsds": request.build_absolute_uri(reverse("api-1:service_hsds")),
    }


class HsdsQuery(Schema):
    page: int = Query(1, ge=1, le=100_000, description="Page number (HSDS), from 1")
    per_page: int = Query(
        50, ge=1, le=settings.TADAMUN_API_MAX_LIMIT, description="Services in a page"
    )
    lang: str = Query("", description="Language of names and texts", pattern=LANGUAGE_PATTERN)


@router.get(
    "/hsds",
    response={200: dict, 400: Error},
    summary="The catalogue in Open Referral HSDS 3 (a page of fully nested services)",
    url_name="service_hsds",
)
def service_hsds(request: HttpRequest, params: Query[HsdsQuery]):
    """Open Referral Human Services Data Specification 3.0: a page (`total_items`,
    `contents`…) of services with their organization, service areas, languages, cost
    options, contacts and phones; identifiers are stable UUIDs."""
    language = request_language(request, params.lang)
    services = (
        Service.objects.active().for_listing().select_related("provider__legal_form").order_by("pk")
    )
    total = services.count()
    start = (params.page - 1) * params.per_page
    chosen = list(services[start : start + params.per_page])
    return json_response(
        request,
        hsds_page(
            chosen,
            total=total,
            page=params.page,
            per_page=params.per_page,
            request=request,
            language=language,
        ),
    )


@router.get(
    "/hsds/{service_id}",
    response={200: dict, 404: Error},
    summary="One service in Open Referral HSDS 3 (fully nested)",
    url_name="service_hsds_detail",
)
def service_hsds_detail(
    request: HttpRequest, service_id: int, lang: str = Query("", pattern=LANGUAGE_PATTERN)
):
    service = Service.objects.active().for_listing().filter(pk=service_id).first()
    if service is None:
        return Status(404, {"detail": f"No service has the id {service_id}."})
    return json_response(request, hsds_service(service, request, request_language(request, lang)))


@router.get(
    "/{service_id}",
    response={200: ServiceDetailOut, 404: Error},
    summary="One support service",
    url_name="service_detail",
)
def service_detail(
    request: HttpRequest, service_id: int, lang: str = Query("", pattern=LANGUAGE_PATTERN)
):
    service = (
        Service.objects.active().for_listing().select_related("mechanism").filter(pk=service_id)
    ).first()
    if service is None:
        return Status(404, {"detail": f"No service has the id {service_id}."})
    return service_out(request, service, request_language(request, lang), detail=True)
