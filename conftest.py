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


@pytest.fixture(autouse=True)
def _audit_guard_around_flushes(request):
    """Tests that empty the whole database after them (browser tests, live servers) cannot
    with the audit trail's guard in place: it is removed for the flush, and put back for
    the next test."""
    marker = request.node.get_closest_marker("django_db")
    flushed = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if not flushed:
        yield
        return
    from django.db import connection

    from tadamun.audit.guard import guard_install, guard_remove

    request.getfixturevalue("transactional_db")
    guard_install(connection)
    yield
    guard_remove(connection)


# -- Named mechanisms and people (tadamun/accounts/testing.py says who is who) ----------


@pytest.fixture
def nador(db):
    from tadamun.accounts.testing import make_mechanism

    return make_mechanism("nador", country="MA", territories=["MA-NAD"], name="Nador")


@pytest.fixture
def le_kef(db):
    from tadamun.accounts.testing import make_mechanism

    return make_mechanism("le-kef", country="TN", territories=["TN-33"], name="Le Kef")


def _person(name, **kwargs):
    from tadamun.accounts.testing import make_user

    return make_user(name, **kwargs)


@pytest.fixture
def amina(nador):
    return _person("amina", mechanism=nador, role="advisor")


@pytest.fixture
def hind(nador):
    return _person("hind", mechanism=nador, role="trainer")


@pytest.fixture
def yousra(nador):
    return _person("yousra", mechanism=nador, role="coordinator")


@pytest.fixture
def karim(le_kef):
    return _person("karim", mechanism=le_kef, role="coordinator")


@pytest.fixture
def sami(le_kef):
    return _person("sami", mechanism=le_kef, role="advisor")


@pytest.fixture
def salma(db):
    return _person("salma", platform_role="analyst")


@pytest.fixture
def nadia(db):
    return _person("nadia", platform_role="administrator")


@pytest.fixture
def outsider(db):
    return _person("outsider")


@pytest.fixture
def log_in():
    """`log_in(client, user)`: a session as after the login pages, second factor given."""
    from tadamun.accounts.testing import log_in

    return log_in


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port (aiosmtpd), with Django sending to it; its
    `messages` are what it received."""
    import socket
    from email import policy
    from email.parser import BytesParser

    from aiosmtpd.controller import Controller

    class Inbox:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

        @property
        def mails(self):
            """Each message received: its recipients, and the message read (headers
            decoded, `get_content()` its text)."""
            read = BytesParser(policy=policy.default).parsebytes
            return [(list(e.rcpt_tos), read(e.content)) for e in self.messages]

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (French), whatever the one before it left
    active: `reverse()` and `gettext` in a test do not depend on the order tests run in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
