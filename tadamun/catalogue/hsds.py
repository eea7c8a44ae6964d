"""The catalogue in the Open Referral Human Services Data Specification (HSDS 3.0).

Each service is a fully nested HSDS `service` (schema/service.json): its organization
(the directory actor that offers it, with its location), the service areas it serves
(one per territory or country, `extent_type` "text" with the place's ISO 3166 code), its
languages (ISO 639 codes), cost options (free or the cost text), contacts and phones.
A list is an HSDS page (`total_items`, `total_pages`, `page_number`, `size`, `first_page`,
`last_page`, `empty`, `contents`), as the HSDS API's `/services` answers.

HSDS identifiers are UUIDs: each is derived (UUID 5) from the Tadamun record it stands
for, so that the same service keeps the same id from one export to the next.
"""

import math
import uuid

from tadamun.catalogue.models import Service
from tadamun.catalogue.types import Audience
from tadamun.core.i18n import localized

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://tadamun.org/hsds/")
LANGUAGE_NAMES = {"ar": "Arabic", "fr": "French", "en": "English", "tzm": "Central Atlas Tamazight"}
CURRENCIES = {"MA": "MAD", "TN": "TND"}


def hsds_id(kind: str, *parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, parts)])))


def _alternate(obj, field: str, shown: str) -> str:
    others = [
        getattr(obj, f"{field}_{c}", "")
        for c in ("ar", "fr", "en")
        if getattr(obj, f"{field}_{c}", "") and getattr(obj, f"{field}_{c}", "") != shown
    ]
    return " / ".join(dict.fromkeys(others))


def _phone(number: str, **owner) -> dict:
    key = next(iter(owner.values()))
    return {"id": hsds_id("phone", key, number), "number": number, "type": "voice", **owner}


def _organization(actor, request, language: str) -> dict:
    org_id = hsds_id("organization", actor.pk)
    name = localized(actor, "name", language)
    organization = {
        "id": org_id,
        "name": name,
        "alternate_name": _alternate(actor, "name", name),
        # HSDS requires a description; the name stands in when the directory has none.
        "description": localized(actor, "description", language) or name,
        "uri": actor.public_url(request),
        "phones": [_phone(actor.phone, organization_id=org_id)] if actor.phone else [],
        "locations": [],
    }
    if actor.email:
        organization["email"] = actor.email
    if actor.website:
        organization["website"] = actor.website
    if actor.founded:
        organization["year_incorporated"] = actor.founded
    if actor.legal_form_id:
        organization["legal_status"] = localized(actor.legal_form, "name", language)
    if actor.latitude is not None or actor.address:
        location = {
            "id": hsds_id("location", actor.pk),
            "location_type": "physical",
            "organization_id": org_id,
            "name": name,
        }
        if actor.latitude is not None:
            location["latitude"] = actor.latitude
            location["longitude"] = actor.longitude
        if actor.address:
            location["description"] = actor.address
        organization["locations"].append(location)
    return organization


def hsds_service(service: Service, request, language: str = "en") -> dict:
    """One service as a fully nested HSDS 3 service."""
    service_id = hsds_id("service", service.pk)
    name = localized(service, "name", language)
    audiences = [str(Audience(a).label) for a in service.audience_list]
    data = {
        "id": service_id,
        "organization_id": hsds_id("organization", service.provider_id),
        "name": name,
        "alternate_name": _alternate(service, "name", name),
        "description": localized(service, "description", language),
        "status": "active" if service.is_active else "inactive",
        "application_process": localized(service, "access", language),
        "fees_description": localized(service, "cost", language)
        or ("Free of charge" if service.is_free else ""),
        "eligibility_description": ", ".join(audiences),
        "last_modified": service.updated_at.isoformat(),
        "url": request.build_absolute_uri(service.get_absolute_url()),
        "organization": _organization(service.provider, request, language),
        "service_areas": [
            {
                "id": hsds_id("service_area", service.pk, place.code),
                "service_id": service_id,
                "name": localized(place, "name", language),
                "extent": place.code,
                "extent_type": "text",
            }
            for place in service.territories.all()
        ]
        + [
            {
                "id": hsds_id("service_area", service.pk, country.code),
                "service_id": service_id,
                "name": localized(country, "name", language),
                "extent": country.code,
                "extent_type": "text",
            }
            for country in service.countries.all()
        ],
        "languages": [
            {
                "id": hsds_id("language", service.pk, code),
                "service_id": service_id,
                "name": LANGUAGE_NAMES.get(code, code),
                "code": code,
            }
            for code in service.language_list
        ],
        "cost_options": [_cost_option(service, service_id, language)],
        "phones": [_phone(service.phone, service_id=service_id)] if service.phone else [],
        "contacts": [],
    }
    if service.email:
        data["email"] = service.email
    if service.website:
        data["url"] = service.website
    if service.contact_name or service.email:
        contact_id = hsds_id("contact", service.pk)
        contact = {"id": contact_id, "service_id": service_id, "name": service.contact_name}
        if service.email:
            contact["email"] = service.email
        if service.phone:
            contact["phones"] = [_phone(service.phone, contact_id=contact_id)]
        data["contacts"].append(contact)
    return data


def _cost_option(service: Service, service_id: str, language: str) -> dict:
    option = {
        "id": hsds_id("cost_option", service.pk),
        "service_id": service_id,
        "option": "Free of charge" if service.is_free else "Paid",
    }
    if service.is_free:
        option["amount"] = 0
        option["currency"] = CURRENCIES.get(service.provider.country_id, "MAD")
    cost = localized(service, "cost", language)
    if cost:
        option["amount_description"] = cost
    return option


def hsds_page(services, *, total: int, page: int, per_page: int, request, language: str) -> dict:
    """An HSDS page of fully nested services."""
    contents = [hsds_service(s, request, language) for s in services]
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": contents,
    }
