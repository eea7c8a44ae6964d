"""The staff's pages of people: list, record with consent, record page, changes,
consents, contact list and statistics."""

import csv
import io

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from tadamun.audit.models import AuditEntry
from tadamun.people.models import Consent, Person, Purpose
from tadamun.people.services import consent_withdraw
from tadamun.people.tests.conftest import record, text_of


def add_form(mechanism, **changes):
    data = {
        "text": text_of(Purpose.ACCOMPANIMENT).pk,
        "agreed": "on",
        "method": "signed_form",
        "witness": "",
        "given_on": "2024-03-01",
        "mechanism": mechanism.pk,
        "full_name": "Khadija Amrani",
        "gender": "woman",
        "birth_year": "1988",
        "phone": "0661 00 11 22",
        "email": "",
        "notes": "",
        "place": "",
    }
    return {**data, **changes}


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_the_list_needs_a_login(client, db):
    response = client.get(reverse("people:list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_roles_without_personal_data_do_not_reach_the_list(client, salma, outsider, log_in):
    for user in (salma, outsider):
        log_in(client, user)
        assert client.get(reverse("people:list")).status_code == 404


def test_the_add_page_shows_the_consent_first_in_the_page_language(client, amina, log_in):
    log_in(client, amina)
    text = text_of(Purpose.ACCOMPANIMENT)
    page = client.get(reverse("people:add")).content.decode()
    assert escape(text.text_fr[:80]) in page
    assert page.index("consent-box") < page.index('name="full_name"')
    assert 'name="witness"' in page and 'value="oral_witnessed"' in page
    arabic = client.get("/ar/people/add/").content.decode()
    assert escape(text.text_ar[:80]) in arabic


def test_the_mechanism_choice_lists_only_the_users_mechanisms(client, amina, le_kef, log_in):
    log_in(client, amina)
    page = client.get(reverse("people:add")).content.decode()
    assert "Nador" in page
    assert "Le Kef" not in page


def test_recording_a_person_through_the_page_keeps_their_consent(client, amina, nador, log_in):
    log_in(client, amina)
    response = client.post(reverse("people:add"), add_form(nador))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.mechanism == nador
    consent = person.consents.get()
    assert (consent.purpose, consent.method, consent.given_at.date().isoformat()) == (
        "accompaniment",
        "signed_form",
        "2024-03-01",
    )


def test_a_person_is_not_recorded_without_the_consent_box_ticked(client, amina, nador, log_in):
    log_in(client, amina)
    response = client.post(reverse("people:add"), add_form(nador, agreed=""))
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_an_oral_consent_without_a_witness_is_a_form_error(client, amina, nador, log_in):
    log_in(client, amina)
    response = client.post(reverse("people:add"), add_form(nador, method="oral_witnessed"))
    assert response.status_code == 400
    assert "witness" in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_posted_mechanism_of_another_mechanism_is_refused(client, amina, nador, le_kef, log_in):
    log_in(client, amina)
    response = client.post(reverse("people:add"), add_form(le_kef))
    assert response.status_code == 400
    assert "mechanism" in response.context["form"].errors
    assert not Person.objects.exists()


def test_a_posted_consent_text_of_another_purpose_is_refused(client, amina, nador, log_in):
    log_in(client, amina)
    response = client.post(reverse("people:add"), add_form(nador, text=text_of(Purpose.CONTACT).pk))
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_the_record_page_writes_a_view_entry(client, amina, fatima, log_in):
    log_in(client, amina)
    response = client.get(reverse("people:detail", args=[fatima.pk]))
    assert response.status_code == 200
    assert "فاطمة الزهراء بنعلي" in response.content.decode()
    entry = AuditEntry.objects.filter(action="view").get()
    assert (entry.user, entry.object_type, entry.object_id, entry.mechanism_id) == (
        amina,
        "people.person",
        str(fatima.pk),
        fatima.mechanism_id,
    )


def test_the_record_page_shows_active_and_withdrawn_consents(client, amina, fatima, log_in):
    consent_withdraw(consent=fatima.consents.get(purpose=Purpose.CONTACT), by=amina)
    log_in(client, amina)
    page = client.get(reverse("people:detail", args=[fatima.pk])).content.decode()
    assert "consent-withdrawn" in page
    assert page.count("tag-active") == 1


def test_privacy_links_show_only_to_those_who_may_use_them(client, amina, yousra, fatima, log_in):
    log_in(client, amina)
    assert client.get(reverse("people:detail", args=[fatima.pk])).context["privacy_links"] == []
    log_in(client, yousra)
    links = client.get(reverse("people:detail", args=[fatima.pk])).context["privacy_links"]
    # The coordinator gets those the privacy pages have (any not built yet is left out).
    expected = set()
    for name in (
        "privacy:person_export",
        "privacy:person_export_json",
        "privacy:person_export_html",
        "privacy:person_erase",
    ):
        try:
            expected.add(reverse(name, kwargs={"pk": fatima.pk}))
        except NoReverseMatch:
            continue
    assert {url for url, _label in links} == expected


def test_editing_saves_and_writes_a_change_entry(client, amina, fatima, log_in):
    log_in(client, amina)
    url = reverse("people:edit", args=[fatima.pk])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data["notes"] = "Wants to start a couscous cooperative."
    response = client.post(url, data)
    assert response.status_code == 302
    fatima.refresh_from_db()
    assert fatima.notes == "Wants to start a couscous cooperative."
    assert AuditEntry.objects.filter(action="change", object_id=str(fatima.pk)).exists()


def test_a_frozen_record_cannot_be_edited_through_the_page(client, amina, fatima, log_in):
    consent_withdraw(consent=fatima.consents.get(purpose=Purpose.ACCOMPANIMENT), by=amina)
    log_in(client, amina)
    url = reverse("people:edit", args=[fatima.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"full_name": "Changed"})
    assert response.status_code == 302
    fatima.refresh_from_db()
    assert fatima.full_name == "فاطمة الزهراء بنعلي"
    page = client.get(reverse("people:detail", args=[fatima.pk])).content.decode()
    assert reverse("people:edit", args=[fatima.pk]) not in page
    assert reverse("documents:upload", args=[fatima.pk]) not in page


def test_a_consent_is_recorded_and_withdrawn_through_the_pages(client, amina, fatima, log_in):
    log_in(client, amina)
    url = reverse("people:consent_add", args=[fatima.pk]) + "?purpose=publication"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "purpose": "publication",
            "text": text_of(Purpose.PUBLICATION).pk,
            "agreed": "on",
            "method": "oral_witnessed",
            "witness": "Naima",
            "given_on": "2024-05-02",
        },
    )
    assert response.status_code == 302
    consent = fatima.consents.get(purpose=Purpose.PUBLICATION)
    assert consent.witness == "Naima"

    withdraw = reverse("people:consent_withdraw", args=[fatima.pk, consent.pk])
    assert client.get(withdraw).status_code == 405
    assert client.post(withdraw).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_the_contact_list_holds_those_who_agreed_and_writes_an_export_entry_each(
    client, amina, nador, fatima, log_in
):
    quiet = record(nador, amina, "Latifa Quiet")  # no contact consent
    log_in(client, amina)
    response = client.get(reverse("people:contacts"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["فاطمة الزهراء بنعلي"]
    assert rows[1][1] == "+212 6 61 11 22 33"  # a phone's + is left alone
    exports = AuditEntry.objects.filter(action="export")
    assert list(exports.values_list("object_id", flat=True)) == [str(fatima.pk)]
    assert str(quiet.pk) not in exports.values_list("object_id", flat=True)


def test_a_withdrawn_contact_consent_removes_the_person_from_the_contact_list(
    client, amina, fatima, log_in
):
    consent_withdraw(consent=fatima.consents.get(purpose=Purpose.CONTACT), by=amina)
    log_in(client, amina)
    assert csv_rows(client.get(reverse("people:contacts")))[1:] == []


def test_the_contact_list_neutralises_spreadsheet_formulas(client, amina, nador, log_in):
    from tadamun.people.services import consent_record

    person = record(nador, amina, "=HYPERLINK(1)")
    consent_record(person=person, text=text_of(Purpose.CONTACT), method="online", by=amina)
    log_in(client, amina)
    assert csv_rows(client.get(reverse("people:contacts")))[1][0] == "'=HYPERLINK(1)"


def test_the_list_runs_a_fixed_number_of_queries(
    client, amina, nador, log_in, django_assert_max_num_queries
):
    from tadamun.places.models import Place

    place = Place.objects.get(code="MA-NAD")
    for n in range(30):
        record(nador, amina, f"Person {n}", place=place)
    log_in(client, amina)
    client.get(reverse("people:list"))  # warms the places' cache
    with django_assert_max_num_queries(9) as few:
        response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 30
    for n in range(30, 45):
        record(nador, amina, f"Person {n}", place=place)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("people:list"))


def test_the_list_pages_by_fifty(client, amina, nador, log_in):
    Person.objects.bulk_create(
        [Person(mechanism=nador, full_name=f"P{n:03}", search_keys=f" p{n:03} ") for n in range(55)]
    )
    log_in(client, amina)
    first = client.get(reverse("people:list"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("people:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 5


def test_the_list_searches_across_scripts(client, amina, fatima, nador, log_in):
    record(nador, amina, "Khadija Amrani")
    log_in(client, amina)
    response = client.get(reverse("people:list"), {"q": "Fatima Zahra"})
    assert [p.pk for p in response.context["page"]] == [fatima.pk]


def test_statistics_count_without_names(client, amina, fatima, nador, log_in):
    record(nador, amina, "Khadija Amrani", birth_year=2010)
    record(nador, amina, "Someone")
    log_in(client, amina)
    response = client.get(reverse("people:statistics"))
    stats = response.context["stats"]
    assert stats.total == 3
    assert dict(stats.by_mechanism) == {"Nador": 3}
    # under 18, 18–24, 25–34, 35–44, 45–59, 60 and over, unknown
    ages = [n for _label, n in stats.by_age]
    assert (ages[0], ages[-1], sum(ages)) == (1, 1, 3)
    assert len(ages) == 7
    # woman, man, other, not said
    assert [n for _label, n in stats.by_gender] == [1, 0, 0, 2]
    # The Oriental region (Nador's), then the people without a place.
    assert [n for _label, n in stats.by_region] == [1, 2]
    page = response.content.decode()
    assert "Khadija" not in page and "فاطمة" not in page


def test_the_analyst_sees_statistics_of_every_mechanism_but_no_person(
    client, salma, fatima, mongi, log_in
):
    log_in(client, salma)
    stats = client.get(reverse("people:statistics")).context["stats"]
    assert dict(stats.by_mechanism) == {"Le Kef": 1, "Nador": 1}
    assert client.get(reverse("people:detail", args=[fatima.pk])).status_code == 404


@pytest.mark.parametrize("method", [Consent.Method.ONLINE, Consent.Method.SIGNED_FORM])
def test_a_consent_given_in_writing_keeps_no_witness(nador, amina, method):
    from tadamun.people.services import ConsentGiven, person_create

    person = person_create(
        mechanism=nador,
        by=amina,
        fields={"full_name": "X"},
        consent=ConsentGiven(text=text_of(Purpose.ACCOMPANIMENT), method=method, witness="Y"),
    )
    assert person.consents.get().witness == ""


def test_age_bands_count_from_the_year_of_birth_and_the_current_year(nador, amina):
    from tadamun.people.selectors import people_statistics

    for n, year in enumerate([2010, 2007, 2006, 2000, 1999, 1990, 1980, 1970, 1969, None]):
        record(nador, amina, f"P{n}", birth_year=year)
    stats = people_statistics(amina, year=2024)
    # ages 14 and 17 | 18 and 24 | 25 and 34 | 44 | 54 and 55 | none 60 or over | unknown
    assert [n for _label, n in stats.by_age] == [2, 2, 2, 1, 2, 0, 1]
