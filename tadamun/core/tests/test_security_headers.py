"""Every response carries the security headers; scripts need the page's nonce; only the
Atlas's embed page may be framed; no personal data reaches the logs."""

import logging
import re

import pytest

from tadamun.core.logging import RedactPersonalData

pytestmark = pytest.mark.django_db


def test_pages_carry_csp_with_a_fresh_nonce_nosniff_and_referrer_policy(client):
    first = client.get("/fr/")
    second = client.get("/fr/")
    policy = first["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert nonce not in second["Content-Security-Policy"]
    assert first["X-Content-Type-Options"] == "nosniff"
    assert first["Referrer-Policy"] == "same-origin"
    assert first["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_without_the_nonce(client):
    for path in ("/fr/", "/ar/directory/", "/en/atlas/", "/fr/accounts/login/"):
        response = client.get(path)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or "application/json" in tag or nonce in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", response.content.decode()), path


def test_only_the_embed_page_may_be_framed(client):
    embed = client.get("/fr/atlas/embed/")
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed


def test_with_production_settings_cookies_are_secure_and_hsts_is_sent(settings, client):
    from django.conf import settings as live

    assert live.SESSION_COOKIE_HTTPONLY and live.CSRF_COOKIE_HTTPONLY
    assert live.SESSION_COOKIE_SAMESITE == "Lax"
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/fr/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_logs_never_carry_emails_or_phone_numbers(caplog):
    logger = logging.getLogger("tadamun.test")
    handler = logging.StreamHandler()
    handler.addFilter(RedactPersonalData())
    record = logger.makeRecord(
        "tadamun.test",
        logging.INFO,
        __file__,
        1,
        "wrote to %s at %s",
        ("a@b.ma", "+212 661 234567"),
        None,
    )
    RedactPersonalData().filter(record)
    assert record.getMessage() == "wrote to [e-mail] at [phone]"
