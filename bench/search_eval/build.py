"""Write a search evaluation set: records.csv and queries.csv, from its organisations.

    .venv/bin/python bench/search_eval/build.py            # bench/search_eval (entities.py)
    .venv/bin/python bench/search_eval/build.py --holdout  # bench/search_eval_holdout

The held-out set (holdout_entities.py) was written by someone who had not seen how the
search works, after the search was tuned on the first set; it measures how well the search
generalises, and is never used to tune it.

Deterministic (seeded). Records are what registries hold: each organisation of entities.py
as a national registry writes it in Arabic, a partner's sheet in French and a donor report
in English, with their abbreviations and capitals; plus a population of other
organisations (Tadamun's demo generator) among which the search must find them. Queries
are what users type, in Arabic, French and English: a name in any spelling (including one
no record holds, and typos), with a legal form, a place or an activity, and activities in
a place. The relevant records of a query come from the labels, never from the search.
"""

import csv
import random
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from entities import ACTIVITIES, LEGAL_FORMS, WOMEN  # noqa: E402

from tadamun.demo.generator import ACTIVITIES as DEMO_ACTIVITIES  # noqa: E402
from tadamun.demo.generator import generate  # noqa: E402

SEED = 20261123
DISTRACTORS = 2500

# Place names as users type them (town or region code → Arabic, French, English).
PLACES = {
    "TN-72-NEFTA": ("نفطة", "Nefta", "Nefta"),
    "MA-NAD-NADOR": ("الناظور", "Nador", "Nador"),
    "MA-TNG-TANGER": ("طنجة", "Tanger", "Tangier"),
    "MA-BER-BERKANE": ("بركان", "Berkane", "Berkane"),
    "TN-33-LEKEF": ("الكاف", "Le Kef", "El Kef"),
    "TN-11-TUNIS": ("تونس", "Tunis", "Tunis"),
    "TN-11-TUNIS-MEDINA": ("المدينة العتيقة بتونس", "Médina de Tunis", "Medina of Tunis"),
    "MA-TET-TETOUAN": ("تطوان", "Tétouan", "Tetouan"),
    "MA-08": ("درعة تافيلالت", "Drâa-Tafilalet", "Draa-Tafilalet"),
    "MA-RAB-RABAT": ("الرباط", "Rabat", "Rabat"),
    "MA-CAS-CASABLANCA": ("الدار البيضاء", "Casablanca", "Casablanca"),
    "TN-42-KASSERINE": ("القصرين", "Kasserine", "Kasserine"),
    "MA-CHE-CHEFCHAOUEN": ("شفشاون", "Chefchaouen", "Chefchaouen"),
    "TN-23-BIZERTE": ("بنزرت", "Bizerte", "Bizerte"),
    "MA-09": ("سوس ماسة", "Souss-Massa", "Souss-Massa"),
    "MA-07": ("مراكش آسفي", "Marrakech-Safi", "Marrakesh-Safi"),
    "MA-03": ("فاس مكناس", "Fès-Meknès", "Fez-Meknes"),
    "MA-HOC-ALHOCEIMA": ("الحسيمة", "Al Hoceïma", "Al Hoceima"),
    "TN-51-SOUSSE": ("سوسة", "Sousse", "Sousse"),
    "MA-05": ("بني ملال خنيفرة", "Béni Mellal-Khénifra", "Beni Mellal-Khenifra"),
    "TN-31": ("باجة", "Béja", "Beja"),
    "TN-21-NABEUL": ("نابل", "Nabeul", "Nabeul"),
    "TN-23-RASJEBEL": ("رأس الجبل", "Ras Jebel", "Ras Jebel"),
}
# Spellings users type that no record uses.
PLACE_VARIANTS = {
    "MA-TNG-TANGER": ["Tanja", "Tangiers"], "MA-TET-TETOUAN": ["Tetuan"],
    "TN-33-LEKEF": ["Kef", "El Kef"], "MA-CAS-CASABLANCA": ["Casa", "Dar el Beida"],
    "MA-NAD-NADOR": ["Nadour"], "MA-BER-BERKANE": ["Berkan"],
}  # fmt: skip

