"""The Arabic, French and English catalogues are complete, compiled and up to date."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE_DIR = Path(settings.BASE_DIR) / "tadamun" / "locale"
LANGUAGES = ["ar", "fr", "en"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    po = catalogue(language)
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    import re

    placeholder = re.compile(r"%\(\w+\)[sdr]")
    for entry in catalogue(language).translated_entries():
        if not entry.msgid_plural:
            found = sorted(placeholder.findall(entry.msgstr))
            assert found == sorted(placeholder.findall(entry.msgid)), (entry.msgid, entry.msgstr)
            continue
        # A plural form names what the plural msgid names, and may leave out the number
        # (an English or French singular "the first row"; Arabic singular and dual forms).
        allowed = set(placeholder.findall(entry.msgid + entry.msgid_plural))
        for text in entry.msgstr_plural.values():
            assert set(placeholder.findall(text)) <= allowed, (entry.msgid, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    mo = polib.mofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo}
    for entry in catalogue(language).translated_entries():
        msgstr, plural = compiled.get((entry.msgctxt, entry.msgid), (None, None))
        if entry.msgid_plural:
            assert {int(k): v for k, v in plural.items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }, (entry.msgid, "run `make messages`")
        else:
            assert msgstr == entry.msgstr, (entry.msgid, "run `make messages`")


def test_the_catalogues_hold_every_string_marked_in_the_code(tmp_path, settings, monkeypatch):
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing (apt-get install gettext); `make test` installs it")
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    settings.LOCALE_PATHS = [copy]
    monkeypatch.chdir(settings.BASE_DIR)
    call_command(
        "makemessages",
        locale=["fr"],
        # The real catalogues are ignored, or makemessages would find and update them.
        ignore_patterns=[".venv", "var", "bench", "tadamun/locale"],
        verbosity=0,
    )
    extracted = {
        e.msgid for e in polib.pofile(str(copy / "fr/LC_MESSAGES/django.po")) if not e.obsolete
    }
    committed = {e.msgid for e in catalogue("fr") if not e.obsolete}
    assert extracted - committed == set(), "new strings: run `make messages` and translate"
