"""The directory as open data: CSV, GeoJSON and JSON-LD (ESSGlobal), with the list's filters.

Responses are streamed, a chunk of actors at a time, so a download of the whole registry
never holds it in memory.
"""

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from tadamun.core.spreadsheets import spreadsheet_safe
from tadamun.directory.filters import FilterError, parse_filters
from tadamun.directory.models import Actor
from tadamun.search.services import actor_matches

CHUNK = 2000

CSV_COLUMNS = [
    "id",
    "name_ar",
    "name_fr",
    "name_en",
    "legal_form",
    "sectors",
    "status",
    "country",
    "region",
    "province",
    "place",
    "latitude",
    "longitude",
    "address",
    "phone",
    "email",
    "website",
    "founded",
    "members_women",
    "members_men",
    "employees",
    "women_led",
    "youth_led",
    "description_ar",
    "description_fr",
    "description_en",
    "sources",
    "url",
]


def _number(value) -> str:
    return "" if value is None else str(value)


def _exported_actors(request: HttpRequest) -> Iterable[Actor]:
    filters = parse_filters(request.GET)
    text = (request.GET.get("q") or "").strip()[:200]
    queryset = actor_matches(text=text, filters=filters).for_detail().order_by("sort_name", "id")
    return queryset.iterator(chunk_size=CHUNK)


def _bad_filter(error: FilterError) -> HttpResponse:
    return HttpResponse(error.message + "\n", status=400, content_type="text/plain; charset=utf-8")


def csv_row(request: HttpRequest, actor: Actor) -> list[str]:
    text = {
        "name_ar": actor.name_ar,
        "name_fr": actor.name_fr,
        "name_en": actor.name_en,
        "address": actor.address,
        "phone": actor.phone,
        "email": actor.email,
        "website": actor.website,
        "description_ar": actor.description_ar,
        "description_fr": actor.description_fr,
        "description_en": actor.description_en,
    }
    row = {key: spreadsheet_safe(value) for key, value in text.items()}
    row.update(
        id=str(actor.pk),
        legal_form=actor.legal_form.code if actor.legal_form else "",
        sectors=";".join(s.code for s in actor.sectors.all()),
        status=actor.status,
        country=actor.country_id,
        region=actor.admin1.code if actor.admin1 else "",
        province=actor.admin2.code if actor.admin2 else "",
        place=actor.place.code if actor.place else "",
        latitude=_number(actor.latitude),
        longitude=_number(actor.longitude),
        founded=_number(actor.founded),
        members_women=_number(actor.members_women),
        members_men=_number(actor.members_men),
        employees=_number(actor.employees),
        women_led="true" if actor.women_led else "false",
        youth_led="true" if actor.youth_led else "false",
        sources=spreadsheet_safe(
            ";".join(f"{s.source}:{s.source_id}" for s in actor.sources.all())
        ),
        url=actor.public_url(request),
    )
    return [row[column] for column in CSV_COLUMNS]


class _Echo:
    def write(self, value: str) -> str:
        return value


def actors_csv(request: HttpRequest) -> HttpResponse:
    """CSV in UTF-8 with a byte-order mark, so that Excel reads Arabic correctly.

    `?excel=1` separates columns with semicolons, as Excel expects where the decimal
    separator is a comma (French-language systems).
    """
    try:
        actors = _exported_actors(request)
    except FilterError as error:
        return _bad_filter(error)
    delimiter = ";" if request.GET.get("excel") in ("1", "true") else ","
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for actor in actors:
            yield writer.writerow(csv_row(request, actor))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tadamun-actors.csv"'
    return response


def geojson_feature(request: HttpRequest, actor: Actor) -> dict:
    geometry = None
    if actor.latitude is not None and actor.longitude is not None:
        geometry = {"type": "Point", "coordinates": [actor.longitude, actor.latitude]}
    return {
        "type": "Feature",
        "id": actor.pk,
        "geometry": geometry,
        "properties": {
            "name": actor.name,
            "names": actor.names,
            "legal_form": actor.legal_form.code if actor.legal_form else None,
            "sectors": [s.code for s in actor.sectors.all()],
            "status": actor.status,
            "country": actor.country_id,
            "territory": actor.territory.code if actor.territory else None,
            "place": actor.place.code if actor.place else None,
            "women_led": actor.women_led,
            "youth_led": actor.youth_led,
            "members_women": actor.members_women,
            "members_men": actor.members_men,
            "url": actor.public_url(request),
        },
    }


