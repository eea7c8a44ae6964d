"""Loading the reference places shipped in `data/` (countries, divisions, towns).

Written against the model classes it is given, so that the data migration can call it with
its historical models and `tadamun places load` with the current ones. Idempotent: running
it again updates names, centroids and spellings in place.
"""

import csv
import gettext
from pathlib import Path

import pycountry

from tadamun.search.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"

LEVELS = {
    "region": 1,
    "governorate": 1,
    "province": 2,
    "prefecture": 2,
    "delegation": 2,
    "town": 3,
    "district": 4,
}

# Words that name the kind of a division rather than the division itself. A name stripped of
# them is also recorded (at a lower priority), so "Province de Nador" is found as "Nador".
GENERIC_WORDS = (
    "province de la",
    "province de l",
    "province des",
    "province de",
    "province d",
    "province du",
    "province",
    "prefecture de",
    "prefecture d",
    "prefecture du",
    "prefecture",
    "gouvernorat de la",
    "gouvernorat de l",
    "gouvernorat de",
    "gouvernorat du",
    "gouvernorat",
    "governorate",
    "region de l",
    "region de",
    "region du",
    "region",
    "wilaya de",
    "wilaya",
    "ولايه",
    "اقليم",
    "عماله",
    "جهه",
)


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def strip_generic(key: str) -> str:
    """A folded place name without the generic word that names its kind, if it has one."""
    for word in GENERIC_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
        if key.endswith(" " + word):
            return key[: -len(word) - 1]
    return key


def _country_names(code: str) -> tuple[str, str, str, str]:
    country = pycountry.countries.get(alpha_2=code)
    english = getattr(country, "common_name", None) or country.name
    names = []
    for language in ("ar", "fr"):
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
        )
        names.append(translation.gettext(country.name))
    return country.alpha_3, names[0], names[1], english


def load_reference_places(Country, Place, PlaceName) -> dict[str, int]:
    """Create or update every reference country, place and spelling; return counts."""
    boxes = {row["code"]: row for row in _read("countries.csv")}
    countries = 0
    for country in pycountry.countries:
        alpha3, name_ar, name_fr, name_en = _country_names(country.alpha_2)
        box = boxes.get(country.alpha_2, {})
        numbers = {
            field: float(box[field]) if box.get(field) else None
            for field in (
                "latitude",
                "longitude",
                "min_latitude",
                "min_longitude",
                "max_latitude",
                "max_longitude",
            )
        }
        Country.objects.update_or_create(
            code=country.alpha_2,
            defaults={
                "alpha3": alpha3,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
                **numbers,
            },
        )
        countries += 1

    places = 0
    by_code = {}
    for row in _read("divisions.csv") + _read("towns.csv"):
        parent = by_code.get(row["parent"]) if row["parent"] else None
        place, _ = Place.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "level": LEVELS[row["kind"]],
                "country_id": row["code"][:2],
                "parent": parent,
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
            },
        )
        by_code[place.code] = place
        places += 1

        spellings = [row["name_ar"], row["name_fr"], row["name_en"], place.code]
        spellings += [v for v in row["variants"].split("|") if v]
        keys: dict[str, tuple[str, int]] = {}
        for spelling in spellings:
            key = fold(spelling)
            if key:
                keys.setdefault(key, (spelling, 0))
        for key, (spelling, _priority) in list(keys.items()):
            bare = strip_generic(key)
            if bare and bare != key:
                keys.setdefault(bare, (spelling, 1))
        PlaceName.objects.filter(place=place).exclude(key__in=keys).delete()
        for key, (spelling, priority) in keys.items():
            PlaceName.objects.update_or_create(
                place=place, key=key, defaults={"name": spelling, "priority": priority}
            )
    return {"countries": countries, "places": places}
