"""A generated, realistic population of SSE actors across Morocco and Tunisia.

Names follow the habits of the registries: an Arabic name such as «تعاونية الأمل للنسيج»
with its French («Coopérative Al Amal de tissage») and English («Al Amal weaving
cooperative») forms, written in one, two or all three languages, with the Latin spellings
that the same Arabic word gets in Morocco and Tunisia. Deterministic for a given seed.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

# (Arabic, [Latin spellings]) of the words that name SSE organisations.
NAME_WORDS = [
    ("الأمل", ["Al Amal", "El Amal", "Alamal"]),
    ("النور", ["Annour", "En-Nour", "Al Nour"]),
    ("الخير", ["Al Khair", "El Kheir", "Elkhir"]),
    ("التضامن", ["Attadamoun", "Ettadhamen", "At-Tadamun"]),
    ("الوفاء", ["Al Wafae", "El Wafa", "Al Wafaa"]),
    ("الفتح", ["Al Fath", "El Fath"]),
    ("البركة", ["Al Baraka", "El Baraka", "Elbaraka"]),
    ("السلام", ["Assalam", "Es-Salem", "Al Salam"]),
    ("الزهراء", ["Azzahra", "Ez-Zahra", "Al Zahraa"]),
    ("تويزة", ["Touiza", "Tiwizi", "Twiza"]),
    ("الإخلاص", ["Al Ikhlas", "El Ikhlass"]),
    ("النجاح", ["Annajah", "En-Najah", "Al Najah"]),
    ("الفلاح", ["Al Falah", "El Fellah"]),
    ("الغد", ["Al Ghad", "El Ghad"]),
    ("الياسمين", ["Yasmine", "Al Yasmine", "El Yasmin"]),
    ("الزيتونة", ["Zitouna", "Ez-Zitouna", "Al Zaytouna"]),
    ("الواحة", ["Al Waha", "El Ouaha", "Elwaha"]),
    ("الرحمة", ["Arrahma", "Er-Rahma", "Al Rahma"]),
    ("الوحدة", ["Al Wahda", "El Ouahda"]),
    ("الصفاء", ["Assafa", "Es-Safa"]),
    ("الهدى", ["Al Houda", "El Houda"]),
    ("الريف", ["Arrif", "Er-Rif", "Al Rif"]),
    ("الأطلس", ["Al Atlas", "El Atlas"]),
    ("الجبل", ["Al Jabal", "El Jebel"]),
    ("المستقبل", ["Al Moustakbal", "El Mostakbel"]),
    ("الشروق", ["Achourouk", "Ech-Chourouk"]),
    ("الكرامة", ["Al Karama", "El Karama"]),
    ("الإبداع", ["Al Ibdaa", "El Ibdaa"]),
    ("النخلة", ["Annakhla", "En-Nakhla"]),
    ("الربيع", ["Arrabii", "Er-Rabie"]),
    ("تيفاوين", ["Tifawin", "Tifaouine"]),
    ("أمازيغ", ["Amazigh", "Imazighen"]),
    ("تانوكرا", ["Tanoukra"]),
    ("إيمان", ["Imane", "Iman"]),
    ("سنابل", ["Sanabel", "Snabel"]),
]

# (Arabic, French, English, sector code) of activities, with the Arabic in the form that
# follows the legal form («تعاونية … للنسيج»).
ACTIVITIES = [
    ("للنسيج", "de tissage", "weaving", "handicrafts"),
    ("للفخار", "de poterie", "pottery", "handicrafts"),
    ("للزرابي", "de tapis", "carpet", "handicrafts"),
    ("للكسكس", "de couscous", "couscous", "agrifood"),
    ("لتربية النحل", "apicole", "beekeeping", "agriculture"),
    ("للتمور", "de dattes", "dates", "agrifood"),
    ("لزيت الزيتون", "d'huile d'olive", "olive oil", "agrifood"),
    ("للأعشاب العطرية", "de plantes aromatiques", "aromatic herbs", "agrifood"),
    ("للأركان", "d'argan", "argan", "agrifood"),
    ("للخياطة", "de couture", "sewing", "textile"),
    ("للطرز", "de broderie", "embroidery", "textile"),
    ("لرعاية الأطفال", "de garde d'enfants", "childcare", "care"),
    ("للمساعدة المنزلية", "d'aide à domicile", "home care", "care"),
    ("لإعادة التدوير", "de recyclage", "recycling", "circular"),
    ("للسماد العضوي", "de compostage", "composting", "circular"),
    ("للصيد التقليدي", "de pêche artisanale", "small-scale fishing", "fishing"),
    ("للسياحة التضامنية", "de tourisme solidaire", "community tourism", "tourism"),
    ("للحلويات التقليدية", "de pâtisserie traditionnelle", "traditional pastry", "agrifood"),
    ("للصابون الطبيعي", "de savon naturel", "natural soap", "handicrafts"),
    ("للحليب ومشتقاته", "laitière", "dairy", "agriculture"),
    ("للطاقة الشمسية", "d'énergie solaire", "solar energy", "energy"),
    ("للخدمات الرقمية", "de services numériques", "digital services", "digital"),
    ("للتكوين", "de formation", "training", "education"),
    ("للتنمية المحلية", "de développement local", "local development", "local_development"),
]

# legal form code -> (weight, Arabic, French, English, which countries)
LEGAL_FORMS = {
    "cooperative": (52, "تعاونية", "Coopérative", "cooperative", "MA TN"),
    "association": (30, "جمعية", "Association", "association", "MA TN"),
    "gie": (3, "مجموعة", "GIE", "economic interest group", "MA TN"),
    "smsa": (4, "الشركة التعاونية للخدمات الفلاحية", "SMSA", "agricultural services mutual", "TN"),
    "gda": (4, "مجمع التنمية الفلاحية", "GDA", "agricultural development group", "TN"),
    "mutual": (1, "تعاضدية", "Mutuelle", "mutual", "MA TN"),
    "social_enterprise": (4, "مقاولة اجتماعية", "Entreprise sociale", "social enterprise", "MA TN"),
    "shared_enterprise": (1, "مقاولة مشتركة", "Entreprise partagée", "shared enterprise", "MA TN"),
    "network": (1, "شبكة", "Réseau", "network", "MA TN"),
}

WOMEN_MARK = ("النسائية", "féminine", "women's")
YOUTH_MARK = ("الشبابية", "des jeunes", "youth")

STATUS_WEIGHTS = [("active", 80), ("project", 7), ("dormant", 9), ("closed", 4)]


@dataclass
class GeneratedActor:
    fields: dict
    sector_codes: list[str] = field(default_factory=list)


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _phone(rng: random.Random, country: str) -> str:
    if country == "MA":
        return f"+2126{rng.randrange(10_000_000, 99_999_999)}"
    return f"+216{rng.choice('2459')}{rng.randrange(1_000_000, 9_999_999)}"


def generate(
    count: int, places: list, seed: int = 2026, current_year: int = 2026
) -> Iterator[GeneratedActor]:
    """`count` actors spread over `places` (towns and divisions with a centroid).

    `places` holds (place id, country code, latitude, longitude, weight) tuples.
    """
    rng = random.Random(seed)
    place_choices = [(p[:4], p[4]) for p in places]
    for _ in range(count):
        place_id, country, lat, lon = _weighted(rng, place_choices)
        forms = [(code, spec[0]) for code, spec in LEGAL_FORMS.items() if country in spec[4]]
        form = _weighted(rng, forms)
        _w, form_ar, form_fr, form_en, _c = LEGAL_FORMS[form]
        word_ar, latin = rng.choice(NAME_WORDS)
        word_latin = rng.choice(latin)
        act_ar, act_fr, act_en, sector = rng.choice(ACTIVITIES)
        women = rng.random() < 0.28
        youth = not women and rng.random() < 0.12

        name_ar = f"{form_ar} {word_ar} {act_ar}"
        name_fr = f"{form_fr} {word_latin} {act_fr}"
        name_en = f"{word_latin} {act_en} {form_en}"
        if women:
            name_ar += f" {WOMEN_MARK[0]}"
            name_fr += f" {WOMEN_MARK[1]}"
            name_en = f"{word_latin} {WOMEN_MARK[2]} {act_en} {form_en}"
        elif youth:
            name_ar += f" {YOUTH_MARK[0]}"
            name_fr += f" {YOUTH_MARK[1]}"
            name_en = f"{word_latin} {YOUTH_MARK[2]} {act_en} {form_en}"
        # Registries rarely hold all three: most have Arabic and French, some one only.
        languages = _weighted(
            rng, [("ar fr", 45), ("ar fr en", 20), ("ar", 15), ("fr", 12), ("fr en", 5), ("en", 3)]
        )
        members = rng.randint(5, 60) if form != "network" else rng.randint(10, 80)
        women_share = rng.uniform(0.6, 1.0) if women else rng.uniform(0.0, 0.6)
        members_women = round(members * women_share)
        sectors = [sector]
        if rng.random() < 0.25:
            sectors.append(rng.choice(ACTIVITIES)[3])
        if women and sector != "care" and rng.random() < 0.1:
            sectors.append("care")
        yield GeneratedActor(
            fields={
                "name_ar": name_ar if "ar" in languages else "",
                "name_fr": name_fr[0].upper() + name_fr[1:] if "fr" in languages else "",
                "name_en": name_en[0].upper() + name_en[1:] if "en" in languages else "",
                "legal_form_code": form,
                "status": _weighted(rng, STATUS_WEIGHTS),
                "country_id": country,
                "place_id": place_id,
                "latitude": round(lat + rng.gauss(0, 0.08), 5),
                "longitude": round(lon + rng.gauss(0, 0.08), 5),
                "phone": _phone(rng, country) if rng.random() < 0.6 else "",
                "founded": rng.randint(1985, current_year),
                "members_women": members_women,
                "members_men": members - members_women,
                "employees": rng.randint(0, 12),
                "women_led": women,
                "youth_led": youth,
                "description_fr": f"{form_fr} {word_latin} : {act_fr.removeprefix('de ')}."
                if rng.random() < 0.3
                else "",
            },
            sector_codes=list(dict.fromkeys(sectors)),
        )
