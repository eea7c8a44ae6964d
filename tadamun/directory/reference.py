"""Loading the trilingual vocabularies shipped in `data/` (legal forms, sectors).

Called with historical models by the data migration and with current ones by
`tadamun vocabularies load`; idempotent.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

VOCABULARY_FILES = {"legal_forms.csv": "LegalForm", "sectors.csv": "Sector"}


def read_vocabulary(file_name: str) -> list[dict[str, str]]:
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_vocabularies(models_by_name) -> dict[str, int]:
    counts = {}
    for file_name, model_name in VOCABULARY_FILES.items():
        model = models_by_name[model_name]
        rows = read_vocabulary(file_name)
        for position, row in enumerate(rows):
            model.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_ar": row["name_ar"],
                    "name_fr": row["name_fr"],
                    "name_en": row["name_en"],
                    "synonyms": row["synonyms"],
                    "essglobal": row["essglobal"],
                    "position": position,
                },
            )
        counts[model_name] = len(rows)
    return counts
