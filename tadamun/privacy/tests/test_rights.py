"""The rights of a person: the export of everything held about them, and erasure that
leaves no trace of who they were while the statistics stay exactly the same."""

import html
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from tadamun.audit.models import AuditEntry
from tadamun.documents.models import Document
from tadamun.people.models import Consent, Person
from tadamun.people.selectors import people_statistics
from tadamun.privacy.hooks import person_hook_register, person_hook_unregister
from tadamun.privacy.services import person_data, person_erase
from tadamun.privacy.tests.helpers import places_holding, statistics

IDENTIFYING = ["Bouchrati", "661987654", "f.bouchrati@example.ma", "Ouazzani"]


def _url(name: str, person: Person, language: str = "fr") -> str:
    with translation.override(language):
        return reverse(f"privacy:{name}", args=[person.pk])


# -- Who may ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["person_export_json", "person_export_html", "person_erase"])
def test_a_coordinator_of_another_mechanism_gets_404(client, log_in, karim, fatima, name):
    log_in(client, karim)
    assert client.get(_url(name, fatima)).status_code == 404
    assert client.post(_url("person_erase", fatima)).status_code == 404
    fatima.refresh_from_db()
    assert fatima.anonymised_at is None


@pytest.mark.parametrize("name", ["person_export_json", "person_export_html", "person_erase"])
def test_an_advisor_of_the_same_mechanism_gets_404_as_it_is_not_her_role(
    client, log_in, amina, fatima, name
):
    log_in(client, amina)
    assert client.get(_url(name, fatima)).status_code == 404
    assert client.post(_url("person_erase", fatima)).status_code == 404
    assert Person.objects.get(pk=fatima.pk).full_name == "Fatima Zahra Bouchrati"


@pytest.mark.parametrize("user", ["salma", "nadia", "outsider"])
def test_platform_roles_and_accounts_without_role_get_404_for_a_person(
    client, log_in, fatima, user, request
):
    log_in(client, request.getfixturevalue(user))
    assert client.get(_url("person_export_json", fatima)).status_code == 404


def test_a_person_who_does_not_exist_is_404_too(client, log_in, yousra, fatima):
    log_in(client, yousra)
    with translation.override("fr"):
        url = reverse("privacy:person_export_json", args=[fatima.pk + 1000])
    assert client.get(url).status_code == 404


# -- Export -----------------------------------------------------------------------------


def test_the_json_export_holds_the_record_consents_documents_and_accesses(
    client, log_in, yousra, fatima
):
    log_in(client, yousra)
    response = client.get(_url("person_export_json", fatima))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"]["full_name"] == "Fatima Zahra Bouchrati"
    assert data["person"]["phone"] == "+212661987654"
    assert data["person"]["place"]["code"] == "MA-NAD-NADOR"
    [consent] = data["consents"]
    assert consent["purpose"] == "accompaniment"
    assert consent["text_version"] == Consent.objects.get(person=fatima).text.version
    assert consent["method"] == "oral_witnessed"
    assert consent["witness"] == "Khadija Ouazzani"
    assert consent["given_at"] and consent["withdrawn_at"] is None
    assert sorted(d["title"] for d in data["documents"]) == [
        "CIN Fatima Zahra Bouchrati 0",
        "CIN Fatima Zahra Bouchrati 1",
    ]
    assert all(d["sha256"] and d["size"] for d in data["documents"])
    # Amina looked at the record: the person learns who of the staff did, and when.
    assert [(a["who"], a["action"]) for a in data["accesses"]] == [("Amina", "view")]


def test_an_export_is_in_the_audit_trail(client, log_in, yousra, fatima):
    log_in(client, yousra)
    client.get(_url("person_export_json", fatima))
    client.get(_url("person_export_html", fatima))
    exports = AuditEntry.objects.filter(action="export", object_id=str(fatima.pk))
    assert exports.count() == 2
    assert {entry.user for entry in exports} == {yousra}
    assert {entry.object_type for entry in exports} == {"people.person"}


