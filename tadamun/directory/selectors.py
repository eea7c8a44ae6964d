"""Reads of the directory that several pages, the API and the exports share."""

from django.db.models import Count

from tadamun.core.caching import refreshed_every
from tadamun.directory.models import Actor, LegalForm, Sector
from tadamun.places.selectors import place_index
from tadamun.search.text import fold


def _keys(terms) -> dict[str, int]:
    keys: dict[str, int] = {}
    # Codes and names first, so that a synonym shared by two terms never hides a name.
    for term in terms:
        for spelling in (term.code, term.name_ar, term.name_fr, term.name_en):
            keys.setdefault(fold(spelling), term.pk)
    for term in terms:
        for spelling in term.synonym_list():
            keys.setdefault(fold(spelling), term.pk)
    return keys


@refreshed_every(300)
def _vocabulary_keys() -> dict[str, dict]:
    forms, sectors = list(LegalForm.objects.all()), list(Sector.objects.all())
    return {
        "LegalForm": _keys(forms),
        "Sector": _keys(sectors),
        "LegalFormCodes": {form.pk: form.code for form in forms},
        "SectorCodes": {sector.pk: sector.code for sector in sectors},
    }


def vocabulary_cache_clear() -> None:
    _vocabulary_keys.cache_clear()


def vocabulary_id(vocabulary: str, text: str) -> int | None:
    """The id of a LegalForm or Sector term from any of its spellings, without a query."""
    return _vocabulary_keys()[vocabulary].get(fold(text or ""))


def legal_form_codes() -> dict[int, str]:
    """The code of every legal form by its id, without a query."""
    return _vocabulary_keys()["LegalFormCodes"]


def sector_codes() -> dict[int, str]:
    """The code of every sector by its id, without a query."""
    return _vocabulary_keys()["SectorCodes"]


def legal_form_resolve(text: str) -> LegalForm | None:
    """A legal form from its code, its name in ar/fr/en or a synonym (Coop., جمعية, GIE…)."""
    pk = vocabulary_id("LegalForm", text)
    return LegalForm.objects.filter(pk=pk).first() if pk else None


def sector_resolve(text: str) -> Sector | None:
    pk = vocabulary_id("Sector", text)
    return Sector.objects.filter(pk=pk).first() if pk else None


def directory_totals() -> dict:
    """What the home page says the directory holds: counts by country and legal form."""
    countries = place_index().countries
    by_country = [
        (countries[code], n)
        for code, n in Actor.objects.values_list("country_id")
        .annotate(n=Count("id"))
        .order_by("-n")
    ]
    by_form = dict(Actor.objects.values_list("legal_form_id").annotate(n=Count("id")).order_by())
    forms = [(form, by_form[form.pk]) for form in LegalForm.objects.all() if by_form.get(form.pk)]
    return {
        "total": sum(n for _country, n in by_country),
        "by_country": by_country,
        "by_legal_form": sorted(forms, key=lambda item: -item[1]),
        "women_led": Actor.objects.filter(women_led=True).count(),
    }
