"""The staff's pages of cases in three languages, their forms, their permissions and their
number of queries."""

import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tadamun.accompaniment.models import Case, Stage
from tadamun.accompaniment.services import (
    case_action_add,
    case_open,
    case_session_add,
)
from tadamun.people.models import Person
from tadamun.people.tests.conftest import record

pytestmark = pytest.mark.django_db


def page(client, url: str, language: str = "fr") -> str:
    response = client.get(url.replace("/fr/", f"/{language}/", 1))
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_the_case_pages_speak_each_language_and_arabic_is_right_to_left(
    client, log_in, amina, couscous, language
):
    log_in(client, amina)
    case_session_add(
        case=couscous,
        by=amina,
        date=date.today(),
        duration_minutes=45,
        topic="gender_care",
        next_steps="Visite du souk",
    )
    words = {"ar": "مرافقة", "fr": "Dossiers", "en": "Cases"}
    topic = {"ar": "النوع الاجتماعي والرعاية", "fr": "genre et soins", "en": "gender and care"}
    for url in (
        reverse("accompaniment:mine"),
        reverse("accompaniment:list", args=[couscous.mechanism.slug]),
        reverse("accompaniment:detail", args=[couscous.pk]),
        reverse("accompaniment:session_add", args=[couscous.pk]),
        reverse("accompaniment:open", args=[couscous.mechanism.slug]),
    ):
        html = page(client, url, language)
        assert f'lang="{language}"' in html
        assert ('dir="rtl"' in html) == (language == "ar"), url
    detail = page(client, reverse("accompaniment:detail", args=[couscous.pk]), language)
    assert topic[language] in detail
    assert words[language] in detail


def test_the_case_page_offers_the_allowed_moves_only(client, log_in, amina, couscous):
    log_in(client, amina)
    html = page(client, reverse("accompaniment:detail", args=[couscous.pk]))
    assert 'name="to" value="creation"' in html
    assert 'value="development"' not in html  # no skipping
    assert 'value="closed"' not in html  # closing has its page, with its reason
    assert reverse("accompaniment:close", args=[couscous.pk]) in html


def test_buttons_move_the_case_and_back_needs_a_reason(client, log_in, amina, couscous):
    log_in(client, amina)
    move = reverse("accompaniment:move", args=[couscous.pk])
    client.post(move, {"to": "creation"})
    couscous.refresh_from_db()
    assert couscous.stage == Stage.CREATION
    client.post(move, {"to": "idea", "note": ""})
    couscous.refresh_from_db()
    assert couscous.stage == Stage.CREATION
    client.post(move, {"to": "autonomy"})
    couscous.refresh_from_db()
    assert couscous.stage == Stage.CREATION
    client.post(move, {"to": "idea", "note": "Projet à revoir"})
    couscous.refresh_from_db()
    assert couscous.stage == Stage.IDEA


def test_closing_and_reopening_from_the_pages(client, log_in, amina, couscous):
    log_in(client, amina)
    close = reverse("accompaniment:close", args=[couscous.pk])
    assert client.post(close, {"reason": "other", "note": ""}).status_code == 400
    response = client.post(close, {"reason": "autonomous", "note": ""})
    assert response.status_code == 302
    couscous.refresh_from_db()
    assert couscous.stage == Stage.CLOSED
    html = page(client, reverse("accompaniment:detail", args=[couscous.pk]))
    assert 'name="to" value="idea"' in html  # reopen where it was
    client.post(reverse("accompaniment:move", args=[couscous.pk]), {"to": "idea"})
    couscous.refresh_from_db()
    assert couscous.stage == Stage.IDEA


