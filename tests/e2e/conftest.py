"""Browser tests: Debian's Chromium driven by Playwright (no browser download)."""

import os
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Expectations wait as long as actions do: a loaded CI machine can take seconds to
    serve a page (Playwright's default for `expect` is 5 s)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs it (apt chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def reference_data(transactional_db):
    """Places and vocabularies, reloaded after the flush that ends each browser test.

    (Django's serialized rollback cannot be relied on here: Playwright's event loop gives
    the test a different database connection object than the one that was serialized.)
    """
    from tadamun.directory.models import LegalForm, Sector
    from tadamun.directory.reference import load_vocabularies
    from tadamun.directory.selectors import vocabulary_cache_clear
    from tadamun.places.models import Place
    from tadamun.places.services import places_load_reference

    if not Place.objects.exists():
        places_load_reference()
    if not LegalForm.objects.exists():
        load_vocabularies({"LegalForm": LegalForm, "Sector": Sector})
        vocabulary_cache_clear()


@pytest.fixture
def consent_texts(reference_data):
    """The consent texts a migration installs, reinstalled after the last test's flush."""
    import importlib

    from tadamun.people.models import ConsentText

    texts = importlib.import_module("tadamun.people.migrations.0002_consent_texts")
    for purpose, text in texts.TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose,
            version=1,
            defaults={"text_ar": text["ar"], "text_fr": text["fr"], "text_en": text["en"]},
        )
