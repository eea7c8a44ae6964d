"""Logging in: Argon2 passwords, a second factor for roles that see personal data,
lockout, session rotation, timeouts, logout and deactivation that end sessions."""

import time

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from tadamun.accounts import services
from tadamun.accounts.middleware import AUTH_AT, SEEN_AT
from tadamun.accounts.models import Account, Membership
from tadamun.accounts.testing import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/en/accounts/login/"
CODE = "/en/accounts/login/code/"


def _password(client, username, password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def _enrol(client) -> str:
    """Goes through the first login's enrolment; returns the secret."""
    page = client.get(CODE).content.decode()
    secret = page.split("data-totp-secret>")[1].split("<")[0].replace(" ", "")
    response = client.post(CODE, {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return secret


def test_passwords_are_hashed_with_argon2(amina):
    assert amina.password.startswith("argon2")


def test_an_advisor_enrols_a_second_factor_on_her_first_login_then_needs_a_code(client, amina):
    response = _password(client, "amina")
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session  # not logged in on the password alone
    assert client.get("/en/people/").status_code == 302

    secret = _enrol(client)
    assert client.get(reverse("accounts:home")).status_code == 200
    assert Account.objects.get(user=amina).totp_confirmed_at is not None

    client.post(reverse("accounts:logout"))
    _password(client, "amina")
    assert client.post(CODE, {"code": "000000"}).status_code == 200  # refused, form again
    assert "_auth_user_id" not in client.session
    # The code of the next 30 seconds (the one of enrolment's was spent; one step of
    # clock drift is allowed).
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post(CODE, {"code": code})["Location"] == reverse("accounts:home")
    # The same code cannot be used twice.
    client.post(reverse("accounts:logout"))
    _password(client, "amina")
    assert client.post(CODE, {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_analyst_who_never_sees_personal_data_logs_in_with_a_password(client, salma):
    response = _password(client, "salma", next_url="/en/staff/imports/")
    assert response["Location"] == "/en/staff/imports/"
    assert client.get("/en/staff/imports/").status_code == 200


def test_the_login_gives_the_session_a_new_key(client, salma):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen-key-000000000000"
    _password(client, "salma")
    assert client.cookies["sessionid"].value != "attacker-chosen-key-000000000000"


def test_repeated_failures_lock_the_account_out_with_429(client, salma, settings):
    for _attempt in range(settings.TADAMUN_LOGIN_FAILURES - 1):
        assert _password(client, "salma", "wrong").status_code == 200
    locked = _password(client, "salma", "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(settings.TADAMUN_LOCKOUT_MINUTES * 60)
    # Even the right password is refused while locked.
    assert _password(client, "salma").status_code == 429
    assert "_auth_user_id" not in client.session


def test_guessing_codes_locks_out_too(client, amina, settings):
    _password(client, "amina")
    _enrol(client)
    client.post(reverse("accounts:logout"))
    _password(client, "amina")
    statuses = [
        client.post(CODE, {"code": "123456"}).status_code
        for _attempt in range(settings.TADAMUN_LOGIN_FAILURES)
    ]
    assert statuses[-1] == 429


def test_an_idle_session_ends(client, salma, log_in, settings):
    log_in(client, salma)
    session = client.session
    session[SEEN_AT] = int(time.time()) - settings.TADAMUN_SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = client.get("/en/staff/imports/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_a_session_ends_after_its_longest_life_even_when_busy(client, salma, log_in, settings):
    log_in(client, salma)
    session = client.session
    session[AUTH_AT] = int(time.time()) - settings.TADAMUN_SESSION_MAX_HOURS * 3600 - 5
    session.save()
    assert client.get("/en/staff/imports/").status_code == 302


def test_logging_out_deletes_the_session_on_the_server(client, salma):
    _password(client, "salma")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_deactivating_an_account_ends_its_sessions_at_once(client, salma, nadia):
    _password(client, "salma")
    key = client.session.session_key
    services.account_deactivate(user=salma, by=nadia)
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/en/staff/imports/").status_code == 302
    assert _password(client, "salma").status_code == 200  # inactive: no login


def test_a_role_that_now_needs_a_second_factor_needs_a_new_login(client, log_in, nador):
    from tadamun.accounts.testing import make_user

    leila = make_user("leila", platform_role="analyst")
    client.force_login(leila)
    session = client.session
    session[AUTH_AT] = session[SEEN_AT] = int(time.time())
    session.save()  # a login without a second factor, as analysts have
    assert client.get(reverse("accounts:home")).status_code == 200
    Membership.objects.create(user=leila, mechanism=nador, role="advisor")
    assert client.get(reverse("accounts:home")).status_code == 302
