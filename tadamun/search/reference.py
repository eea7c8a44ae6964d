"""Loading the thesaurus shipped in `data/thesaurus.csv` (idempotent; used by a migration
with historical models and by `tadamun search --load-thesaurus`)."""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "thesaurus.csv"


def load_thesaurus(Concept, Sector) -> int:
    sectors = {s.code: s for s in Sector.objects.all()}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        Concept.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "sector": sectors.get(row["sector"]),
                "terms_ar": row["ar"],
                "terms_fr": row["fr"],
                "terms_en": row["en"],
            },
        )
    return len(rows)
