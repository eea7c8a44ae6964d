"""A user of Nador meets nothing of Le Kef: every page of a Le Kef person or document
answers 404, and no list, search, export or count holds them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tadamun.documents.models import Document
from tadamun.documents.services import document_upload
from tadamun.documents.tests import files
from tadamun.people.models import Person, Purpose
from tadamun.people.selectors import (
    people_contact_list,
    people_for,
    people_search,
    people_statistics,
)
from tadamun.people.tests.conftest import text_of


@pytest.fixture
def kef_document(mongi, sami):
    return document_upload(
        mechanism=mongi.mechanism,
        person=mongi,
        title="Plan",
        uploaded=SimpleUploadedFile("plan.pdf", files.pdf()),
        by=sami,
    )


def test_every_page_of_a_le_kef_person_answers_404_to_nador(
    client, amina, yousra, mongi, kef_document, log_in
):
    consent = mongi.consents.get(purpose=Purpose.CONTACT)
    gets = [
        reverse("people:detail", args=[mongi.pk]),
        reverse("people:edit", args=[mongi.pk]),
        reverse("people:consent_add", args=[mongi.pk]),
        reverse("documents:upload", args=[mongi.pk]),
        reverse("documents:download", args=[kef_document.pk]),
    ]
    posts = [
        (reverse("people:edit", args=[mongi.pk]), {"full_name": "Changed"}),
        (
            reverse("people:consent_add", args=[mongi.pk]),
            {
                "purpose": "publication",
                "text": text_of(Purpose.PUBLICATION).pk,
                "agreed": "on",
                "method": "online",
                "given_on": "2024-01-01",
            },
        ),
        (reverse("people:consent_withdraw", args=[mongi.pk, consent.pk]), {}),
        (
            reverse("documents:upload", args=[mongi.pk]),
            {"title": "x", "file": SimpleUploadedFile("a.pdf", files.pdf())},
        ),
        (reverse("documents:delete", args=[kef_document.pk]), {}),
    ]
    for user in (amina, yousra):
        log_in(client, user)
        for url in gets:
            assert client.get(url).status_code == 404, (user, url)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (user, url)
    mongi.refresh_from_db()
    assert mongi.full_name == "Mongi Ben Salah"
    assert mongi.consents.filter(withdrawn_at__isnull=True).count() == 2
    assert Document.objects.filter(person=mongi).count() == 1


def test_a_consent_of_another_person_cannot_be_withdrawn_through_ones_own(
    client, amina, fatima, mongi, log_in
):
    consent = mongi.consents.get(purpose=Purpose.CONTACT)
    log_in(client, amina)
    url = reverse("people:consent_withdraw", args=[fatima.pk, consent.pk])
    assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_guessed_ids_answer_like_missing_ones(client, amina, mongi, log_in):
    log_in(client, amina)
    missing = client.get(reverse("people:detail", args=[mongi.pk + 1000]))
    theirs = client.get(reverse("people:detail", args=[mongi.pk]))
    assert missing.status_code == theirs.status_code == 404


def test_le_kef_never_appears_in_nadors_list_search_contacts_or_statistics(
    client, amina, fatima, mongi, log_in
):
    assert list(people_for(amina)) == [fatima]
    assert list(people_search(amina, "Mongi")) == []
    assert list(people_search(amina, "98 765 432")) == []
    assert list(people_search(amina, "", mechanism=mongi.mechanism)) == []
    assert list(people_contact_list(amina)) == [fatima]
    assert dict(people_statistics(amina).by_mechanism) == {"Nador": 1}

    log_in(client, amina)
    listing = client.get(reverse("people:list"), {"q": "Mongi"})
    assert list(listing.context["page"]) == []
    everyone = client.get(reverse("people:list")).content.decode()
    assert "Mongi" not in everyone
    # A mechanism filter naming Le Kef is not a choice: the list stays Nador's.
    filtered = client.get(reverse("people:list"), {"mechanism": mongi.mechanism_id})
    assert "Mongi" not in filtered.content.decode()
    contacts = client.get(reverse("people:contacts")).content.decode("utf-8-sig")
    assert "Mongi" not in contacts and "فاطمة" in contacts
    stats = client.get(reverse("people:statistics"))
    assert stats.context["stats"].total == 1
    assert "Le Kef" not in stats.content.decode()


def test_a_person_cannot_be_moved_to_another_mechanism_by_a_posted_field(
    client, amina, fatima, le_kef, log_in
):
    log_in(client, amina)
    url = reverse("people:edit", args=[fatima.pk])
    client.post(url, {"full_name": "Fatima", "mechanism": le_kef.pk, "mechanism_id": le_kef.pk})
    assert Person.objects.get(pk=fatima.pk).mechanism.slug == "nador"