# The demo generator's activities, by the English word it writes, as thesaurus concepts.
DEMO_ACTIVITY = {
    "weaving": "weaving", "pottery": "pottery", "carpet": "carpets", "couscous": "couscous",
    "beekeeping": "honey", "dates": "dates", "olive oil": "olive_oil",
    "aromatic herbs": "aromatic_herbs", "argan": "argan", "sewing": "sewing",
    "embroidery": "embroidery", "childcare": "childcare", "home care": "home_care",
    "recycling": "recycling", "composting": "composting", "small-scale fishing": "fishing",
    "community tourism": "community_tourism", "traditional pastry": "pastry",
    "natural soap": "soap", "dairy": "dairy", "solar energy": "solar_energy",
    "digital services": "digital", "training": "training",
    "local development": "local_development",
}  # fmt: skip

FIELDS = [
    "record_id",
    "entity",
    "name_ar",
    "name_fr",
    "name_en",
    "description",
    "legal_form",
    "activity",
    "place",
    "women_led",
]


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(rng: random.Random, word: str) -> str:
    """A slip of the keyboard: a letter doubled, dropped or two letters swapped."""
    letters = [i for i in range(1, len(word) - 1) if word[i].isalpha() and word[i - 1].isalpha()]
    if len(word) < 5 or not letters:
        return word
    i = rng.choice(letters)
    kind = rng.choice(["double", "drop", "swap"])
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def entity_records(rng, number, entity, kind):
    name_ar, spellings, form, activity, place, women = entity
    form_ar, forms_fr, form_en = LEGAL_FORMS[form]
    (act_ar, act_fr, act_en), _alt = ACTIVITIES[activity]
    shown = spellings[:-1] if kind == "entity" else spellings
    records = []

    def record(**names):
        records.append(
            {
                "record_id": f"{kind[0]}{number:03d}-{len(records) + 1}",
                "entity": f"{kind}-{number:03d}",
                "name_ar": "",
                "name_fr": "",
                "name_en": "",
                "description": "",
                "legal_form": form,
                "activity": activity,
                "place": place,
                "women_led": "true" if women else "false",
                **names,
            }
        )

    record(name_ar=f"{form_ar} {name_ar} {act_ar}" + (f" {WOMEN[0]}" if women else ""))
    fr = f"{rng.choice(forms_fr)} {shown[0]} {act_fr}" + (f" {WOMEN[1]}" if women else "")
    if rng.random() < 0.25:
        fr = strip_accents(fr).upper()
    record(name_fr=fr)
    women_en = f"{WOMEN[2]} " if women else ""
    record(name_en=f"{shown[-1]} {women_en}{act_en} {form_en}")
    if rng.random() < 0.4:  # a bilingual registry entry as well, its activity in a column
        record(
            name_ar=f"{form_ar} {name_ar}",
            name_fr=f"{forms_fr[0]} {rng.choice(shown)}",
            description="Activité : " + act_fr.removeprefix("de ").removeprefix("d'"),
        )
    return records


def distractor_records(rng):
    from tadamun.demo.generator import LEGAL_FORMS as DEMO_FORMS  # noqa: F401

    towns = [code for code in PLACES if code.count("-") >= 2]
    places = [(i, code[:2], 0.0, 0.0, 1) for i, code in enumerate(towns)]
    english = {en: sector for _ar, _fr, en, sector in DEMO_ACTIVITIES}
    records = []
    for n, item in enumerate(generate(DISTRACTORS, places, seed=SEED)):
        fields = item.fields
        activity = next(
            (
                DEMO_ACTIVITY[en]
                for en in sorted(english, key=len, reverse=True)
                if en in (fields["name_en"] or "") or en in _english_of(fields)
            ),
            "",
        )
        records.append(
            {
                "record_id": f"d{n:04d}",
                "entity": f"other-{n:04d}",
                "name_ar": fields["name_ar"],
                "name_fr": fields["name_fr"],
                "name_en": fields["name_en"],
                "description": fields["description_fr"],
                "legal_form": fields["legal_form_code"],
                "activity": activity,
                "place": towns[fields["place_id"]],
                "women_led": "true" if fields["women_led"] else "false",
            }
        )
    return records


