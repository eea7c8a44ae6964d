"""The columns of the actors format, and the headers registries write them under."""

from tadamun.search.text import fold

COLUMNS = (
    "source_id",
    "name",
    "legal_form",
    "sector",
    "country",
    "territory",
    "address",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "founded",
    "members_women",
    "members_men",
    "employees",
    "description",
)
# Optional, beyond the format: a name per language, when a registry has them.
EXTRA_COLUMNS = ("name_ar", "name_fr", "name_en")
REQUIRED = ("source_id", "name", "country")

# Headers seen in French, Arabic and English registries, folded (see search.text.fold).
ALIASES = {
    "source_id": ["id", "identifiant", "numero", "n°", "ref", "reference", "المعرف", "الرقم"],
    "name": ["nom", "denomination", "raison sociale", "الاسم", "التسمية", "اسم"],
    "legal_form": ["forme juridique", "statut juridique", "type", "الشكل القانوني", "الصفة"],
    "sector": ["secteur", "secteur d'activite", "activite", "القطاع", "النشاط"],
    "country": ["pays", "البلد", "الدولة"],
    "territory": [
        "territoire", "region", "province", "gouvernorat", "prefecture", "ville", "commune",
        "المنطقة", "الجهة", "الإقليم", "الولاية", "المدينة",
    ],
    "address": ["adresse", "العنوان"],
    "latitude": ["lat", "خط العرض"],
    "longitude": ["lon", "lng", "long", "خط الطول"],
    "phone": ["telephone", "tel", "gsm", "mobile", "الهاتف"],
    "email": ["e-mail", "mail", "courriel", "البريد الإلكتروني", "البريد"],
    "website": ["site", "site web", "site internet", "web", "الموقع"],
    "founded": ["annee de creation", "date de creation", "creation", "سنة التأسيس"],
    "members_women": ["femmes", "adherentes", "membres femmes", "عدد النساء", "العضوات"],
    "members_men": ["hommes", "adherents hommes", "membres hommes", "عدد الرجال"],
    "employees": ["salaries", "employes", "emplois", "عدد الأجراء", "الأجراء"],
    "description": ["description", "objet", "activites", "الوصف", "الأهداف"],
}  # fmt: skip

_KNOWN = {fold(name): name for name in (*COLUMNS, *EXTRA_COLUMNS)}
for column, aliases in ALIASES.items():
    for alias in aliases:
        _KNOWN.setdefault(fold(alias), column)


def map_headers(headers: list[str], mapping: dict[str, str] | None = None) -> dict[int, str]:
    """Which column of the format each header of a file is ({position: column}); headers
    it does not know are left out, and a column goes to the first header that names it.

    `mapping` names columns for headers by hand ({header: column}): they come before the
    headers it knows by itself, and an empty column leaves a header out even if it knows
    it (a file with both "Région" and "Province" can take its territory from the second)."""
    mapping = {fold(k): v for k, v in (mapping or {}).items()}
    found: dict[int, str] = {}
    taken: set[str] = set()
    for by_hand in (True, False):
        for position, header in enumerate(headers):
            key = fold(header)
            if position in found or (key in mapping) != by_hand:
                continue
            if by_hand:
                column = mapping[key]
            else:
                column = _KNOWN.get(key) or _KNOWN.get(key.replace("_", " "))
            if column and column not in taken:
                found[position] = column
                taken.add(column)
    return dict(sorted(found.items()))
