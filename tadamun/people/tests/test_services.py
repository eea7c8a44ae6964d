"""Recording people with their consent; what a withdrawal stops."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tadamun.audit.models import AuditEntry
from tadamun.people.models import Consent, Person, Purpose
from tadamun.people.selectors import people_search
from tadamun.people.services import (
    ConsentGiven,
    consent_record,
    consent_withdraw,
    person_create,
    person_touch,
    person_update,
    search_keys_for,
)
from tadamun.people.tests.conftest import record, signed, text_of


def test_every_purpose_has_a_first_consent_text_in_three_languages(db):
    for purpose in Purpose.values:
        text = text_of(purpose)
        assert text.version == 1
        assert text.text_ar and text.text_fr and text.text_en
    accompaniment = text_of(Purpose.ACCOMPANIMENT)
    # Says how long, and how to withdraw, get a copy or be erased.
    assert "trois ans" in accompaniment.text_fr
    assert "withdraw" in accompaniment.text_en and "copy" in accompaniment.text_en
    assert "erase" in accompaniment.text_en


def test_a_person_cannot_be_created_without_a_consent(nador, amina):
    with pytest.raises(ValidationError):
        person_create(mechanism=nador, by=amina, fields={"full_name": "Amina"}, consent=None)
    assert not Person.objects.exists()


def test_a_person_cannot_be_created_with_a_consent_to_another_purpose(nador, amina):
    with pytest.raises(ValidationError):
        person_create(
            mechanism=nador, by=amina, fields={"full_name": "Amina"}, consent=signed("contact")
        )
    assert not Person.objects.exists()


def test_an_oral_consent_needs_a_witness(nador, amina):
    oral = ConsentGiven(text=text_of(Purpose.ACCOMPANIMENT), method="oral_witnessed")
    with pytest.raises(ValidationError) as refused:
        person_create(mechanism=nador, by=amina, fields={"full_name": "Amina"}, consent=oral)
    assert "witness" in refused.value.message_dict
    assert not Person.objects.exists()

    witnessed = ConsentGiven(
        text=text_of(Purpose.ACCOMPANIMENT), method="oral_witnessed", witness="Khadija"
    )
    person = person_create(
        mechanism=nador, by=amina, fields={"full_name": "Amina"}, consent=witnessed
    )
    consent = person.consents.get()
    assert (consent.method, consent.witness, consent.recorded_by) == (
        "oral_witnessed",
        "Khadija",
        amina,
    )


def test_creating_records_the_consent_and_an_audit_entry(nador, amina):
    person = record(nador, amina, "Amina El Idrissi")
    assert person.consents.get().purpose == Purpose.ACCOMPANIMENT
    assert person.created_by == amina
    assert AuditEntry.objects.filter(
        action="create", object_type="people.person", object_id=str(person.pk)
    ).exists()


def test_a_user_without_the_right_in_that_mechanism_cannot_create(le_kef, amina, salma):
    for user in (amina, salma):
        with pytest.raises(Http404):
            record(le_kef, user, "Someone")


def test_search_keys_let_an_arabic_name_be_found_in_latin_letters(nador, amina):
    person = record(nador, amina, "أمينة الإدريسي", phone="06 12 34 56 78")
    for typed in ("Amina", "amina idrissi", "AMINA El Idrissi", "أمينة", "امينه", "Ami"):
        assert list(people_search(amina, typed)) == [person], typed
    assert list(people_search(amina, "+212 612 345 678")) == [person]
    assert list(people_search(amina, "3456")) == [person]
    assert list(people_search(amina, "Karima")) == []


def test_search_keys_hold_folded_words_phonetic_keys_and_phone_digits():
    keys = search_keys_for("Émile Zoé", "+212 661-112233")
    assert " emile " in keys and " zoe " in keys
    assert "#661112233" in keys
    assert keys.startswith(" ") and keys.endswith(" ")


def test_updating_changes_only_the_fields_given_and_refreshes_the_keys(fatima, amina):
    changed = person_update(person=fatima, by=amina, fields={"full_name": "Fatima Zahra"})
    assert changed == ["full_name"]
    fatima.refresh_from_db()
    assert "fatima" in fatima.search_keys
    assert AuditEntry.objects.filter(action="change", object_id=str(fatima.pk)).exists()


def test_the_mechanism_cannot_be_changed_by_an_update(fatima, amina, le_kef):
    with pytest.raises(ValidationError):
        person_update(person=fatima, by=amina, fields={"mechanism": le_kef})
    fatima.refresh_from_db()
    assert fatima.mechanism.slug == "nador"


def test_a_withdrawn_accompaniment_consent_freezes_the_record(fatima, amina):
    accompaniment = fatima.consents.get(purpose=Purpose.ACCOMPANIMENT)
    consent_withdraw(consent=accompaniment, by=amina)
    with pytest.raises(ValidationError) as refused:
        person_update(person=fatima, by=amina, fields={"notes": "more"})
    assert refused.value.code == "frozen"
    # A new consent opens it again.
    consent_record(
        person=fatima, text=text_of(Purpose.ACCOMPANIMENT), method="signed_form", by=amina
    )
    assert person_update(person=fatima, by=amina, fields={"notes": "more"}) == ["notes"]


def test_an_anonymised_person_cannot_be_changed(fatima, amina):
    Person.objects.filter(pk=fatima.pk).update(anonymised_at=timezone.now())
    fatima.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        person_update(person=fatima, by=amina, fields={"notes": "x"})
    assert refused.value.code == "frozen"


def test_a_consent_is_withdrawn_once(fatima, amina):
    contact = fatima.consents.get(purpose=Purpose.CONTACT)
    consent_withdraw(consent=contact, by=amina)
    contact.refresh_from_db()
    assert contact.withdrawn_at is not None and contact.withdrawn_recorded_by == amina
    with pytest.raises(ValidationError):
        consent_withdraw(consent=contact, by=amina)


def test_a_trainer_may_record_a_consent_but_not_withdraw_one(fatima, hind):
    contact = fatima.consents.get(purpose=Purpose.CONTACT)
    with pytest.raises(Http404):
        consent_withdraw(consent=contact, by=hind)
    consent_record(person=fatima, text=text_of(Purpose.PUBLICATION), method="signed_form", by=hind)
    assert fatima.consents.filter(purpose=Purpose.PUBLICATION, withdrawn_at=None).exists()


def test_an_active_consent_is_not_recorded_twice(fatima, amina):
    with pytest.raises(ValidationError):
        consent_record(
            person=fatima, text=text_of(Purpose.CONTACT), method=Consent.Method.ONLINE, by=amina
        )


def test_touching_a_person_restarts_their_retention(fatima):
    long_ago = timezone.now() - timezone.timedelta(days=900)
    Person.objects.filter(pk=fatima.pk).update(
        last_activity_at=long_ago, retention_notified_at=long_ago
    )
    fatima.refresh_from_db()
    person_touch(person=fatima)
    fatima.refresh_from_db()
    assert fatima.last_activity_at > long_ago
    assert fatima.retention_notified_at is None
