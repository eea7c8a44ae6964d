"""Fill catalogue entries from a small table: `python scripts/translate.py table.py`.

The table module defines TRANSLATIONS = {msgid: {"ar": ..., "fr": ..., "en": ...}}; each
entry it names is filled in the three catalogues and unmarked fuzzy. Used by developers
after `make messages` for the few strings a change adds.
"""

import runpy
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "tadamun" / "locale"


def main() -> None:
    table = runpy.run_path(sys.argv[1])["TRANSLATIONS"]
    for language in ("ar", "fr", "en"):
        path = LOCALE / language / "LC_MESSAGES" / "django.po"
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.msgid in table:
                entry.msgstr = table[entry.msgid][language]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        catalogue.save(str(path))
        catalogue.save_as_mofile(str(path.with_suffix(".mo")))
        missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()]
        print(language, "untranslated:", missing)


if __name__ == "__main__":
    main()
