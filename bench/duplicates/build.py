"""Write the labelled duplicates sets: actors CSV files from three registries and the truth.

    .venv/bin/python bench/duplicates/build.py             # bench/duplicates/dev and /test
    .venv/bin/python bench/duplicates/build.py --set dev   # one of them
    .venv/bin/python bench/duplicates/build.py --entities 1000 --out /tmp/small

Each set is a population of SSE organisations of Morocco and Tunisia (entities), a third
of which appear more than once: once in each of two or three source files, as each source
writes them.

- `registry.csv` (source ids R…): a national registry; Arabic or French names in full,
  often in capitals, the territory as a province or governorate, local phone numbers.
- `partners.csv` (P…): a partner's sheet; French names with abbreviations (Coop., Asso.,
  GIE), typos, the town, international phone numbers, e-mails.
- `map.csv` (M…): a mapping survey; short names in Latin or Arabic letters, GPS points.

One entity's records differ as registries differ: the name in the other script (Arabic or
a Maghrebi transliteration) or another transliteration (ou/u, ch/sh, dh/d, el/al, a fused
or assimilated article), a typo, an abbreviated legal form, words dropped or moved, the
phone written otherwise or missing, or a second number; the e-mail in one record only or in
capitals, the coordinates a few hundred metres apart or missing, the territory as a town in
one and its province in another, or in Arabic, another legal form word, a missing sector.

Hard non-duplicates: common names are shared by many distinct entities ("Coopérative Al
Amal" for honey in Berkane and weaving in Le Kef), and on purpose some entities have the
name of another in the same province, with another activity, or with the same activity and
another douar. So that every pair can be told apart: wherever two entities of a province
share a legal form and a name (or its consonants: البشرى, البشير), every record of both
carries its phone, which differs; where they share the name only, no record of theirs
drops its legal form word or takes a neighbouring one (GIE for Coopérative).

Files (UTF-8, `,`): the actors format of docs/imports.md; `truth.csv` (`source_id,entity`);
`notes.csv`, for error analysis only (the script of each record's name, the name group of
its entity, its province, what was varied). The truth pairs are all pairs of records of one
entity.

Deterministic: the same seed, sizes and inputs give the same bytes (a digest is printed).
The dev set (seed 20260501) is for tuning; the test set (seed 20260502) is held out, and
about half of its entities (2,106 of 4,000) bear a name the dev set does not have, and
half of its douars: dev takes the organisations of bench/search_eval/entities.py, test
those of bench/search_eval/holdout_entities.py, and both the demo generator's common
names (Al Amal, Annour, Attadamoun…). The generated files are not kept in the
repository (bench/duplicates/.gitignore): run.py builds them when they are missing.
Places come from tadamun/places/data, so every territory is one the importer resolves;
phones are checked with `phonenumbers`, as the importer checks them.
"""

import argparse
import csv
import hashlib
import importlib.util
import math
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from tadamun.demo.generator import NAME_WORDS  # noqa: E402

COLUMNS = (
    "source_id", "name", "legal_form", "sector", "country", "territory", "address",
    "latitude", "longitude", "phone", "email", "website", "founded", "members_women",
    "members_men", "employees", "description",
)  # fmt: skip

SETS = {
    "dev": {"seed": 20260501, "entities": "search_eval/entities.py"},
    "test": {"seed": 20260502, "entities": "search_eval/holdout_entities.py"},
}
DUPLICATED_SHARE = 1 / 3  # entities with extra records
THREE_RECORDS_SHARE = 0.25  # of those, the ones in all three files
CLONE_SHARE = 0.10  # entities made on purpose as namesakes of another
CURRENT_YEAR = 2025