def test_the_readable_export_is_a_page_to_keep_in_the_readers_language(
    client, log_in, yousra, fatima, accompaniment_text
):
    log_in(client, yousra)
    response = client.get(_url("person_export_html", fatima, "ar"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="tadamun-person-{fatima.pk}-ar.html"'
    )
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "Fatima Zahra Bouchrati" in page
    assert html.escape(accompaniment_text.text_ar.strip()) in page  # the consent's words
    assert "CIN Fatima Zahra Bouchrati 0" in page
    assert "<script" not in page
    assert "style=" not in page


def test_the_readable_export_in_french_gives_the_french_consent(
    client, log_in, yousra, fatima, accompaniment_text
):
    log_in(client, yousra)
    page = client.get(_url("person_export_html", fatima, "fr")).content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert html.escape(accompaniment_text.text_fr.strip()) in page


def test_other_apps_add_their_part_to_the_export_and_to_the_erasure(fatima, yousra):
    erased = []
    person_hook_register(
        "cases",
        collect=lambda person: [{"case": 7, "subject": "microcredit"}],
        erase=lambda person: erased.append(person.pk),
    )
    try:
        # (Installed apps add their own parts beside it.)
        assert person_data(fatima)["other"]["cases"] == [{"case": 7, "subject": "microcredit"}]
        person_erase(person=fatima, by=yousra)
    finally:
        person_hook_unregister("cases")
    assert erased == [fatima.pk]


# -- Erasure ----------------------------------------------------------------------------


def test_erasure_leaves_no_trace_of_the_person_in_any_table_and_deletes_the_files(
    client, log_in, yousra, fatima, private_files, django_capture_on_commit_callbacks
):
    LogEntry.objects.create(
        user=yousra,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(fatima.pk),
        object_repr=str(fatima),
        action_flag=CHANGE,
        change_message="Changed Bouchrati's phone",
    )
    files = sorted(p.name for p in private_files.iterdir())
    assert len(files) == 2
    for text in IDENTIFYING:
        assert places_holding(text), f"{text} should be somewhere before the erasure"

    log_in(client, yousra)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("person_erase", fatima))

    assert response.status_code == 302
    for text in IDENTIFYING:
        assert places_holding(text) == [], text
    assert list(private_files.iterdir()) == []
    assert not Document.objects.filter(person=fatima.pk).exists()
    person = Person.objects.get(pk=fatima.pk)
    assert person.anonymised_at is not None
    assert (person.full_name, person.phone, person.email, person.notes) == ("", "", "", "")
    assert person.search_keys == ""
    assert person.place.code == "MA-02"  # Nador's region, the Oriental
    assert (person.gender, person.birth_year, person.mechanism_id) == (
        "woman",
        1991,
        yousra.memberships.get().mechanism_id,
    )
    consent = Consent.objects.get(person=person)
    assert consent.given_at and consent.text_id
    entry = AuditEntry.objects.get(action="erase")
    assert (entry.user, entry.object_type, entry.object_id) == (
        yousra,
        "people.person",
        str(person.pk),
    )


def test_erasure_keeps_every_statistic_exactly_the_same(crowd, fatima, yousra, karim, salma):
    before, shown_before = statistics(), people_statistics(salma)
    person_erase(person=fatima, by=yousra)
    for person in crowd[::4]:
        person_erase(person=person, by=yousra if person.mechanism.slug == "nador" else karim)
    assert statistics() == before
    assert people_statistics(salma) == shown_before  # the observatory's own figures
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 6


def test_the_erasure_page_asks_before_and_says_what_goes_and_what_stays(
    client, log_in, yousra, fatima
):
    log_in(client, yousra)
    response = client.get(_url("person_erase", fatima, "en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fatima Zahra Bouchrati" in page
    assert "2 documents and their files" in page
    assert "This cannot be undone." in page
    assert Person.objects.get(pk=fatima.pk).anonymised_at is None

    client.post(_url("person_erase", fatima, "en"))
    page = client.get(_url("person_erase", fatima, "en")).content.decode()
    assert "was anonymised on" in page
    assert "Bouchrati" not in page
    # A second POST does nothing more.
    client.post(_url("person_erase", fatima, "en"))
    assert AuditEntry.objects.filter(action="erase").count() == 1


def test_an_anonymised_persons_export_holds_nothing_that_identifies(client, log_in, yousra, fatima):
    person_erase(person=fatima, by=yousra)
    log_in(client, yousra)
    body = client.get(_url("person_export_json", fatima)).content.decode()
    for text in IDENTIFYING:
        assert text not in body
    assert json.loads(body)["person"]["anonymised_at"]


def test_erasure_by_the_retention_command_is_audited_as_anonymisation(fatima):
    person_erase(person=fatima, by=None)
    entry = AuditEntry.objects.get(object_type="people.person", action="anonymise")
    assert entry.user is None
