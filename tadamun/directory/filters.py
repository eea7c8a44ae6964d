"""The filters of the directory, shared by its pages, the API and the open-data exports.

Parameters come from a query string; each is checked and resolved to the object it names,
and a bad one is reported with a message that says what is accepted.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from tadamun.directory.models import ActorQuerySet, LegalForm, Sector
from tadamun.directory.selectors import legal_form_resolve, sector_resolve
from tadamun.places.models import Country, Place
from tadamun.places.selectors import country_resolve, divisions, place_index, place_resolve

FILTER_NAMES = ("country", "territory", "legal_form", "sector", "women_led")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class FilterError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ActorFilters:
    country: Country | None = None
    territory: Place | None = None
    legal_form: LegalForm | None = None
    sector: Sector | None = None
    women_led: bool | None = None

    def apply(self, queryset: ActorQuerySet) -> ActorQuerySet:
        if self.country is not None:
            queryset = queryset.filter(country=self.country)
        if self.territory is not None:
            queryset = queryset.in_territory(self.territory)
        if self.legal_form is not None:
            queryset = queryset.filter(legal_form=self.legal_form)
        if self.sector is not None:
            queryset = queryset.filter(sectors=self.sector)
        if self.women_led is not None:
            queryset = queryset.filter(women_led=self.women_led)
        return queryset

    def without(self, name: str) -> "ActorFilters":
        return ActorFilters(**{f: getattr(self, f) for f in FILTER_NAMES if f != name})

    def is_empty(self) -> bool:
        return all(getattr(self, f) is None for f in FILTER_NAMES)

    def as_params(self) -> dict[str, str]:
        """The filters as query-string parameters (codes), for links and exports."""
        params = {}
        if self.country is not None:
            params["country"] = self.country.code
        if self.territory is not None:
            params["territory"] = self.territory.code
        if self.legal_form is not None:
            params["legal_form"] = self.legal_form.code
        if self.sector is not None:
            params["sector"] = self.sector.code
        if self.women_led is not None:
            params["women_led"] = "true" if self.women_led else "false"
        return params


def parse_filters(params: Mapping[str, str]) -> ActorFilters:
    """Filters from query-string parameters; raises FilterError on the first bad one."""
    values = {}

    raw = (params.get("country") or "").strip()
    if raw:
        country = country_resolve(raw)
        if country is None:
            raise FilterError(
                "country",
                _("unknown country %(value)r: use an ISO 3166 code such as MA or TN")
                % {"value": raw},
            )
        values["country"] = country

    raw = (params.get("territory") or "").strip()
    if raw:
        country_code = values["country"].code if "country" in values else None
        territory = place_resolve(raw, country=country_code, broadest=True)
        if territory is None:
            raise FilterError(
                "territory",
                _("unknown territory %(value)r: use a code such as MA-01 or TN-33, or a name")
                % {"value": raw},
            )
        values["territory"] = territory

    for name, resolve in (("legal_form", legal_form_resolve), ("sector", sector_resolve)):
        raw = (params.get(name) or "").strip()
        if raw:
            term = resolve(raw)
            if term is None:
                raise FilterError(
                    name,
                    _("unknown value %(value)r: use one of the vocabulary's codes")
                    % {"value": raw},
                )
            values[name] = term

    raw = (params.get("women_led") or "").strip().lower()
    if raw:
        if raw in _TRUE:
            values["women_led"] = True
        elif raw in _FALSE:
            values["women_led"] = False
        else:
            raise FilterError("women_led", _("use true or false"))
    return ActorFilters(**values)


def filter_choices(facets: dict | None, filters: ActorFilters) -> dict:
    """The choices of each filter with how many actors each gives (None: not counted, for
    a search too large to count them)."""
    index = place_index()

    def count(facet: str, key) -> int | None:
        return None if facets is None else facets[facet].get(key, 0)

    country_code = filters.country.code if filters.country else None
    territories = [
        (place, count("admin1" if place.level == 1 else "admin2", place.pk))
        for place in divisions(country_code)
    ]
    if facets is None:
        countries = [(index.countries[code], None) for code in ("MA", "TN")]
    else:
        countries = sorted(
            ((index.countries[code], n) for code, n in facets["country"].items()),
            key=lambda item: -item[1],
        )
    if filters.country and filters.country not in [c for c, _n in countries]:
        countries.append((filters.country, count("country", filters.country.code)))
    return {
        "countries": countries,
        "territories": territories,
        "legal_forms": [(f, count("legal_form", f.pk)) for f in LegalForm.objects.all()],
        "sectors": [(s, count("sector", s.pk)) for s in Sector.objects.all()],
        "women_led_count": count("women_led", True),
    }


MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class PageSearch:
    """The search and filters a page was asked for, and what was wrong with them."""

    text: str
    filters: ActorFilters
    error: str | None = None

    @property
    def query(self) -> str:
        """The search and filters as a query string, for links to the same actors."""
        return urlencode({**self.filters.as_params(), **({"q": self.text} if self.text else {})})


def page_search(params: Mapping[str, str]) -> PageSearch:
    """The search and filters of a page's query string; a bad filter is reported, and the
    page shows every actor."""
    text = (params.get("q") or "").strip()[:MAX_QUERY_LENGTH]
    try:
        return PageSearch(text, parse_filters(params))
    except FilterError as exc:
        return PageSearch(text, ActorFilters(), exc.message)
