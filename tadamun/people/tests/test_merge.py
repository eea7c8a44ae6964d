"""A person found twice: the possible duplicates hint, the side-by-side page, and the
merge that moves everything (whatever app points at a person) to the record kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tadamun.audit.models import AuditEntry
from tadamun.desk.models import Request
from tadamun.directory.models import Actor
from tadamun.documents.models import Document
from tadamun.people.models import Affiliation, Person, PersonMerge, PersonRole, Purpose
from tadamun.people.selectors import person_possible_duplicates
from tadamun.people.services import (
    affiliation_add,
    consent_record,
    person_merge,
    person_roles_set,
)
from tadamun.people.tests.conftest import record, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cooperative(db):
    return Actor.objects.create(name_fr="Coopérative Al Amal", country_id="MA")


@pytest.fixture
def twice(nador, amina, cooperative):
    """Amina recorded in Arabic, then again in Latin letters with another phone format."""
    first = record(nador, amina, "أمينة العلوي", phone="+212 661 12 34 56", birth_year=1990)
    second = record(
        nador, amina, "Amina Alaoui", phone="0661123456", email="amina@example.ma", notes="B"
    )
    person_roles_set(person=first, by=amina, roles=["project_holder"])
    person_roles_set(person=second, by=amina, roles=["project_holder", "trainer"])
    affiliation_add(person=second, actor=cooperative, role="president", by=amina)
    consent_record(person=second, text=text_of(Purpose.CONTACT), method="online", by=amina)
    Document.objects.create(
        mechanism=nador,
        person=second,
        title="Statuts",
        original_name="statuts.pdf",
        stored_name="merge-test.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    Request.objects.create(
        mechanism=nador, channel="phone", topic="creation", message="x", requester=second
    )
    return first, second


def test_possible_duplicates_are_found_by_phone_email_or_sound(nador, amina, twice, le_kef, sami):
    first, second = twice
    from django.utils import translation

    with translation.override("en"):
        found = person_possible_duplicates(first)
        assert [d.person for d in found] == [second]
        assert set(map(str, found[0].reasons)) == {"same phone", "name that sounds the same"}
    record(le_kef, sami, "Amina Alaoui", phone="0661123456")  # not across mechanisms
    assert [d.person for d in person_possible_duplicates(first)] == [second]
    assert person_possible_duplicates(record(nador, amina, "Fatima Zahra")) == []


def test_the_person_page_hints_at_a_possible_duplicate(client, amina, twice, log_in):
    first, second = twice
    log_in(client, amina)
    page = client.get(reverse("people:detail", args=[first.pk])).content.decode()
    assert f"{reverse('people:merge', args=[first.pk])}?other={second.pk}" in page


def test_a_merge_moves_everything_to_the_record_kept(amina, nador, twice, cooperative):
    first, second = twice
    second_consents = set(second.consents.values_list("pk", flat=True))
    merge = person_merge(
        keep=first,
        other=second,
        by=amina,
        choices={"full_name": "keep", "email": "other", "notes": "both"},
    )
    first.refresh_from_db()
    assert not Person.objects.filter(pk=second.pk).exists()
    assert (first.full_name, first.email, first.birth_year) == (
        "أمينة العلوي",
        "amina@example.ma",
        1990,
    )
    assert second_consents <= set(first.consents.values_list("pk", flat=True))
    assert sorted(PersonRole.objects.filter(person=first).values_list("role", flat=True)) == [
        "project_holder",
        "trainer",
    ]
    assert Affiliation.objects.get().person == first
    assert Document.objects.get().person == first
    assert Request.objects.get().requester == first
    assert merge.moved["people.consent"] == 2
    assert merge.moved["people.personrole (repeated, dropped)"] == 1
    assert merge.merged_values["full_name"] == "Amina Alaoui"
    assert PersonMerge.objects.get().other_id == second.pk
    assert AuditEntry.objects.filter(
        object_type="people.person", object_id=str(second.pk), action="delete"
    ).exists()
    # The kept person's export shows the merged record's trail too.
    from tadamun.privacy.services import person_audit_entries

    ids = set(person_audit_entries(first).values_list("object_id", flat=True))
    assert {str(first.pk), str(second.pk)} <= ids


def test_a_merge_moves_what_other_apps_point_at_a_person(amina, nador, twice):
    """Every reverse relation of Person is moved, whoever declared it."""
    first, second = twice
    relations = {rel.related_model._meta.label for rel in Person._meta.related_objects}
    assert {"people.Consent", "documents.Document", "desk.Request"} <= relations
    person_merge(keep=first, other=second, by=amina, choices={})
    for relation in Person._meta.related_objects:
        if relation.many_to_many:
            continue
        model, name = relation.related_model, relation.field.name
        assert not model._base_manager.filter(**{name: second.pk}).exists(), model


def test_records_of_two_mechanisms_are_never_merged(amina, nador, le_kef, sami, karim):
    ours = record(nador, amina, "Amina Alaoui")
    theirs = record(le_kef, sami, "Amina Alaoui")
    from django.http import Http404

    with pytest.raises((ValidationError, Http404)):
        person_merge(keep=ours, other=theirs, by=amina, choices={})
    assert Person.objects.count() == 2


def test_a_trainer_cannot_merge(hind, amina, twice):
    from django.http import Http404

    first, second = twice
    with pytest.raises(Http404):
        person_merge(keep=first, other=second, by=hind, choices={})


def test_a_merge_refuses_unknown_choices(amina, twice):
    first, second = twice
    with pytest.raises(ValidationError):
        person_merge(keep=first, other=second, by=amina, choices={"mechanism": "other"})
    with pytest.raises(ValidationError):
        person_merge(keep=first, other=second, by=amina, choices={"phone": "both"})


def test_the_merge_page_shows_both_side_by_side_and_merges(client, amina, twice, log_in):
    first, second = twice
    log_in(client, amina)
    url = reverse("people:merge", args=[first.pk])
    page = client.get(url, {"other": second.pk}).content.decode()
    assert "Amina Alaoui" in page and "أمينة العلوي" in page and "amina@example.ma" in page
    response = client.post(
        url,
        {
            "other": second.pk,
            "choice_full_name": "other",
            "choice_gender": "keep",
            "choice_birth_year": "keep",
            "choice_place": "keep",
            "choice_phone": "keep",
            "choice_email": "other",
            "choice_notes": "keep",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.full_name == "Amina Alaoui"
    assert not Person.objects.filter(pk=second.pk).exists()


def test_the_merge_page_of_another_mechanisms_record_is_404(
    client, amina, nador, le_kef, sami, log_in
):
    ours = record(nador, amina, "Amina Alaoui")
    theirs = record(le_kef, sami, "Amina Alaoui")
    log_in(client, amina)
    url = reverse("people:merge", args=[ours.pk])
    assert client.get(url, {"other": theirs.pk}).status_code == 404
    assert client.post(url, {"other": theirs.pk}).status_code == 404


# -- Roles and organisations -----------------------------------------------------------------


def test_roles_are_set_on_their_page(client, amina, nador, log_in):
    person = record(nador, amina, "Souad")
    log_in(client, amina)
    url = reverse("people:roles", args=[person.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"roles": ["cooperative_member", "social_communicator"]})
    assert set(person.roles.values_list("role", flat=True)) == {
        "cooperative_member",
        "social_communicator",
    }
    client.post(url, {"roles": ["cooperative_member"]})
    assert list(person.roles.values_list("role", flat=True)) == ["cooperative_member"]


def test_an_organisation_is_found_in_the_directory_and_added(
    client, amina, nador, cooperative, log_in
):
    person = record(nador, amina, "Souad")
    log_in(client, amina)
    url = reverse("people:organisations", args=[person.pk])
    found = client.get(url, {"q": str(cooperative.pk)})
    assert found.status_code == 200
    response = client.post(url, {"actor": cooperative.pk, "role": "member", "since_year": "2019"})
    assert response.status_code == 302
    affiliation = person.affiliations.get()
    assert (affiliation.actor, affiliation.role, affiliation.since_year) == (
        cooperative,
        "member",
        2019,
    )
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Coopérative Al Amal" in page
    client.post(reverse("people:affiliation_remove", args=[person.pk, affiliation.pk]))
    assert not person.affiliations.exists()


def test_erasure_removes_organisations_and_keeps_roles(yousra, amina, nador, cooperative):
    from tadamun.privacy.services import person_data, person_erase

    person = record(nador, amina, "Souad")
    person_roles_set(person=person, by=amina, roles=["trainer"])
    affiliation_add(person=person, actor=cooperative, role="member", by=amina)
    data = person_data(person)
    assert data["organisations"][0]["organisation"] == "Coopérative Al Amal"
    assert data["roles"][0]["role"] == "trainer"
    person_erase(person=person, by=yousra)
    assert not person.affiliations.exists()
    assert list(person.roles.values_list("role", flat=True)) == ["trainer"]


def test_age_bands_come_from_one_function():
    from tadamun.people.ages import age_band

    assert [age_band(year, year=2026).code for year in (2010, 2002, 1995, 1985, 1970, 1960)] == [
        "under_18",
        "18_24",
        "25_34",
        "35_44",
        "45_59",
        "60_plus",
    ]
    assert age_band(None).code == "unknown"
    assert age_band(2030, year=2026).code == "unknown"
