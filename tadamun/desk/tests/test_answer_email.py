"""The first answer sent to the requester by e-mail, through a real SMTP server: in the
request's language, once, with the advisor to reply to; a mail server that fails loses
nothing, and a record that may no longer be used is not written to. The staff's pages are
in French, the default language."""

import socket

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tadamun.audit.models import AuditEntry
from tadamun.desk.models import Channel, Status
from tadamun.desk.services import (
    answer_email_address,
    request_answer,
    request_answer_send,
    request_record,
    request_submit_public,
)
from tadamun.desk.tests.conftest import accompaniment_text, place, record_person
from tadamun.people.models import Purpose
from tadamun.people.services import consent_withdraw

pytestmark = pytest.mark.django_db


def _web_request(language: str, email: str = "rachida@example.ma"):
    return request_submit_public(
        full_name="Rachida Boukili",
        email=email,
        place=place("MA-NAD-NADOR"),
        topic="creation",
        message="Je veux créer une coopérative de couscous.",
        consent_text=accompaniment_text(),
        language=language,
    )


def _read(mail):
    _recipients, message = mail
    return message, message["Subject"], message.get_content()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_an_answer_ticked_to_be_sent_reaches_the_requester_in_her_language(
    client, amina, log_in, smtp_server
):
    request = _web_request("fr")
    log_in(client, amina)
    page = client.get(reverse("desk:detail", args=[request.pk])).content.decode()
    assert 'name="send"' in page and "rachida@example.ma" in page
    answer = "Venez jeudi à 10 h à la Maison de l'ESS, avec vos quatre voisines."
    response = client.post(
        reverse("desk:answer", args=[request.pk]), {"text": answer, "send": "on"}, follow=True
    )
    assert "Réponse enregistrée et envoyée par e-mail." in response.content.decode()

    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["rachida@example.ma"]
    message, subject, body = _read(smtp_server.mails[0])
    assert subject == f"Nador: Réponse à votre demande {request.reference}"
    assert body.startswith("Bonjour Rachida Boukili,")
    assert answer in body and request.reference in body
    assert message["Reply-To"] == amina.email
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.answer_emailed_at is not None
    page = client.get(reverse("desk:detail", args=[request.pk])).content.decode()
    assert "Envoyée par e-mail le" in page and "answer/send/" not in page


def test_an_arabic_request_is_answered_in_arabic(amina, smtp_server):
    request = _web_request("ar")
    request_answer(request=request, by=amina, text="مرحبا، نتصل بك غدا.")
    request_answer_send(request=request, by=amina)
    _message, subject, body = _read(smtp_server.mails[0])
    assert request.reference in subject and "طلبك" in subject
    assert body.startswith("مرحبا Rachida Boukili")
    assert "مرحبا، نتصل بك غدا." in body


def test_a_mail_server_that_fails_leaves_the_answer_recorded_to_send_again(
    client, amina, log_in, smtp_server, settings
):
    request = _web_request("fr")
    log_in(client, amina)
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, _closed_port()
    response = client.post(
        reverse("desk:answer", args=[request.pk]),
        {"text": "Rappelée ce matin.", "send": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert "Réponse enregistrée." in page and "n’a pas pu être envoyé" in page
    request.refresh_from_db()
    assert request.answer == "Rappelée ce matin." and request.answer_emailed_at is None
    assert smtp_server.messages == []
    assert "Envoyer la réponse par e-mail" in page

    settings.EMAIL_PORT = port
    response = client.post(reverse("desk:answer_send", args=[request.pk]), follow=True)
    assert "Réponse envoyée par e-mail." in response.content.decode()
    assert len(smtp_server.messages) == 1
    request.refresh_from_db()
    assert request.answer_emailed_at is not None


def test_an_answer_is_sent_once(amina, smtp_server):
    request = _web_request("fr")
    request_answer(request=request, by=amina, text="Rappelée.")
    request_answer_send(request=request, by=amina)
    with pytest.raises(ValidationError) as refused:
        request_answer_send(request=request, by=amina)
    assert refused.value.code == "sent"
    assert len(smtp_server.messages) == 1
    sends = AuditEntry.objects.filter(object_type="desk.request", action="change")
    assert sends.count() == 2  # the answer, then its sending


def test_an_answer_left_unticked_is_only_recorded(client, amina, log_in, smtp_server):
    request = _web_request("fr")
    log_in(client, amina)
    client.post(reverse("desk:answer", args=[request.pk]), {"text": "Vue au guichet."})
    request.refresh_from_db()
    assert request.status == Status.ANSWERED and request.answer_emailed_at is None
    assert smtp_server.messages == []


def test_nothing_is_sent_before_the_answer_nor_without_an_address(amina, nador, smtp_server):
    request = _web_request("fr")
    with pytest.raises(ValidationError) as refused:
        request_answer_send(request=request, by=amina)
    assert refused.value.code == "no_answer"
    person = record_person(nador, amina, "Khadija Amrani", phone="0661001122")
    call = request_record(
        mechanism=nador,
        by=amina,
        channel=Channel.PHONE,
        topic="financing",
        message="Microcredit?",
        person=person,
    )
    request_answer(request=call, by=amina, text="Called her back.")
    assert answer_email_address(call) == ""
    with pytest.raises(ValidationError) as refused:
        request_answer_send(request=call, by=amina)
    assert refused.value.code == "no_email"
    assert smtp_server.messages == []


def test_a_requester_who_withdrew_her_consent_is_not_written_to(client, amina, log_in, smtp_server):
    request = _web_request("fr")
    request_answer(request=request, by=amina, text="Rappelée.")
    consent = request.requester.consents.get(text__purpose=Purpose.ACCOMPANIMENT)
    consent_withdraw(consent=consent, by=amina)
    request.refresh_from_db()
    assert answer_email_address(request) == ""
    with pytest.raises(ValidationError) as refused:
        request_answer_send(request=request, by=amina)
    assert refused.value.code == "frozen"
    log_in(client, amina)
    page = client.get(reverse("desk:detail", args=[request.pk])).content.decode()
    assert "answer/send/" not in page
    assert smtp_server.messages == []


def test_le_kef_staff_cannot_send_a_nador_answer(client, amina, sami, log_in, smtp_server):
    request = _web_request("fr")
    request_answer(request=request, by=amina, text="Rappelée.")
    log_in(client, sami)
    assert client.post(reverse("desk:answer_send", args=[request.pk])).status_code == 404
    assert smtp_server.messages == []


def test_a_platform_without_a_mail_server_offers_no_sending(client, amina, log_in, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # no EMAIL_HOST
    request = _web_request("fr")
    log_in(client, amina)
    page = client.get(reverse("desk:detail", args=[request.pk])).content.decode()
    assert 'name="send"' not in page
    request_answer(request=request, by=amina, text="Rappelée.")
    with pytest.raises(ValidationError) as refused:
        request_answer_send(request=request, by=amina)
    assert refused.value.code == "no_server"
    request.refresh_from_db()
    assert request.answer_emailed_at is None
