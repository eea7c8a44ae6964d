"""Fixtures shared by every test of Tadamun."""

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The fingerprinted storage needs `collectstatic` first; tests read static files from
    # the apps' folders instead. (The production storage is exercised by the serve test.)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Per-process caches of reference data start clean in every test."""
    from django.core.cache import cache

    from tadamun.directory.selectors import vocabulary_cache_clear
    from tadamun.places.selectors import place_index_clear
    from tadamun.search.analyse import thesaurus_clear

    for clear in (place_index_clear, vocabulary_cache_clear, thesaurus_clear, cache.clear):
        clear()
    yield
    for clear in (place_index_clear, vocabulary_cache_clear, thesaurus_clear, cache.clear):
        clear()


@pytest.fixture(scope="session")
def standards_dir():
    """The official schema and vocabulary files of the standards Tadamun speaks.

    They live beside the repository (`../shared/standards`), not in it; point
    TADAMUN_STANDARDS_DIR elsewhere if needed. A test that needs them fails, loudly, when
    they are missing: exports must be checked against the real files.
    """
    import os
    from pathlib import Path

    candidates = [
        os.environ.get("TADAMUN_STANDARDS_DIR", ""),
        Path(__file__).resolve().parent.parent / "shared" / "standards",
        "/work/shared/standards",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "essglobal").is_dir():
            return Path(candidate)
    pytest.fail("The standards files are missing: set TADAMUN_STANDARDS_DIR")
