"""The public request form: no account, three languages, consent first, and its defences
against spam and floods (honeypot, signed timestamp token, rate limits, sizes)."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tadamun.accounts import access
from tadamun.desk import antispam
from tadamun.desk.models import Channel, Request, RequestEvent, Status
from tadamun.desk.tests.conftest import accompaniment_text, aged_token, place, public_data
from tadamun.people.models import Consent, Person

pytestmark = pytest.mark.django_db

FORM = "/{language}/ask/"


def test_the_form_and_its_thanks_page_are_public_pages():
    assert access.is_public_name("ask:form", "POST")
    assert access.is_public_name("ask:thanks", "GET")
    assert not access.is_public_name("desk:queue", "GET")


@pytest.mark.parametrize(
    ("language", "direction", "words"),
    [
        ("ar", "rtl", "أرسل طلبي"),
        ("fr", "ltr", "Envoyer ma demande"),
        ("en", "ltr", "Send my request"),
    ],
)
def test_the_form_opens_without_an_account_in_each_language(
    client, nador, language, direction, words
):
    response = client.get(FORM.format(language=language))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert words in page
    text = accompaniment_text()
    assert escape(getattr(text, f"text_{language}")[:60]) in page
    for name in ("full_name", "phone", "email", "gender", "birth_year", "place", "topic"):
        assert f'name="{name}"' in page and f'for="id_{name}"' in page
    # The Content-Security-Policy allows no inline script, and the page has none.
    assert (
        "unsafe-inline"
        not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert 'name="viewport"' in page


def test_a_request_sent_is_routed_and_its_sender_recorded_with_consent(client, nador, le_kef):
    response = client.post(FORM.format(language="fr"), public_data())
    assert response.status_code == 302
    request = Request.objects.get()
    assert (request.mechanism, request.channel, request.status) == (nador, Channel.WEB, Status.NEW)
    assert request.language == "fr"
    assert request.due_at is not None and request.due_at > request.received_at
    person = request.requester
    assert (person.mechanism, person.full_name, person.phone) == (
        nador,
        "Rachida Boukili",
        "0661 23 45 67",
    )
    assert person.created_by is None
    consent = person.consents.get()
    assert (consent.method, consent.purpose, consent.text) == (
        Consent.Method.ONLINE,
        "accompaniment",
        accompaniment_text(),
    )
    # The consent was given before the person was recorded.
    assert consent.given_at <= person.created_at
    assert list(RequestEvent.objects.values_list("from_status", "to_status")) == [("", "new")]
    thanks = client.get(response["Location"])
    assert request.reference in thanks.content.decode()


def test_without_the_consent_nothing_is_kept(client, nador):
    response = client.post(FORM.format(language="fr"), public_data(consent=""))
    assert response.status_code == 400
    assert not Request.objects.exists() and not Person.objects.exists()


def test_without_a_phone_or_an_email_the_form_asks_for_one(client, nador):
    response = client.post(FORM.format(language="en"), public_data(phone="", email=""))
    assert response.status_code == 400
    assert "phone number or an e-mail address" in response.content.decode()
    assert not Request.objects.exists()


def test_a_filled_honeypot_looks_like_success_and_keeps_nothing(client, nador):
    response = client.post(FORM.format(language="fr"), public_data(website="http://spam.example"))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Request.objects.exists() and not Person.objects.exists()


def test_a_form_sent_too_fast_is_refused(client, nador):
    response = client.post(FORM.format(language="fr"), public_data(token=aged_token(0.5)))
    assert response.status_code == 400
    assert "très rapidement" in response.content.decode()
    assert not Request.objects.exists()


def test_an_expired_token_is_refused(client, nador):
    old = aged_token(antispam.MAX_SECONDS + 60)
    response = client.post(FORM.format(language="en"), public_data(token=old))
    assert response.status_code == 400
    assert "open for a long time" in response.content.decode()
    assert not Request.objects.exists()


def test_a_forged_token_is_refused(client, nador):
    response = client.post(FORM.format(language="en"), public_data(token="abc:def"))
    assert response.status_code == 400
    assert not Request.objects.exists()


def test_a_token_works_once(client, nador):
    token = aged_token()
    assert client.post(FORM.format(language="fr"), public_data(token=token)).status_code == 302
    again = client.post(FORM.format(language="en"), public_data(token=token, phone="0662 00 00 00"))
    assert again.status_code == 400
    assert "already sent once" in again.content.decode()
    assert Request.objects.count() == 1


def test_a_refused_form_comes_back_with_a_fresh_token_and_what_was_typed(client, nador):
    first = aged_token(0.1)
    page = client.post(FORM.format(language="fr"), public_data(token=first)).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    assert token != first
    assert "Rachida Boukili" in page


def test_one_phone_sends_a_few_requests_a_day_then_gets_a_clear_429(client, nador):
    for _n in range(antispam.SENT_PER_CONTACT.count):
        assert client.post(FORM.format(language="fr"), public_data()).status_code == 302
    response = client.post(
        FORM.format(language="fr"), public_data(phone="+212 661 234 567"), REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Trop de demandes" in response.content.decode()
    assert Request.objects.count() == antispam.SENT_PER_CONTACT.count


def test_one_address_sends_a_few_requests_an_hour(client, nador):
    for n in range(antispam.SENT_PER_ADDRESS.count):
        sent = client.post(FORM.format(language="fr"), public_data(phone=f"0661 00 00 0{n}"))
        assert sent.status_code == 302
    response = client.post(FORM.format(language="ar"), public_data(phone="0661 99 99 99"))
    assert response.status_code == 429
    assert 'dir="rtl"' in response.content.decode()


def test_a_flood_of_posts_from_one_address_gets_429(client, nador):
    statuses = [
        client.post(FORM.format(language="fr"), public_data(consent="")).status_code
        for _n in range(antispam.POSTS_PER_ADDRESS.count + 1)
    ]
    assert statuses[:-1] == [400] * antispam.POSTS_PER_ADDRESS.count
    assert statuses[-1] == 429


def test_a_body_too_large_is_refused(client, nador):
    response = client.post(FORM.format(language="fr"), public_data(message="x" * 20000))
    assert response.status_code == 413
    assert not Request.objects.exists()


def test_a_message_too_long_is_refused_by_the_form(client, nador):
    response = client.post(FORM.format(language="fr"), public_data(message="x" * 3001))
    assert response.status_code == 400
    assert not Request.objects.exists()


def test_a_request_from_a_place_nobody_serves_waits_unrouted_without_a_person(client, nador):
    response = client.post(FORM.format(language="fr"), public_data(place=place("MA-TNG").pk))
    assert response.status_code == 302
    request = Request.objects.get()
    assert request.mechanism is None and request.requester is None
    assert request.pending_contact["full_name"] == "Rachida Boukili"
    assert request.consent_text == accompaniment_text()
    assert not Person.objects.exists()


def test_the_thanks_page_shows_only_a_reference_it_signed(client, db):
    response = client.get(reverse("ask:thanks") + "?r=TDM-FAKE-CODE")
    assert response.status_code == 200
    assert response.context["reference"] is None
    assert "desk-reference" not in response.content.decode()
