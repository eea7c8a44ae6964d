"""A generated registry file in the actors format, as registries send them: the rows of
`bench/import_speed.py`.

    .venv/bin/python bench/import_registry.py OUT.csv --rows 1000000 [--encoding cp1256]

Deterministic for a number of rows. Names from the demo generator (half of the rows in
Arabic letters, the others in French, some in English), legal forms, sectors and places
written as registries write them (codes, French or Arabic names, `Nador`, `الناظور`,
`MA-NAD`), phones in international, national and spaced writings, some e-mails and
websites, coordinates with a decimal point or a comma, and about 2 % of bad rows (no
name, an unknown country or place, coordinates outside the country, a year in the future,
a number that is not one, an e-mail without its @, a repeated source id). `;`-separated
UTF-8, or `--encoding cp1256` (Windows Arabic: the same rows, the few letters it cannot
write without their accent, É as E) or `utf-8-sig` (with BOM, `,`-separated).
"""

import argparse
import codecs
import csv
import os
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tadamun.config.settings")


def _rows(count: int):
    from tadamun.demo.generator import generate
    from tadamun.demo.services import _generation_places
    from tadamun.directory.models import LegalForm, Sector
    from tadamun.places.selectors import place_index

    index = place_index()
    forms = {f.code: f for f in LegalForm.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    rng = random.Random(count)
    for n, actor in enumerate(generate(count, _generation_places(), seed=5)):
        f = actor.fields
        place = index.by_id[f["place_id"]]
        arabic = n % 2 == 1
        name = ((f["name_ar"] if arabic else f["name_fr"]) or f["name_fr"] or f["name_ar"]) or f[
            "name_en"
        ]
        form = forms[f["legal_form_code"]]
        form_text = rng.choice([form.code, form.name_fr, form.name_ar])
        sector_text = "|".join(
            rng.choice([code, sectors[code].name_fr]) for code in actor.sector_codes
        )
        territory = rng.choice(
            [place.name_fr, place.name_ar or place.name_fr, place.code, place.name_fr.upper()]
        )
        latitude, longitude = str(f["latitude"]), str(f["longitude"])
        if rng.random() < 0.3:
            latitude, longitude = latitude.replace(".", ","), longitude.replace(".", ",")
        phone = f["phone"]
        if phone and rng.random() < 0.5:  # the national writing, spaced by pairs
            national = "0" + phone[4:] if phone.startswith("+212") else phone[4:]
            phone = " ".join(national[i : i + 2] for i in range(0, len(national), 2))
        elif phone and rng.random() < 0.2:
            phone = "00" + phone[1:]
        email = f"contact{n}@example.org" if rng.random() < 0.2 else ""
        website = f"www.actor{n}.example.org" if rng.random() < 0.05 else ""
        description = f.get("description_fr", "")
        if arabic and f["name_ar"] and rng.random() < 0.3:
            description = f"{f['name_ar']}: {place.name_ar or place.name_fr}"
        cells = [
            f"R{n}", name, form_text, sector_text, f["country_id"], territory,
            f"{rng.randint(1, 200)} rue {rng.randint(1, 90)}" if rng.random() < 0.3 else "",
            latitude, longitude, phone, email, website, f.get("founded") or "",
            f.get("members_women") or "", f.get("members_men") or "", f.get("employees") or "",
            description,
        ]  # fmt: skip
        bad = rng.random()
        if bad < 0.02:  # the mistakes registries make, one a bad row
            which = n % 8
            if which == 0:
                cells[1] = ""
            elif which == 1:
                cells[4] = "Atlantide"
            elif which == 2:
                cells[5] = "Ville inconnue"
            elif which == 3:
                cells[7], cells[8] = "48.85", "2.35"
            elif which == 4:
                cells[12] = "2999"
            elif which == 5:
                cells[13] = "beaucoup"
            elif which == 6:
                cells[10] = "contact-sans-arobase.example.org"
            else:
                cells[0] = f"R{n - 1}"
        yield cells


def _unaccented(error: UnicodeEncodeError) -> tuple[str, int]:
    """What a registry kept in CP1256 writes for a letter that it has not (É as E)."""
    letter = error.object[error.start : error.end]
    base = unicodedata.normalize("NFKD", letter).encode("ascii", "ignore").decode() or "?"
    return base, error.end


codecs.register_error("unaccented", _unaccented)


def write_registry(path: Path, count: int, encoding: str = "utf-8") -> None:
    import django

    django.setup()
    from tadamun.imports.columns import COLUMNS

    separator = "," if encoding == "utf-8-sig" else ";"
    errors = "unaccented" if encoding == "cp1256" else "strict"
    with open(path, "w", newline="", encoding=encoding, errors=errors) as out:
        writer = csv.writer(out, delimiter=separator)
        writer.writerow(COLUMNS)
        writer.writerows(_rows(count))


def transcode(source: Path, path: Path, encoding: str) -> None:
    """The UTF-8 registry written in another encoding (the same rows)."""
    separator = "," if encoding == "utf-8-sig" else ";"
    errors = "unaccented" if encoding == "cp1256" else "strict"
    with (
        open(source, newline="", encoding="utf-8") as text,
        open(path, "w", newline="", encoding=encoding, errors=errors) as out,
    ):
        if separator == ";":
            while chunk := text.read(1 << 22):
                out.write(chunk)
        else:
            csv.writer(out, delimiter=separator).writerows(csv.reader(text, delimiter=";"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--encoding", default="utf-8", choices=["utf-8", "utf-8-sig", "cp1256"])
    parser.add_argument("--from", dest="source", type=Path, help="transcode this UTF-8 registry")
    args = parser.parse_args()
    if args.source:
        transcode(args.source, args.out, args.encoding)
    else:
        write_registry(args.out, args.rows, args.encoding)


if __name__ == "__main__":
    main()