def _english_of(fields) -> str:
    """The English activity of a generated actor, whichever languages it was written in."""
    for ar, fr, en, _sector in DEMO_ACTIVITIES:
        if (fields["name_ar"] and ar in fields["name_ar"]) or (
            fields["name_fr"] and fr in fields["name_fr"]
        ):
            return en
    return ""


def queries_for(rng, number, entity):
    name_ar, spellings, form, activity, place, _women = entity
    form_ar, forms_fr, form_en = LEGAL_FORMS[form]
    (_act_ar, _act_fr, act_en), (alt_ar, alt_fr, alt_en) = ACTIVITIES[activity]
    place_ar, place_fr, place_en = PLACES[place]
    spelling = rng.choice(spellings)
    if rng.random() < 0.2:
        spelling = typo(rng, spelling)
    ar = rng.choice(
        [
            name_ar,
            f"{form_ar} {name_ar}",
            f"{name_ar} {place_ar}",
            f"{form_ar} {name_ar} {alt_ar}",
        ]
    )
    fr = rng.choice(
        [
            spelling,
            f"{forms_fr[0]} {spelling}",
            f"{spelling} {place_fr}",
            f"{forms_fr[0].lower()} {spelling} {alt_fr}",
        ]
    )
    en = rng.choice(
        [
            f"{spelling} {alt_en}",
            f"{spelling} {form_en}",
            f"{spelling} {place_en}",
            f"{spelling} {act_en} {form_en}",
        ]
    )
    return [("ar", ar), ("fr", fr), ("en", en)]


def category_queries(rng, records):
    """Activities in a place, in each language, judged on the records' labels."""
    pairs = sorted(
        {
            (r["activity"], r["place"])
            for r in records
            if r["entity"].startswith("entity") and r["activity"] in ACTIVITIES
        }
    )
    queries = []
    for activity, place in rng.sample(pairs, 20):
        (act_ar, act_fr, act_en), (alt_ar, alt_fr, alt_en) = ACTIVITIES[activity]
        place_ar, place_fr, place_en = PLACES[place]
        variants = PLACE_VARIANTS.get(place, [])
        queries.append(("ar", f"{rng.choice([act_ar, alt_ar])} {place_ar}", activity, place))
        place_typed = rng.choice([place_fr, *variants])
        queries.append(("fr", f"{rng.choice([act_fr, alt_fr])} {place_typed}", activity, place))
        queries.append(("en", f"{rng.choice([act_en, alt_en])} {place_en}", activity, place))
    return queries


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--holdout", action="store_true")
    holdout = parser.parse_args().holdout
    if holdout:
        from holdout_entities import ENTITIES, NAMESAKES

        out = HERE.parent / "search_eval_holdout"
    else:
        from entities import ENTITIES, NAMESAKES

        out = HERE
    out.mkdir(exist_ok=True)
    rng = random.Random(SEED + holdout)
    records = []
    queries = []
    for number, entity in enumerate(ENTITIES, start=1):
        records += entity_records(rng, number, entity, "entity")
        for language, text in queries_for(rng, number, entity):
            queries.append(
                {"language": language, "query": text, "relevant": f"entity:entity-{number:03d}"}
            )
    for number, entity in enumerate(NAMESAKES, start=1):
        records += entity_records(rng, number, entity, "namesake")
    records += distractor_records(random.Random(SEED))
    for language, text, activity, place in category_queries(rng, records):
        queries.append(
            {"language": language, "query": text, "relevant": f"activity:{activity}@{place}"}
        )
    with (out / "records.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    with (out / "queries.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["language", "query", "relevant"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(queries)
    print(f"{len(records)} records, {len(queries)} queries")


if __name__ == "__main__":
    main()