def _load(relative: str):
    path = HERE.parent / relative
    spec = importlib.util.spec_from_file_location(f"_bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- vocabulary -----------------------------------------------------------------------

# Legal forms: weight per country, Arabic and French name words (abbreviations included),
# English, and how the legal form column writes it (every one a spelling the importer knows).
FORMS = {
    "cooperative": {
        "weight": {"MA": 55, "TN": 20},
        "ar": ["تعاونية"],
        "fr": ["Coopérative", "Coopérative", "Cooperative", "Coop.", "Coop", "Sté Coopérative"],
        "en": "Cooperative",
        "column": ["cooperative", "Coopérative", "Coop.", "تعاونية", "coop"],
    },
    "association": {
        "weight": {"MA": 33, "TN": 36},
        "ar": ["جمعية"],
        "fr": ["Association", "Association", "Asso.", "Ass.", "Assoc."],
        "en": "Association",
        "column": ["association", "Association", "Asso", "ass.", "جمعية", "ONG"],
    },
    "gie": {
        "weight": {"MA": 4, "TN": 4},
        "ar": ["مجموعة ذات النفع الاقتصادي"],
        "fr": ["GIE", "G.I.E.", "Groupement d'intérêt économique"],
        "en": "Economic interest group",
        "column": ["gie", "GIE", "G.I.E.", "مجموعة ذات النفع الاقتصادي"],
    },
    "smsa": {
        "weight": {"TN": 12},
        "ar": ["شركة تعاونية للخدمات الفلاحية", "الشركة التعاونية للخدمات الفلاحية"],
        "fr": ["SMSA", "S.M.S.A.", "Société mutuelle de services agricoles"],
        "en": "Agricultural services mutual",
        "column": ["smsa", "SMSA", "S.M.S.A.", "شركة تعاونية للخدمات الفلاحية"],
    },
    "gda": {
        "weight": {"TN": 14},
        "ar": ["مجمع التنمية الفلاحية"],
        "fr": ["GDA", "G.D.A.", "Groupement de développement agricole"],
        "en": "Agricultural development group",
        "column": ["gda", "GDA", "G.D.A.", "مجمع التنمية الفلاحية"],
    },
    "social_enterprise": {
        "weight": {"MA": 4, "TN": 8},
        "ar": ["مقاولة اجتماعية", "مؤسسة اجتماعية"],
        "fr": ["Entreprise sociale"],
        "en": "Social enterprise",
        "column": ["social_enterprise", "Entreprise sociale", "مقاولة اجتماعية"],
    },
    "mutual": {
        "weight": {"MA": 1, "TN": 2},
        "ar": ["تعاضدية"],
        "fr": ["Mutuelle"],
        "en": "Mutual",
        "column": ["mutual", "Mutuelle", "تعاضدية"],
    },
    "network": {
        "weight": {"MA": 2, "TN": 3},
        "ar": ["شبكة"],
        "fr": ["Réseau"],
        "en": "Network",
        "column": ["network", "Réseau", "شبكة"],
    },
}
# A partner files an organisation under a neighbouring legal form now and then.
OTHER_FORM = {
    "cooperative": "gie", "gie": "cooperative", "association": "network",
    "network": "association", "smsa": "gda", "gda": "smsa",
    "social_enterprise": "association", "mutual": "association",
}  # fmt: skip

# The search evaluation's activities (Arabic with its clitic, French, English) and the
# sector each belongs to; associations also name a purpose.
SECTOR_OF = {
    "weaving": "handicrafts", "pottery": "handicrafts", "childcare": "care",
    "couscous": "agrifood", "home_care": "care", "honey": "agriculture",
    "recycling": "circular", "dates": "agrifood", "olive_oil": "agrifood",
    "embroidery": "textile", "training": "education", "sewing": "textile",
    "fishing": "fishing", "literacy": "education", "domestic_work": "care",
    "aromatic_herbs": "agrifood", "dairy": "agriculture", "pastry": "agrifood",
    "soap": "handicrafts", "digital": "digital", "solar_energy": "energy",
    "carpets": "handicrafts", "community_tourism": "tourism", "argan": "agrifood",
    "disability": "health", "catering": "services", "cosmetics": "handicrafts",
    "jewellery": "handicrafts", "water": "environment", "livestock": "agriculture",
    "woodwork": "handicrafts", "market_gardening": "agriculture",
}  # fmt: skip
PURPOSES = {
    "development": (("للتنمية", "pour le développement", "development"), "local_development"),
    "development_coop": (
        ("للتنمية والتعاون", "pour le développement et la coopération", "development"),
        "local_development",
    ),
    "environment": (
        ("لحماية البيئة", "pour la protection de l'environnement", "environment"),
        "environment",
    ),
    "childhood": (
        ("لحماية الطفولة", "pour la protection de l'enfance", "child protection"),
        "care",
    ),
    "women_support": (("لدعم المرأة", "d'appui aux femmes", "women's support"), "advocacy"),
    "culture": (("للثقافة والتراث", "culturelle et patrimoine", "culture and heritage"), "culture"),
}
# How each source writes a sector: the code, or its name in French or Arabic.
SECTOR_NAMES = {
    "handicrafts": ("Artisanat", "الصناعة التقليدية"),
    "care": ("Économie du soin", "اقتصاد الرعاية"),
    "agrifood": ("Agroalimentaire et produits du terroir", "الصناعات الغذائية"),
    "agriculture": ("Agriculture", "الفلاحة"),
    "circular": ("Économie circulaire", "الاقتصاد الدائري"),
    "textile": ("Textile et couture", "النسيج والخياطة"),
    "education": ("Éducation et formation", "التعليم والتكوين"),
    "fishing": ("Pêche artisanale", "الصيد البحري التقليدي"),
    "digital": ("Numérique", "الرقمنة"),
    "energy": ("Énergies renouvelables", "الطاقات المتجددة"),
    "tourism": ("Tourisme solidaire", "السياحة التضامنية"),
    "health": ("Santé et action sociale", "الصحة والعمل الاجتماعي"),
    "services": ("Services aux personnes et aux entreprises", "الخدمات"),
    "environment": ("Environnement", "البيئة"),
    "local_development": ("Développement local et accompagnement", "التنمية المحلية والمواكبة"),
    "advocacy": ("Plaidoyer et citoyenneté", "المناصرة والمواطنة"),
    "culture": ("Culture et création", "الثقافة والإبداع"),
}

WOMEN = ("النسائية", "féminine", "Women's")
YOUTH = ("الشبابية", "des jeunes", "Youth")

# Douars and villages (Arabic, Latin spellings): the first are in both sets, then one list
# for each set.
LOCALITIES_SHARED = {
    "MA": [
        ("أولاد علي", ["Ouled Ali", "Oulad Ali"]),
        ("آيت يوسف", ["Ait Youssef", "Aït Youssef"]),
        ("تاغزوت", ["Taghzout", "Tarhzout"]),
        ("سيدي بوعثمان", ["Sidi Bouathmane", "Sidi Bouatmane"]),
        ("أولاد تايمة", ["Ouled Teima", "Oulad Taima"]),
        ("تمصلوحت", ["Tamesloht", "Tamsloht"]),
    ],
    "TN": [
        ("الهوارية", ["El Haouaria", "Haouaria"]),
        ("بوحجلة", ["Bouhajla", "Bou Hajla"]),
        ("العيون", ["El Ayoun", "El Ayoune"]),
        ("سبيطلة", ["Sbeitla", "Sbitla"]),
    ],
}
LOCALITIES = {
    "dev": {
        "MA": [
            ("آيت عميرة", ["Ait Amira", "Aït Amira"]),
            ("إمليل", ["Imlil", "Imlile"]),
            ("تافراوت", ["Tafraout", "Tafraoute"]),
            ("أولاد فرج", ["Ouled Frej", "Oulad Fraj"]),
            ("بني بوعياش", ["Beni Bouayach", "Bni Bouayach"]),
            ("تالوين", ["Taliouine", "Taliwine"]),
            ("سيدي قاسم", ["Sidi Kacem", "Sidi Qacem"]),
            ("عين اللوح", ["Ain Leuh", "Ain Louh"]),
        ],
        "TN": [
            ("تبرسق", ["Teboursouk", "Tebersouk"]),
            ("منزل تميم", ["Menzel Temime", "Menzel Tmim"]),
            ("الحامة", ["El Hamma", "Hamma"]),
            ("تالة", ["Thala", "Tala"]),
        ],
    },
    "test": {
        "MA": [
            ("آيت بوكماز", ["Ait Bouguemez", "Aït Bougmez"]),
            ("تيديلي", ["Tidili", "Tideli"]),
            ("أكلموس", ["Aguelmous", "Aglmous"]),
            ("بومالن دادس", ["Boumalne Dades", "Boumaln Dadès"]),
            ("أولاد برحيل", ["Ouled Berhil", "Oulad Berhil"]),
            ("تمنار", ["Tamanar", "Tamanart"]),
            ("إيموزار كندر", ["Imouzzer Kandar", "Immouzer Kander"]),
            ("تارجيست", ["Targuist", "Targist"]),
        ],
        "TN": [
            ("الدهماني", ["Dahmani", "Ed Dahmani"]),
            ("فريانة", ["Feriana", "Fériana"]),
            ("قرمبالية", ["Grombalia", "Grombalya"]),
            ("تاجروين", ["Tajerouine", "Tajérouine"]),
        ],
    },
}  # fmt: skip
QUARTERS = [
    ("حي القدس", "Hay Al Qods"), ("الحي المحمدي", "Hay Mohammadi"), ("حي السلام", "Hay Salam"),
    ("حي النصر", "Cité Ennasr"), ("حي الأمل", "Hay Al Amal"), ("حي الرياض", "Hay Riad"),
    ("حي التضامن", "Cité Ettadhamen"), ("الحي الصناعي", "Quartier industriel"),
    ("حي الفتح", "Hay El Fath"), ("حي الزهور", "Cité Ezzouhour"),
]  # fmt: skip
MAIL_HOSTS = ["gmail.com", "gmail.com", "yahoo.fr", "hotmail.com", "outlook.com", "menara.ma"]
# Old or foreign names a registry would not write.
UNUSED_PLACE_VARIANTS = {
    "Sicca Veneria", "Villa Cisneros", "Mazagan", "Mogador", "Alhucemas", "Xauen",
    "Tittawin", "Tangia", "TTA", "Grand Tunis", "Cap Bon", "Djerid", "Jerid",
}  # fmt: skip


# --- places ---------------------------------------------------------------------------


@dataclass
class Place:
    code: str
    country: str
    kind: str
    name_fr: str
    name_ar: str
    variants: list[str]
    lat: float
    lon: float
    province: "Place | None" = None  # the division a town is in

    @property
    def division(self) -> "Place":
        return self.province or self


def load_places() -> tuple[list[tuple[Place, float]], dict[str, tuple[float, ...]]]:
    """Where entities are: each town, and each province or governorate with no town in the
    list (its centroid), weighted. Also each country's box."""
    data = ROOT / "tadamun" / "places" / "data"
    divisions: dict[str, Place] = {}
    with (data / "divisions.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            place = _place(row)
            if row["kind"] != "region":
                divisions[row["code"]] = place
    towns: list[Place] = []
    with (data / "towns.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] == "town" and row["parent"] in divisions:
                town = _place(row)
                town.province = divisions[row["parent"]]
                towns.append(town)
    with_town = {t.province.code for t in towns}
    spots = [(t, 3.0) for t in towns]
    spots += [(d, 1.0) for code, d in sorted(divisions.items()) if code not in with_town]
    boxes = {}
    with (data / "countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            boxes[row["code"]] = tuple(float(row[k]) for k in list(row)[1:5])
    return spots, boxes


def _place(row: dict) -> Place:
    variants = [
        v for v in row["variants"].split("|") if v and v not in UNUSED_PLACE_VARIANTS
    ]  # fmt: skip
    return Place(
        code=row["code"],
        country=row["code"][:2],
        kind=row["kind"],
        name_fr=row["name_fr"],
        name_ar=row["name_ar"],
        variants=variants,
        lat=float(row["latitude"]),
        lon=float(row["longitude"]),
    )


def short_division_name(place: Place) -> str:
    """Nador for «Province de Nador», Kef for «Gouvernorat du Kef»."""
    name = place.name_fr
    for prefix in ("Province d'", "Préfecture d'", "Province de ", "Préfecture de ",
                   "Gouvernorat de l'", "Gouvernorat de la ", "Gouvernorat de ",
                   "Gouvernorat du "):  # fmt: skip
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# --- names ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    arabic: str
    latin: tuple[str, ...]


def name_pool(which: str) -> tuple[list[Name], list[float]]:
    """Common names (the demo generator's), heavily shared, and the set's own."""
    names, weights = [], []
    for rank, (arabic, latin) in enumerate(NAME_WORDS):
        names.append(Name(arabic, tuple(latin)))
        weights.append(3.0 if rank < 10 else 1.5)
    module = _load(SETS[which]["entities"])
    for arabic, latin, *_rest in [*module.ENTITIES, *module.NAMESAKES]:
        names.append(Name(arabic, tuple(latin)))
        weights.append(1.0)
    return names, weights


_ARABIC_VOWELS = set("اأإآويىءؤئةع")


def skeleton(arabic: str) -> str:
    """Consonants of an Arabic name without its article: البشرى and البشير are one."""
    words = []
    for word in arabic.split():
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append("".join(c for c in word if c not in _ARABIC_VOWELS))
    return " ".join(words)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def typo(rng: random.Random, word: str) -> str:
    """A letter dropped, doubled, or swapped with the next, inside a word of 5+ letters."""
    spots = [i for i in range(1, len(word) - 1) if word[i].isalpha() and word[i + 1].isalpha()]
    if len(word) < 5 or not spots:
        return word
    i = rng.choice(spots)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[: i + 1] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


_SUN = ("t", "th", "d", "dh", "r", "z", "s", "sh", "ch", "n", "l")
_RESPELLINGS = [
    ("ou", "u"), ("u", "ou"), ("ch", "sh"), ("sh", "ch"), ("dh", "d"), ("th", "t"),
    ("k", "q"), ("q", "k"), ("ss", "s"), ("aa", "a"), ("ae", "a"), ("ie", "i"), ("ee", "i"),
]  # fmt: skip


def respell(rng: random.Random, latin: str) -> str:
    """Another Maghrebi transliteration of the same name: its article written otherwise
    (Al Amal, El Amal, Al-Amal, Alamal; Annour, En-Nour, Ennour) or a letter group
    (ou/u, ch/sh, dh/d, k/q, a doubled letter)."""
    words = latin.split()
    head = words[0]
    lower = head.lower()
    options = []
    if lower in ("al", "el") and len(words) > 1:
        rest = words[1]
        options += [
            " ".join(["El" if lower == "al" else "Al", *words[1:]]),
            " ".join([f"{head}-{rest}", *words[2:]]),
            " ".join([head + rest.lower(), *words[2:]]),
        ]
        if rest.lower().startswith(_SUN):  # the article takes the sun letter
            letter = rest[0].lower()
            options.append(" ".join([f"E{letter}-{rest}", *words[2:]]))
            options.append(" ".join([f"A{letter}{rest.lower()}", *words[2:]]))
    elif len(lower) > 4 and lower[0] in "ae" and lower[1] == lower[2] and lower[1] in "tdrzsnl":
        rest = head[2:]  # Annour → nour
        options += [
            ("E" if lower[0] == "a" else "A") + head[1:],
            f"{head[0].upper()}{head[1]}-{rest[0].upper()}{rest[1:]}",
            f"Al {rest[0].upper()}{rest[1:]}",
        ]
        options = [" ".join([o, *words[1:]]) for o in options]
    elif len(lower) > 5 and lower[:2] in ("al", "el") and lower[2] not in "aeiou":
        rest = head[2:]  # Alamal is fused, Elkhir too
        options.append(" ".join([f"{head[:2]} {rest[0].upper()}{rest[1:]}", *words[1:]]))
    body_changes = [(a, b) for a, b in _RESPELLINGS if a in latin.lower()[1:]]
    if body_changes and (not options or rng.random() < 0.4):
        a, b = rng.choice(body_changes)
        spots = [i for i in range(1, len(latin)) if latin.lower().startswith(a, i)]
        i = rng.choice(spots)
        changed = latin[:i] + b + latin[i + len(a) :]
        if latin[i].isupper():
            changed = latin[:i] + b.capitalize() + latin[i + len(a) :]
        options.append(changed)
    return rng.choice(options) if options else latin


def arabic_variant(rng: random.Random, text: str) -> str:
    """How Arabic names are keyed in: hamzas dropped, ة as ه, ى as ي."""
    kind = rng.choice(("hamza", "taa", "alif"))
    if kind == "hamza":
        return text.translate(str.maketrans("أإآ", "ااا"))
    if kind == "taa":
        return " ".join(w[:-1] + "ه" if w.endswith("ة") else w for w in text.split())
    return text.replace("ى", "ي")


# --- entities -------------------------------------------------------------------------


@dataclass
class Entity:
    key: str
    place: Place
    form: str
    core: Name
    activity: str | None  # key of the activities or of PURPOSES
    women: bool
    youth: bool
    locality: Name | None
    lat: float
    lon: float
    phones: list[str] = field(default_factory=list)  # national significant numbers
    email: str = ""
    website: str = ""
    founded: int = 2010
    members_women: int = 0
    members_men: int = 0
    employees: int = 0
    quarter: tuple[str, str] | None = None
    number: int = 0
    crowded: bool = False  # another entity of its province has its legal form and name
    namesakes: int = 0  # entities of its province with its name, whatever their form
    clone_of: str = ""

    @property
    def country(self) -> str:
        return self.place.country


class Generator:
    def __init__(self, which: str, seed: int, count: int):
        self.which = which
        self.rng = random.Random(seed)
        self.count = count
        self.spots, self.boxes = load_places()
        self.names, self.name_weights = name_pool(which)
        self.activities = _load("search_eval/entities.py").ACTIVITIES
        self.localities = {
            c: LOCALITIES_SHARED[c] + LOCALITIES[which][c] for c in ("MA", "TN")
        }  # fmt: skip
        self.used_phones: set[str] = set()
        self.used_emails: set[str] = set()

    # Entities

    def entities(self) -> list[Entity]:
        clones = round(self.count * CLONE_SHARE)
        made = [self.entity(n) for n in range(self.count - clones)]
        for n in range(self.count - clones, self.count):
            made.append(self.clone(n, self.rng.choice(made)))
        # Namesakes in a province (the same legal form and name, or its consonants) are
        # told apart by their phones: every record of theirs carries it.
        names, crowds = defaultdict(list), defaultdict(list)
        for entity in made:
            names[entity.place.division.code, skeleton(entity.core.arabic)].append(entity)
            crowds[entity.place.division.code, entity.form, skeleton(entity.core.arabic)].append(
                entity
            )
        for group in names.values():
            for entity in group:
                entity.namesakes = len(group) - 1
        for group in crowds.values():
            for entity in group:
                entity.crowded = len(group) > 1
                if entity.crowded:
                    if not entity.phones:
                        entity.phones.append(self.phone(entity.country))
                    del entity.phones[1:]  # one number each, told apart by it
        self.taken = set(crowds)
        return made

    def entity(self, n: int) -> Entity:
        rng = self.rng
        place = _weighted(rng, self.spots)
        if rng.random() < 0.15:  # Morocco's places outnumber Tunisia's: even them out
            place = _weighted(rng, [s for s in self.spots if s[0].country == "TN"])
        form = _weighted(
            rng, [(code, f["weight"][place.country]) for code, f in FORMS.items()
                  if place.country in f["weight"]]
        )  # fmt: skip
        entity = Entity(
            key=f"{self.which}-{n:05d}",
            place=place,
            form=form,
            core=rng.choices(self.names, weights=self.name_weights)[0],
            activity=self.pick_activity(form),
            women=rng.random() < (0.45 if form == "cooperative" else 0.2),
            youth=False,
            locality=None,
            lat=0.0,
            lon=0.0,
        )
        entity.youth = not entity.women and rng.random() < 0.08
        if rng.random() < 0.15:
            entity.locality = Name(*self._locality(place.country))
        self.locate(entity)
        self.contacts(entity)
        return entity

    def pick_activity(self, form: str) -> str | None:
        rng = self.rng
        if form in ("association", "network") and rng.random() < 0.5:
            return rng.choice(sorted(PURPOSES)) if rng.random() < 0.8 else None
        if form in ("gda", "smsa"):
            pool = ["dates", "olive_oil", "dairy", "livestock", "market_gardening", "water",
                    "honey", "fishing", "aromatic_herbs"]  # fmt: skip
            return rng.choice(pool) if rng.random() < 0.7 else None
        return rng.choice(sorted(self.activities)) if rng.random() < 0.9 else None

    def _locality(self, country: str) -> tuple[str, tuple[str, ...]]:
        arabic, latin = self.rng.choice(self.localities[country])
        return arabic, tuple(latin)

    def locate(self, entity: Entity) -> None:
        rng, place = self.rng, entity.place
        spread = 0.05 if place.kind == "town" else 0.15
        lat_min, lon_min, lat_max, lon_max = self.boxes[place.country]
        while True:
            lat = place.lat + rng.gauss(0, spread)
            lon = place.lon + rng.gauss(0, spread)
            if lat_min + 0.05 < lat < lat_max - 0.05 and lon_min + 0.05 < lon < lon_max - 0.05:
                break
        entity.lat, entity.lon = lat, lon

    def contacts(self, entity: Entity) -> None:
        rng = self.rng
        if rng.random() < 0.85:
            entity.phones.append(self.phone(entity.country))
            if rng.random() < 0.06:
                entity.phones.append(self.phone(entity.country))
        if rng.random() < 0.45:
            entity.email = self.email(entity)
        if rng.random() < 0.12:
            entity.website = self.website(entity)
        entity.founded = rng.randint(1990, CURRENT_YEAR - 1)
        members = rng.randint(7, 80)
        share = rng.uniform(0.7, 1.0) if entity.women else rng.uniform(0.0, 0.6)
        entity.members_women = round(members * share)
        entity.members_men = members - entity.members_women
        entity.employees = rng.choice([0, 0, 0, 1, 2, 3, 4, 6, 10])
        if rng.random() < 0.6:
            entity.quarter = rng.choice(QUARTERS)
        entity.number = rng.randint(1, 250)

    def clone(self, n: int, original: Entity) -> Entity:
        """Another organisation with the name of `original`: in the same province with
        another activity (or the same activity and another douar), or elsewhere."""
        rng = self.rng
        kind = _weighted(rng, [("activity", 4), ("douar", 2), ("elsewhere", 4)])
        place = original.place
        if kind == "elsewhere":
            place = _weighted(rng, [s for s in self.spots if s[0].code != place.code])
        elif rng.random() < 0.4:  # another town or the bare province
            same = [s for s in self.spots if s[0].division.code == place.division.code]
            place = _weighted(rng, same)
        form = original.form if original.form in _forms_of(place.country) else "association"
        activity = original.activity
        if kind == "activity":
            while activity == original.activity:
                activity = self.pick_activity(form)
        locality = original.locality
        if kind == "douar":
            locality = Name(*self._locality(place.country))
        entity = Entity(
            key=f"{self.which}-{n:05d}",
            place=place,
            form=form,
            core=original.core,
            activity=activity,
            women=original.women if rng.random() < 0.7 else not original.women,
            youth=False,
            locality=locality,
            lat=0.0,
            lon=0.0,
            clone_of=original.key,
        )
        self.locate(entity)
        self.contacts(entity)
        return entity

    def phone(self, country: str) -> str:
        rng = self.rng
        while True:
            if country == "MA":
                if rng.random() < 0.8:
                    national = rng.choice("67") + f"{rng.randrange(10**8):08d}"
                else:
                    national = "5" + rng.choice(["22", "23", "24", "28", "35", "36", "37", "39"])
                    national += f"{rng.randrange(10**6):06d}"
                code = "212"
            else:
                first = rng.choice("22455997")
                national = first + f"{rng.randrange(10**7):07d}"
                code = "216"
            number = phonenumbers.parse(f"+{code}{national}")
            if phonenumbers.is_valid_number(number) and national not in self.used_phones:
                self.used_phones.add(national)
                return national

    def slug(self, entity: Entity) -> str:
        latin = strip_accents(entity.core.latin[0]).lower()
        return "".join(c for c in latin if c.isalnum())

    def email(self, entity: Entity) -> str:
        rng = self.rng
        slug = self.slug(entity)
        form = {"cooperative": "coop", "association": "asso"}.get(entity.form, entity.form)
        town = strip_accents(short_division_name(entity.place)).lower().split()[0]
        town = "".join(c for c in town if c.isalpha())
        for _ in range(50):
            local = rng.choice([
                f"{form}.{slug}", f"{form}{slug}", f"{slug}.{town}", f"{form}.{slug}.{town}",
                f"{slug}{rng.randint(1, 99)}", f"{form}_{slug}_{rng.randint(1, 999)}",
            ])  # fmt: skip
            address = f"{local}@{rng.choice(MAIL_HOSTS)}"
            if address not in self.used_emails:
                self.used_emails.add(address)
                return address
        raise RuntimeError("no free e-mail address")

    def website(self, entity: Entity) -> str:
        rng = self.rng
        tld = {"MA": "ma", "TN": "tn"}[entity.country]
        town = "".join(c for c in strip_accents(short_division_name(entity.place)).lower()
                       if c.isalpha())  # fmt: skip
        return f"www.{self.slug(entity)}-{town}{rng.randint(1, 99)}.{rng.choice([tld, 'org'])}"


def _forms_of(country: str) -> list[str]:
    return [code for code, f in FORMS.items() if country in f["weight"]]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


# --- records --------------------------------------------------------------------------


@dataclass(frozen=True)
class Habits:
    """How one source writes its records: shares of rows with each field, and of names in
    Arabic, in English, and the variations of Latin names."""

    prefix: str
    arabic: float
    english: float
    legal_form: float
    sector: float
    address: float
    coordinates: float
    phone: float
    email: float
    website: float
    founded: float
    members: float
    employees: float
    description: float
    upper: float
    abbreviate: float
    respell: float
    typo: float
    drop_activity: float
    drop_form: float
    reorder: float
    territory: tuple  # (kind, weight) pairs
    phone_styles: tuple


FILES = {
    "registry": Habits(
        prefix="R", arabic=0.55, english=0.0, legal_form=0.97, sector=0.7, address=0.55,
        coordinates=0.08, phone=0.8, email=0.3, website=0.04, founded=0.92, members=0.85,
        employees=0.45, description=0.12, upper=0.35, abbreviate=0.05, respell=0.3,
        typo=0.08, drop_activity=0.1, drop_form=0.0, reorder=0.1,
        territory=(("town", 3), ("town_ar", 2), ("division", 4), ("division_ar", 3),
                   ("code", 1)),
        phone_styles=("local", "local_spaced", "local_pairs", "local_dashes"),
    ),
    "partners": Habits(
        prefix="P", arabic=0.15, english=0.06, legal_form=0.7, sector=0.8, address=0.4,
        coordinates=0.3, phone=0.7, email=0.6, website=0.12, founded=0.5, members=0.6,
        employees=0.3, description=0.3, upper=0.05, abbreviate=0.45, respell=0.6, typo=0.2,
        drop_activity=0.3, drop_form=0.03, reorder=0.25,
        territory=(("town", 6), ("variant", 2), ("town_ar", 1), ("division", 1)),
        phone_styles=("e164", "international", "international_dash", "digits", "double_zero",
                      "local_spaced"),
    ),
    "map": Habits(
        prefix="M", arabic=0.3, english=0.0, legal_form=0.5, sector=0.6, address=0.2,
        coordinates=0.95, phone=0.4, email=0.2, website=0.15, founded=0.2, members=0.3,
        employees=0.1, description=0.4, upper=0.0, abbreviate=0.35, respell=0.6, typo=0.15,
        drop_activity=0.45, drop_form=0.1, reorder=0.15,
        territory=(("town", 4), ("town_ar", 3), ("variant", 1), ("code", 1)),
        phone_styles=("local", "e164", "international", "digits"),
    ),
}  # fmt: skip


class Writer:
    """Renders an entity as one source's record."""

    def __init__(self, generator: Generator, rng: random.Random):
        self.g = generator
        self.rng = rng

    def record(self, entity: Entity, source: str) -> tuple[dict, dict]:
        rng, habits = self.rng, FILES[source]
        tags: list[str] = []
        script = "ar" if rng.random() < habits.arabic else "latin"
        if script == "latin" and rng.random() < habits.english:
            script = "en"
        form = entity.form
        other = OTHER_FORM[form]
        if (
            rng.random() < 0.03
            and other in _forms_of(entity.country)
            and not entity.crowded
            and (entity.place.division.code, other, skeleton(entity.core.arabic))
            not in self.g.taken
        ):
            form = other
            tags.append("other_form")
        name = self.name(entity, form, script, habits, tags)

        row = dict.fromkeys(COLUMNS, "")
        row.update(name=name, country=self.country(entity))
        if rng.random() < habits.legal_form:
            row["legal_form"] = rng.choice(FORMS[form]["column"])
        sectors = self.sectors(entity)
        if sectors and rng.random() < habits.sector:
            row["sector"] = "|".join(self.sector_word(s, script) for s in sectors)
        else:
            tags.append("no_sector")
        row["territory"], level = self.territory(entity, habits)
        tags.append(f"territory_{level}")
        if rng.random() < habits.address:
            row["address"] = self.address(entity, script)
        if rng.random() < habits.coordinates:
            distance = rng.uniform(0, 0.4) if source != "map" else rng.uniform(0, 0.05)
            lat, lon = _moved(entity.lat, entity.lon, distance, rng.uniform(0, 2 * math.pi))
            digits = rng.choice((4, 5, 6))
            row["latitude"], row["longitude"] = f"{lat:.{digits}f}", f"{lon:.{digits}f}"
        else:
            tags.append("no_coordinates")
        if entity.phones and (entity.crowded or rng.random() < habits.phone):
            number = entity.phones[0]
            if len(entity.phones) > 1 and rng.random() < 0.5:
                number = entity.phones[1]
                tags.append("second_phone")
            row["phone"] = self.phone(number, entity.country, rng.choice(habits.phone_styles))
        else:
            tags.append("no_phone")
        if entity.email and rng.random() < habits.email:
            email = entity.email
            if rng.random() < 0.2:
                email = email.upper() if rng.random() < 0.5 else email.capitalize()
                tags.append("email_case")
            row["email"] = email
        if entity.website and rng.random() < habits.website:
            row["website"] = entity.website if rng.random() < 0.6 else f"https://{entity.website}"
        if rng.random() < habits.founded:
            founded = entity.founded
            if rng.random() < 0.08:
                founded = min(CURRENT_YEAR - 1, founded + rng.choice((-1, 1)))
            row["founded"] = str(founded)
        if rng.random() < habits.members:
            women, men = entity.members_women, entity.members_men
            if rng.random() < 0.3:  # counted another year
                women, men = max(0, women + rng.randint(-3, 5)), max(0, men + rng.randint(-2, 3))
            row["members_women"], row["members_men"] = str(women), str(men)
        if rng.random() < habits.employees:
            row["employees"] = str(entity.employees)
        if rng.random() < habits.description:
            row["description"] = self.description(entity, script)
        note = {"script": script, "tags": ";".join(tags)}
        return row, note

    # The name

    def name(self, entity: Entity, form: str, script: str, habits: Habits, tags: list) -> str:
        rng = self.rng
        words = FORMS[form]
        activity = self.activity_words(entity)
        drop_activity = activity is not None and rng.random() < habits.drop_activity
        if drop_activity:
            tags.append("dropped_activity")
            activity = None
        women = entity.women and not rng.random() < 0.25
        if entity.women and not women:
            tags.append("dropped_women")
        locality = entity.locality if entity.locality and rng.random() < 0.7 else None
        if entity.locality and not locality:
            tags.append("dropped_douar")
        drop_form = not entity.namesakes and rng.random() < habits.drop_form
        if drop_form:
            tags.append("dropped_form")
        reorder = rng.random() < habits.reorder

        if script == "ar":
            core = entity.core.arabic
            if rng.random() < habits.typo / 3:
                changed = typo(rng, core)
                if changed != core:
                    core = changed
                    tags.append("typo")
            parts = [] if drop_form else [rng.choice(words["ar"])]
            women_word = YOUTH[0] if entity.youth else WOMEN[0] if women else ""
            if reorder and parts and women_word:  # التعاونية النسائية الأمل
                parts = ["ال" + parts[0] if not parts[0].startswith("ال") else parts[0]]
                parts.append(women_word)
                women_word = ""
                tags.append("reordered")
            parts.append(core)
            if activity:
                parts.append(activity[0])
            if women_word:
                parts.append(women_word)
            if locality:
                parts.append(("ب" if rng.random() < 0.5 else "- ") + locality.arabic)
            text = " ".join(parts).replace("- ب", "- ").replace(" - ", " - ")
            text = " ".join(p for p in text.split(" ") if p)
            if rng.random() < 0.3:
                text = arabic_variant(rng, text)
                tags.append("arabic_spelling")
            return text

        latin = self.latin_core(entity, habits, tags)
        if script == "en":
            parts = [latin]
            if entity.youth or women:
                parts.append(YOUTH[2] if entity.youth else WOMEN[2])
            if activity:
                parts.append(activity[2].title())
            if not drop_form:
                parts.append(words["en"])
            text = " ".join(parts)
            if locality:
                text += f" ({rng.choice(locality.latin)})"
            return text

        form_word = rng.choice(words["fr"])
        abbreviations = [w for w in words["fr"] if "." in w or w.isupper() or len(w) <= 4]
        if abbreviations and rng.random() < habits.abbreviate:
            form_word = rng.choice(abbreviations)
            tags.append("abbreviated")
        mark = YOUTH[1] if entity.youth else WOMEN[1] if women else ""
        act = activity[1] if activity else ""
        if drop_form:
            parts = [latin, act, mark]
        elif reorder and act:  # Coopérative de tissage Al Amal
            parts = [form_word, mark if mark == WOMEN[1] else "", act, latin,
                     mark if mark != WOMEN[1] else ""]  # fmt: skip
            tags.append("reordered")
        elif reorder:  # Al Amal (Coopérative)
            parts = [latin, mark, f"({form_word})"]
            tags.append("reordered")
        elif mark == WOMEN[1] and rng.random() < 0.5:  # Coopérative féminine Al Amal
            parts = [form_word, mark, latin, act]
        else:
            parts = [form_word, latin, act, mark]
        text = " ".join(p for p in parts if p)
        if locality:
            spelled = rng.choice(locality.latin)
            text += rng.choice([f" {spelled}", f" - {spelled}", f" de {spelled}"])
        if rng.random() < habits.upper:
            text = strip_accents(text).upper()
            tags.append("upper")
        elif rng.random() < 0.25:
            text = strip_accents(text)
        if not text[0].isupper():
            text = text[0].upper() + text[1:]
        return text

    def latin_core(self, entity: Entity, habits: Habits, tags: list) -> str:
        rng = self.rng
        spellings = entity.core.latin
        latin = (
            spellings[0] if habits.prefix == "R" and rng.random() < 0.6 else rng.choice(spellings)
        )
        if rng.random() < habits.respell:
            changed = respell(rng, latin)
            if changed != latin:
                latin = changed
                tags.append("respelled")
        if rng.random() < habits.typo:
            words = latin.split()
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            changed = typo(rng, words[longest])
            if changed != words[longest]:
                words[longest] = changed
                latin = " ".join(words)
                tags.append("typo")
        return latin

    def activity_words(self, entity: Entity) -> tuple[str, str, str] | None:
        if entity.activity is None:
            return None
        if entity.activity in PURPOSES:
            return PURPOSES[entity.activity][0]
        return self.g.activities[entity.activity][0]

    def sectors(self, entity: Entity) -> list[str]:
        if entity.activity in PURPOSES:
            return [PURPOSES[entity.activity][1]]
        if entity.activity:
            return [SECTOR_OF[entity.activity]]
        return ["local_development"] if entity.form in ("association", "network") else []

    def sector_word(self, code: str, script: str) -> str:
        french, arabic = SECTOR_NAMES[code]
        choice = self.rng.random()
        if script == "ar" and choice < 0.6:
            return arabic
        return code if choice < 0.5 else french

    def country(self, entity: Entity) -> str:
        names = {
            "MA": ["MA", "MA", "MA", "Maroc", "المغرب"],
            "TN": ["TN", "TN", "TN", "Tunisie", "تونس"],
        }
        return self.rng.choice(names[entity.country])

    def territory(self, entity: Entity, habits: Habits) -> tuple[str, str]:
        rng, place = self.rng, entity.place
        division = place.division
        kind = _weighted(rng, habits.territory)
        if place.kind != "town" and kind in ("town", "town_ar", "variant"):
            kind = {"town": "division_short", "town_ar": "division_ar", "variant": "division"}[kind]
        if kind == "town":
            return place.name_fr, "town"
        if kind == "town_ar":
            return place.name_ar, "town_ar"
        if kind == "variant":
            others = [v for v in place.variants if v != place.name_fr and not _is_arabic(v)]
            return (rng.choice(others) if others else place.name_fr), "town"
        if kind == "division":
            latin = [division.name_fr] + [v for v in division.variants if not _is_arabic(v)]
            return rng.choice(latin[:2]), "division"
        if kind == "division_short":
            return short_division_name(division), "division"
        if kind == "division_ar":
            return division.name_ar, "division_ar"
        return division.code, "code"

    def phone(self, national: str, country: str, style: str) -> str:
        code = {"MA": "212", "TN": "216"}[country]
        local = ("0" + national) if country == "MA" else national
        if style == "local":
            return local
        if style == "local_spaced":
            if country == "MA":
                return f"{local[:4]} {local[4:6]} {local[6:8]} {local[8:]}"
            return f"{local[:2]} {local[2:5]} {local[5:]}"
        if style == "local_pairs":
            if country == "MA":
                return " ".join(local[i : i + 2] for i in range(0, 10, 2))
            return f"{local[:2]}.{local[2:5]}.{local[5:]}"
        if style == "local_dashes":
            if country == "MA":
                return "-".join(local[i : i + 2] for i in range(0, 10, 2))
            return f"{local[:2]}-{local[2:5]}-{local[5:]}"
        if style == "e164":
            return f"+{code}{national}"
        if style == "international":
            if country == "MA":
                pairs = " ".join(national[i : i + 2] for i in range(1, 9, 2))
                return f"+{code} {national[0]} {pairs}"
            return f"+{code} {national[:2]} {national[2:5]} {national[5:]}"
        if style == "international_dash":
            return f"+{code} {national[:3]}-{national[3:]}"
        if style == "digits":
            return f"{code}{national}"
        return f"00{code} {national}"  # double_zero

    def address(self, entity: Entity, script: str) -> str:
        rng = self.rng
        town = (
            entity.place.name_fr
            if entity.place.kind == "town"
            else short_division_name(entity.place)
        )
        town_ar = entity.place.name_ar
        if entity.locality and (entity.quarter is None or rng.random() < 0.5):
            if script == "ar":
                return f"دوار {entity.locality.arabic}"
            return f"Douar {rng.choice(entity.locality.latin)}, {town}"
        if entity.quarter:
            arabic, latin = entity.quarter
            if script == "ar":
                return f"{arabic} رقم {entity.number}، {town_ar}"
            return rng.choice(
                [f"{latin} n° {entity.number}, {town}", f"N° {entity.number} {latin} {town}",
                 f"{latin}, {town}"]
            )  # fmt: skip
        if script == "ar":
            return f"ص.ب {entity.number} {town_ar}"
        return f"BP {entity.number}, {town}"

    def description(self, entity: Entity, script: str) -> str:
        activity = self.activity_words(entity)
        if script == "ar":
            return (
                f"النشاط: {activity[0].removeprefix('لل').removeprefix('ل')}"
                if activity
                else ("أنشطة اجتماعية وتضامنية")
            )
        if activity:
            return "Activité : " + activity[1].removeprefix("de ").removeprefix("d'").removeprefix(
                "pour "
            )
        return "Activités sociales et solidaires"


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _moved(lat: float, lon: float, km: float, bearing: float) -> tuple[float, float]:
    dlat = km / 111.2 * math.cos(bearing)
    dlon = km / (111.2 * math.cos(math.radians(lat))) * math.sin(bearing)
    return lat + dlat, lon + dlon


# --- the set --------------------------------------------------------------------------


def build(which: str, out: Path, count: int, seed: int) -> dict:
    generator = Generator(which, seed, count)
    entities = generator.entities()
    rng = random.Random(seed + 1)
    writer = Writer(generator, rng)
    sources = list(FILES)
    rows: dict[str, list[tuple[dict, dict]]] = {s: [] for s in sources}
    duplicated = set(rng.sample(range(len(entities)), round(len(entities) * DUPLICATED_SHARE)))
    for index, entity in enumerate(entities):
        if index in duplicated:
            k = 3 if rng.random() < THREE_RECORDS_SHARE else 2
            chosen = rng.sample(sources, k)
        else:
            chosen = [_weighted(rng, [("registry", 5), ("partners", 3), ("map", 2)])]
        for source in chosen:
            row, note = writer.record(entity, source)
            note.update(entity=entity.key, source=source)
            rows[source].append((row, note))

    out.mkdir(parents=True, exist_ok=True)
    truth, notes = [], []
    by_key = {e.key: e for e in entities}
    for source in sources:
        rng.shuffle(rows[source])
        with (out / f"{source}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COLUMNS)
            for number, (row, note) in enumerate(rows[source], start=1):
                row["source_id"] = f"{FILES[source].prefix}{number:05d}"
                w.writerow([row[c] for c in COLUMNS])
                entity = by_key[note["entity"]]
                truth.append((row["source_id"], entity.key))
                notes.append(
                    (row["source_id"], entity.key, source, note["script"],
                     f"{entity.country}:{skeleton(entity.core.arabic)}",
                     entity.place.division.code, "yes" if entity.crowded else "",
                     entity.clone_of, note["tags"])
                )  # fmt: skip
    with (out / "truth.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source_id", "entity"])
        w.writerows(truth)
    with (out / "notes.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["source_id", "entity", "source", "script", "name_group", "province",
                    "crowded", "clone_of", "variations"])  # fmt: skip
        w.writerows(notes)
    return statistics(entities, notes)


def statistics(entities: list[Entity], notes: list[tuple]) -> dict:
    records_of = defaultdict(list)
    for note in notes:
        records_of[note[1]].append(note)
    pairs = cross = 0
    for records in records_of.values():
        for i in range(len(records)):
            for j in range(i + 1, len(records)):
                pairs += 1
                cross += (records[i][3] == "ar") != (records[j][3] == "ar")
    same_name = Counter((e.country, e.form, e.core.arabic) for e in entities)
    same_province = Counter((e.place.division.code, e.core.arabic) for e in entities)
    same_full = Counter(
        (e.place.division.code, e.form, e.core.arabic, e.activity) for e in entities
    )
    namesake_pairs = 0
    by_group = defaultdict(list)
    for note in notes:
        by_group[note[4]].append(note[1])
    for members in by_group.values():
        sizes = Counter(members)
        n = len(members)
        namesake_pairs += (n * (n - 1) - sum(s * (s - 1) for s in sizes.values())) // 2
    return {
        "records": len(notes),
        "entities": len(entities),
        "entities with duplicates": len([r for r in records_of.values() if len(r) > 1]),
        "duplicate pairs (truth)": pairs,
        "of which Arabic against Latin": cross,
        "hard-negative groups: same name and legal form, one country (entities)": _groups(
            same_name
        ),
        "of which same name in one province (entities)": _groups(same_province),
        "of which same legal form, name and activity in one province (entities)": _groups(
            same_full
        ),
        "entities made as namesakes of another": sum(1 for e in entities if e.clone_of),
        "entities whose records all carry their phone (namesakes in a province)": sum(
            1 for e in entities if e.crowded
        ),
        "record pairs of distinct entities sharing a name's consonants": namesake_pairs,
    }


def _groups(counter: Counter) -> str:
    groups = [n for n in counter.values() if n > 1]
    return f"{len(groups):,} ({sum(groups):,})"


def digest(out: Path) -> str:
    sha = hashlib.sha256()
    for name in ("registry.csv", "partners.csv", "map.csv", "truth.csv"):
        sha.update((out / name).read_bytes())
    return sha.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", dest="sets")
    parser.add_argument("--entities", type=int, default=4000)
    parser.add_argument(
        "--out", type=Path, help="folder for one set (default: bench/duplicates/SET)"
    )
    args = parser.parse_args()
    sets = args.sets or sorted(SETS)
    for which in sets:
        out = args.out if args.out and len(sets) == 1 else HERE / which
        stats = build(which, out, args.entities, SETS[which]["seed"])
        print(f"{which}: {out} (digest {digest(out)})")
        for label, value in stats.items():
            print(f"  {label}: {value:,}" if isinstance(value, int) else f"  {label}: {value}")


if __name__ == "__main__":
    main()