def test_opening_a_case_from_the_page(client, log_in, amina, nador, fatima, cooperative):
    log_in(client, amina)
    url = reverse("accompaniment:open", args=[nador.slug])
    response = client.post(
        url,
        {
            "subject": "person",
            "person": fatima.pk,
            "title": "Couscous",
            "description": "",
            "advisor": amina.pk,
            "stage": "idea",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.pk}/")
    assert case.person == fatima and case.advisor == amina
    response = client.post(
        url,
        {
            "subject": "actor",
            "actor": cooperative.pk,
            "title": "Vente en ligne",
            "advisor": amina.pk,
            "stage": "development",
        },
    )
    assert Case.objects.get(actor=cooperative).stage == Stage.DEVELOPMENT


def test_the_open_form_offers_only_the_mechanisms_people_and_staff(
    client, log_in, amina, nador, mongi, sami
):
    log_in(client, amina)
    url = reverse("accompaniment:open", args=[nador.slug])
    html = page(client, url)
    assert "Mongi" not in html and "Sami" not in html
    response = client.post(
        url,
        {
            "subject": "person",
            "person": mongi.pk,
            "title": "x",
            "advisor": sami.pk,
            "stage": "idea",
        },
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_the_open_form_lists_a_few_people_and_finds_the_others_by_name(
    client, log_in, amina, nador, fatima, monkeypatch
):
    from tadamun.people import selectors as people_selectors

    monkeypatch.setattr(people_selectors, "PEOPLE_LISTED", 2)
    for name in ("Aicha Amrani", "Badia Bennani", "Zineb Ziani"):
        record(nador, amina, name)
    log_in(client, amina)
    url = reverse("accompaniment:open", args=[nador.slug])
    html = page(client, url)
    # The first two by name, and a way to the others.
    assert "Aicha Amrani" in html and "Badia Bennani" in html
    assert "Zineb Ziani" not in html and "فاطمة" not in html
    assert re.search(r'id="find-person-listed"[^>]*>[^<]*\b2\b[^<]*\b4\b', html)
    found = page(client, url + "?q=ziani")
    assert "Zineb Ziani" in found and "Aicha Amrani" not in found
    # A person the list does not show is still accepted when posted (found, then chosen).
    zineb = Person.objects.get(full_name="Zineb Ziani")
    response = client.post(
        url + "?q=ziani",
        {
            "subject": "person",
            "person": zineb.pk,
            "title": "Tissage",
            "advisor": amina.pk,
            "stage": "idea",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().person == zineb


def test_the_open_form_of_a_small_mechanism_has_no_person_finder(
    client, log_in, amina, nador, fatima
):
    log_in(client, amina)
    html = page(client, reverse("accompaniment:open", args=[nador.slug]))
    assert "فاطمة" in html and 'id="find-person"' not in html


def test_amina_gets_404_for_le_kef_cases(client, log_in, amina, kef_case):
    log_in(client, amina)
    urls = [
        reverse("accompaniment:detail", args=[kef_case.pk]),
        reverse("accompaniment:list", args=[kef_case.mechanism.slug]),
        reverse("accompaniment:open", args=[kef_case.mechanism.slug]),
        reverse("accompaniment:session_add", args=[kef_case.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    move = reverse("accompaniment:move", args=[kef_case.pk])
    assert client.post(move, {"to": "creation"}).status_code == 404
    kef_case.refresh_from_db()
    assert kef_case.stage == Stage.IDEA
    assert "Apiculture" not in page(client, reverse("accompaniment:mine"))


def test_roles_without_cases_do_not_reach_the_pages(client, log_in, salma, outsider, couscous):
    for user in (salma, outsider):
        log_in(client, user)
        assert client.get(reverse("accompaniment:mine")).status_code == 404
        assert client.get(reverse("accompaniment:detail", args=[couscous.pk])).status_code == 404


def test_only_coordinators_see_the_reassign_page(client, log_in, amina, yousra, couscous):
    url = reverse("accompaniment:reassign", args=[couscous.pk])
    log_in(client, amina)
    assert client.get(url).status_code == 404
    log_in(client, yousra)
    assert client.get(url).status_code == 200
    client.post(url, {"advisor": yousra.pk})
    couscous.refresh_from_db()
    assert couscous.advisor == yousra


def test_sessions_actions_jobs_turnover_from_the_pages(client, log_in, amina, couscous):
    log_in(client, amina)
    pk = couscous.pk
    today = date.today().isoformat()
    assert (
        client.post(
            reverse("accompaniment:session_add", args=[pk]),
            {"date": today, "duration_minutes": 60, "topic": "financing", "next_steps": "Banque"},
        ).status_code
        == 302
    )
    client.post(
        reverse("accompaniment:action_add", args=[pk]),
        {"description": "Déposer le dossier", "owner": "advisor", "due_on": today},
    )
    action = couscous.actions.get()
    client.post(reverse("accompaniment:action_done", args=[pk, action.pk]))
    action.refresh_from_db()
    assert action.done_at is not None
    client.post(
        reverse("accompaniment:job_add", args=[pk]),
        {
            "count": 2,
            "gender": "woman",
            "started_on": today,
            "has_contract": "on",
            "contract_kind": "fixed_term",
            "social_protection": "on",
            "monthly_income": "4000",
        },
    )
    job = couscous.jobs.get()
    assert (job.count, job.decent) == (2, True)
    client.post(
        reverse("accompaniment:turnover", args=[pk]),
        {"year": date.today().year, "amount": "25000"},
    )
    assert couscous.turnovers.get().amount == 25000
    assert couscous.sessions.get().topic == "financing"
    html = page(client, reverse("accompaniment:detail", args=[pk]))
    assert "Banque" in html and "Déposer le dossier" in html


def test_the_organisation_created_from_the_page(client, log_in, amina, couscous, cooperative):
    log_in(client, amina)
    url = reverse("accompaniment:organisation", args=[couscous.pk])
    assert client.get(url).status_code == 200
    client.post(
        url,
        {"which": "create", "new-name_fr": "Coopérative Nour", "new-created_on": "2026-01-10"},
    )
    couscous.refresh_from_db()
    assert couscous.organisation.name_fr == "Coopérative Nour"
    client.post(
        url, {"which": "link", "link-actor": cooperative.pk, "link-created_on": "2026-01-12"}
    )
    couscous.refresh_from_db()
    assert couscous.organisation == cooperative


def test_documents_attach_to_the_case_and_download_audited(client, log_in, amina, yousra, couscous):
    from tadamun.audit.models import AuditEntry

    log_in(client, amina)
    upload = io.BytesIO(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    upload.name = "plan.pdf"
    response = client.post(
        reverse("accompaniment:document_add", args=[couscous.pk]),
        {"title": "Plan d'affaires", "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    link = couscous.case_documents.select_related("document").get()
    assert link.document.person == couscous.person
    html = page(client, reverse("accompaniment:detail", args=[couscous.pk]))
    download = reverse("documents:download", args=[link.document.pk])
    assert download in html
    response = client.get(download)
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="download", object_id=str(link.document.pk)).exists()
    log_in(client, yousra)
    client.post(reverse("accompaniment:document_delete", args=[couscous.pk, link.document.pk]))
    assert not couscous.case_documents.exists()


def test_a_file_that_is_not_what_it_says_is_refused(client, log_in, amina, couscous):
    log_in(client, amina)
    upload = io.BytesIO(b"MZ\x90\x00 not a pdf")
    upload.name = "plan.pdf"
    response = client.post(
        reverse("accompaniment:document_add", args=[couscous.pk]),
        {"title": "Plan", "file": upload},
    )
    assert response.status_code == 400
    assert not couscous.case_documents.exists()


def _many_cases(nador, amina, yousra, n: int):
    for index in range(n):
        person = record(nador, amina, f"Personne {index}", gender="woman")
        case = case_open(
            mechanism=nador,
            person=person,
            advisor=amina if index % 2 else yousra,
            by=amina,
            title=f"Projet {index}",
        )
        case_session_add(
            case=case, by=amina, date=date.today(), duration_minutes=30, topic="technical"
        )
        case_action_add(case=case, by=amina, description="x", owner="advisor", due_on=date.today())


def test_the_list_and_my_week_take_a_bounded_number_of_queries(
    client, log_in, amina, yousra, nador, django_assert_max_num_queries
):
    log_in(client, amina)
    _many_cases(nador, amina, yousra, 3)
    urls = [
        reverse("accompaniment:list", args=[nador.slug]),
        reverse("accompaniment:list", args=[nador.slug]) + f"?stage=idea&advisor={amina.pk}",
        reverse("accompaniment:mine"),
    ]
    counts = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few)
    _many_cases(nador, amina, yousra, 12)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_the_case_page_takes_a_bounded_number_of_queries(
    client, log_in, amina, couscous, django_assert_max_num_queries
):
    log_in(client, amina)
    for index in range(10):
        case_session_add(
            case=couscous, by=amina, date=date.today(), duration_minutes=30, topic="legal"
        )
        case_action_add(case=couscous, by=amina, description=f"a{index}", owner="advisor")
    with django_assert_max_num_queries(30):
        assert client.get(reverse("accompaniment:detail", args=[couscous.pk])).status_code == 200


def test_the_list_filters_by_stage_and_advisor(client, log_in, amina, yousra, nador, fatima):
    other = record(nador, amina, "Khadija Amrani", gender="woman")
    case_open(mechanism=nador, person=fatima, advisor=amina, by=amina, title="Projet Alpha")
    case_open(
        mechanism=nador,
        person=other,
        advisor=yousra,
        by=amina,
        title="Projet Beta",
        stage="creation",
    )
    log_in(client, amina)
    url = reverse("accompaniment:list", args=[nador.slug])
    assert "Projet Beta" not in page(client, url + "?stage=idea")
    assert "Projet Alpha" in page(client, url + "?stage=idea")
    assert "Projet Alpha" not in page(client, url + f"?advisor={yousra.pk}")
    assert "Projet Beta" in page(client, url + f"?advisor={yousra.pk}")


def test_the_case_page_view_is_audited(client, log_in, amina, couscous):
    from tadamun.audit.models import AuditEntry

    log_in(client, amina)
    page(client, reverse("accompaniment:detail", args=[couscous.pk]))
    assert AuditEntry.objects.filter(
        action="view", object_type="accompaniment.case", object_id=str(couscous.pk), user=amina
    ).exists()


def test_old_due_actions_show_as_overdue_on_my_week(client, log_in, amina, couscous):
    case_action_add(
        case=couscous,
        by=amina,
        description="Payer la patente",
        owner="beneficiary",
        due_on=date.today() - timedelta(days=20),
    )
    log_in(client, amina)
    html = page(client, reverse("accompaniment:mine"))
    assert "Payer la patente" in html and "overdue" in html
