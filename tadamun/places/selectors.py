"""Reads of the place vocabulary: resolving what people write to a place.

Places are few (about two hundred, with a thousand spellings) and read on every import row
and every directory filter, so they are held in memory, per process, refreshed every five
minutes (see core/caching.py).
"""

from dataclasses import dataclass, field

from tadamun.core.caching import refreshed_every
from tadamun.places.models import Country, Place, PlaceName
from tadamun.places.reference import strip_generic
from tadamun.search.text import fold


@dataclass
class PlaceIndex:
    by_code: dict[str, Place] = field(default_factory=dict)
    by_id: dict[int, Place] = field(default_factory=dict)
    # folded spelling -> [(priority, level, place id)]
    by_key: dict[str, list[tuple[int, int, int]]] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    country_keys: dict[str, str] = field(default_factory=dict)


@refreshed_every(300)
def place_index() -> PlaceIndex:
    index = PlaceIndex()
    for place in Place.objects.all():
        index.by_code[place.code.upper()] = place
        index.by_id[place.pk] = place
    for place in index.by_id.values():
        # Link parents to the cached instances so ancestors() never queries.
        if place.parent_id:
            place.parent = index.by_id[place.parent_id]
    for name in PlaceName.objects.all().values_list("key", "priority", "place_id"):
        key, priority, place_id = name
        index.by_key.setdefault(key, []).append((priority, index.by_id[place_id].level, place_id))
    for entries in index.by_key.values():
        entries.sort()
    for country in Country.objects.all():
        index.countries[country.code] = country
        for spelling in (
            country.code,
            country.alpha3,
            country.name_ar,
            country.name_fr,
            country.name_en,
        ):
            index.country_keys.setdefault(fold(spelling), country.code)
    return index


def place_index_clear() -> None:
    place_index.cache_clear()


def place_by_code(code: str) -> Place | None:
    return place_index().by_code.get(code.strip().upper())


def place_resolve(text: str, *, country: str | None = None, broadest: bool = False) -> Place | None:
    """The place a code or a written name refers to, or None.

    Accepts codes (MA-01, TN-33), names in any of the three languages and their known
    spellings (Tanger, Tangier, Tanja, طنجة), with or without the generic word of the
    division ("Province de Nador", "ولاية الكاف"). When a spelling is shared, the place
    whose own name it is wins over one it was derived for, then the more specific place
    (an address: "Nador" is the town); with `broadest`, the largest place wins (a territory
    filter: "Tozeur" is the governorate).
    """
    if not text or not text.strip():
        return None
    index = place_index()
    by_code = index.by_code.get(text.strip().upper())
    if by_code is not None:
        return by_code if country is None or by_code.country_id == country else None
    key = fold(text)
    candidates = index.by_key.get(key) or index.by_key.get(strip_generic(key)) or []
    best = None
    for priority, level, place_id in candidates:
        place = index.by_id[place_id]
        if country is not None and place.country_id != country:
            continue
        rank = (level, priority) if broadest else (priority, -level)
        if best is None or rank < best[0]:
            best = (rank, place)
    return best[1] if best else None


def country_resolve(text: str) -> Country | None:
    """A country from its ISO code (alpha-2 or alpha-3) or its name in ar/fr/en."""
    if not text or not text.strip():
        return None
    index = place_index()
    code = index.country_keys.get(fold(text))
    return index.countries.get(code) if code else None


def divisions(country: str | None = None, *, max_level: int = 2) -> list[Place]:
    """The divisions (regions/governorates, provinces) for filter menus, in order."""
    places = [p for p in place_index().by_id.values() if p.level <= max_level]
    if country:
        places = [p for p in places if p.country_id == country]
    return sorted(
        places, key=lambda p: (p.country_id, p.ancestor_at(1).name_fr, p.level, p.name_fr)
    )
