"""Query parameters several endpoints share: the directory's search and filters."""

from django.http import HttpRequest
from ninja import Query, Schema

LANGUAGE_PATTERN = "^(|ar|fr|en)$"


class FilterQuery(Schema):
    q: str = Query(
        "", description="Words to search in names, activities and places", max_length=200
    )
    country: str = Query("", description="ISO 3166-1 code, e.g. MA or TN")
    territory: str = Query("", description="Region, province or governorate: code or name")
    legal_form: str = Query("", description="Legal form code, e.g. cooperative")
    sector: str = Query("", description="Sector code, e.g. care")
    women_led: str = Query("", description="true or false")
    lang: str = Query("", description="Language of `name`: ar, fr or en", pattern=LANGUAGE_PATTERN)


def request_language(request: HttpRequest, requested: str) -> str:
    if requested:
        return requested
    return (getattr(request, "LANGUAGE_CODE", "") or "fr")[:2]