def _json_stream(head: str, items: Iterator[dict], tail: str) -> Iterator[str]:
    yield head
    for position, item in enumerate(items):
        yield ("," if position else "") + json.dumps(item, ensure_ascii=False)
    yield tail


def actors_geojson(request: HttpRequest) -> HttpResponse:
    try:
        actors = _exported_actors(request)
    except FilterError as error:
        return _bad_filter(error)
    features = (geojson_feature(request, a) for a in actors)
    response = StreamingHttpResponse(
        _json_stream('{"type":"FeatureCollection","features":[', features, "]}"),
        content_type="application/geo+json",
    )
    response["Content-Disposition"] = 'attachment; filename="tadamun-actors.geojson"'
    return response


JSONLD_CONTEXT = {
    "essglobal": "http://purl.org/essglobal/vocab/",
    "gr": "http://purl.org/goodrelations/v1#",
    "dcterms": "http://purl.org/dc/terms/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _language_values(values: dict[str, str]) -> list[dict]:
    return [{"@value": v, "@language": code} for code, v in values.items() if v]


def jsonld_node(request: HttpRequest, actor: Actor) -> dict:
    """An actor as an ESSGlobal SSE initiative (or network)."""
    is_network = actor.legal_form is not None and actor.legal_form.code == "network"
    node: dict = {
        "@id": actor.public_url(request),
        "@type": "essglobal:Network" if is_network else "essglobal:SSEInitiative",
        "gr:name": _language_values(actor.names),
    }
    descriptions = {
        "ar": actor.description_ar,
        "fr": actor.description_fr,
        "en": actor.description_en,
    }
    if any(descriptions.values()):
        node["dcterms:description"] = _language_values(descriptions)
    if actor.legal_form and actor.legal_form.essglobal:
        node["essglobal:legalForm"] = {"@id": actor.legal_form.essglobal}
    sectors = [{"@id": s.essglobal} for s in actor.sectors.all() if s.essglobal]
    if sectors:
        node["essglobal:economicSector"] = sectors
    if actor.members_women is not None:
        node["essglobal:totalWomen"] = actor.members_women
    if actor.members_men is not None:
        node["essglobal:totalMen"] = actor.members_men
    if actor.members_total is not None:
        node["essglobal:totalOfMembers"] = actor.members_total
    address: dict = {"@type": "essglobal:Address", "vcard:country-name": actor.country.name_en}
    if actor.address:
        address["vcard:street-address"] = actor.address
    if actor.place:
        address["vcard:locality"] = actor.place.name_fr or actor.place.name_en
    if actor.territory:
        address["vcard:region"] = actor.territory.name_fr
    if actor.latitude is not None:
        address["geo:lat"] = {"@value": str(actor.latitude), "@type": "xsd:decimal"}
        address["geo:long"] = {"@value": str(actor.longitude), "@type": "xsd:decimal"}
    node["essglobal:hasAddress"] = address
    if actor.phone:
        node["vcard:tel"] = actor.phone
    if actor.email:
        node["vcard:email"] = {"@id": f"mailto:{actor.email}"}
    if actor.website:
        node["foaf:homepage"] = {"@id": actor.website}
    if actor.founded:
        node["dcterms:created"] = {"@value": str(actor.founded), "@type": "xsd:gYear"}
    node["dcterms:identifier"] = [f"{s.source}:{s.source_id}" for s in actor.sources.all()]
    return node


def actors_jsonld(request: HttpRequest) -> HttpResponse:
    try:
        actors = _exported_actors(request)
    except FilterError as error:
        return _bad_filter(error)
    head = '{"@context":' + json.dumps(JSONLD_CONTEXT) + ',"@graph":['
    nodes = (jsonld_node(request, a) for a in actors)
    response = StreamingHttpResponse(
        _json_stream(head, nodes, "]}"), content_type="application/ld+json"
    )
    response["Content-Disposition"] = 'attachment; filename="tadamun-actors.jsonld"'
    return response
