"""The staff's pages of diagnostics, in the three languages: the list, starting one,
filling it in a section a page, the profile with its bars and progress; the editor."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tadamun.audit.models import AuditEntry
from tadamun.diagnostics import services
from tadamun.diagnostics.models import Diagnostic, QuestionnaireVersion, Section
from tadamun.diagnostics.tests.conftest import answers, best, questions_of, worst

pytestmark = pytest.mark.django_db


def url(name, mechanism, *args, language="fr"):
    with translation.override(language):
        return reverse(f"diagnostics:{name}", args=[mechanism.slug, *args])


def _completed(version, mechanism, by, person, picks, months_ago=0):
    diagnostic = services.diagnostic_start(
        mechanism=mechanism, version=version, person=person, by=by
    )
    chosen = {}
    for dims, pick in picks:
        chosen |= answers(version, pick, dims)
    services.diagnostic_answer(diagnostic=diagnostic, answers=chosen, by=by)
    services.diagnostic_complete(diagnostic=diagnostic, by=by)
    when = timezone.now() - timedelta(days=30 * months_ago)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(started_at=when, completed_at=when)
    return Diagnostic.objects.get(pk=diagnostic.pk)


def test_an_advisor_starts_fills_in_page_by_page_resumes_and_completes(
    client, log_in, amina, nador, fatima, default_version
):
    log_in(client, amina)
    response = client.post(
        url("start", nador), {"version": default_version.pk, "person": fatima.pk, "actor": ""}
    )
    diagnostic = Diagnostic.objects.get()
    fill = url("fill", nador, diagnostic.pk)
    assert response.status_code == 302 and response["Location"] == fill

    page = client.get(fill).content.decode()
    assert '<progress max="10" value="1"' in page
    sections = list(default_version.sections.order_by("position"))
    # Page 2 (governance): everything at its best, then "save, finish later".
    governance = sections[1].questions.prefetch_related("choices")
    data = {"page": 2, "go": "later"}
    for question in governance:
        value = best(question)
        data[f"q{question.pk}"] = value
    response = client.post(fill, data)
    assert response.status_code == 302
    assert diagnostic.answers.count() == governance.count()

    # Resumed: page 2 shows the answers kept.
    page = client.get(fill + "?page=2").content.decode()
    assert page.count("checked") >= governance.count()

    # The last page completes it.
    response = client.post(fill, {"page": 10, "go": "complete"})
    assert response.status_code == 302
    assert response["Location"] == url("detail", nador, diagnostic.pk)
    diagnostic.refresh_from_db()
    assert diagnostic.status == "completed"
    assert diagnostic.profile == {"governance": 100}
    # A completed diagnostic is not filled in again.
    assert client.get(fill).status_code == 302


def test_next_and_previous_move_between_sections_and_keep_what_was_typed(
    client, log_in, amina, nador, fatima, default_version
):
    log_in(client, amina)
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    fill = url("fill", nador, diagnostic.pk)
    first = default_version.sections.order_by("position").first().questions.all()
    text = next(q for q in first if q.kind == "short_text")
    response = client.post(fill, {"page": 1, "go": "next", f"q{text.pk}": "Couscous"})
    assert response["Location"].endswith("?page=2")
    response = client.post(fill, {"page": 2, "go": "previous"})
    assert response["Location"].endswith("?page=1")
    response = client.post(fill, {"page": 1, "go": "page-7", f"q{text.pk}": "Couscous bio"})
    assert response["Location"].endswith("?page=7")
    assert diagnostic.answers.get(question=text).value == "Couscous bio"


def test_a_wrong_answer_is_shown_again_with_its_error(
    client, log_in, amina, nador, fatima, default_version
):
    log_in(client, amina)
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    number = next(q for q in questions_of(default_version) if q.kind == "number")
    page = number.section.position
    response = client.post(
        url("fill", nador, diagnostic.pk), {"page": page, "go": "next", f"q{number.pk}": "abc"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "direction", "title"),
    [
        ("ar", "rtl", "تشخيص حاجيات التعاونية"),
        ("fr", "ltr", "Diagnostic des besoins de la coopérative"),
        ("en", "ltr", "Cooperative needs diagnostic"),
    ],
)
def test_the_pages_speak_the_three_languages(
    client, log_in, amina, nador, fatima, default_version, language, direction, title
):
    log_in(client, amina)
    diagnostic = _completed(
        default_version, nador, amina, fatima, [({"governance"}, best), ({"digital"}, worst)]
    )
    for name, args in (
        ("list", []),
        ("start", []),
        ("detail", [diagnostic.pk]),
        ("questionnaires", []),
        ("version", [default_version.pk]),
    ):
        response = client.get(url(name, nador, *args, language=language))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert f'lang="{language}" dir="{direction}"' in page, name
    in_progress = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    page = client.get(url("fill", nador, in_progress.pk, language=language) + "?page=2")
    text = html.unescape(page.content.decode())
    assert f'dir="{direction}"' in text
    question = default_version.sections.get(position=2).questions.first()
    assert getattr(question, f"text_{language}") in text
    assert title in client.get(url("questionnaires", nador, language=language)).content.decode()


def test_the_profile_shows_bars_with_their_numbers_and_the_needs_weakest_first(
    client, log_in, amina, nador, fatima, default_version
):
    log_in(client, amina)
    diagnostic = _completed(
        default_version,
        nador,
        amina,
        fatima,
        [({"governance", "care"}, best), ({"digital", "finances"}, worst)],
    )
    with translation.override("en"):
        page = client.get(url("detail", nador, diagnostic.pk, language="en")).content.decode()
    assert 'style="inline-size: 100%"' in page
    assert "100 / 100" in page and "8 / 100" in page
    needs = page[page.index("Needs, weakest first") :]
    assert needs.index("finances") < needs.index("digital")
    assert "not assessed" in page
    assert "4 of 4 questions answered" in page
    assert AuditEntry.objects.filter(
        action="view", object_type="diagnostics.diagnostic", object_id=str(diagnostic.pk)
    ).exists()


def test_a_second_diagnostic_shows_the_progress_side_by_side(
    client, log_in, amina, nador, fatima, default_version
):
    log_in(client, amina)
    _completed(default_version, nador, amina, fatima, [({"governance"}, worst)], months_ago=6)
    later = _completed(default_version, nador, amina, fatima, [({"governance"}, best)])
    page = client.get(url("detail", nador, later.pk, language="en")).content.decode()
    assert "Progress since the previous diagnostic" in page
    assert "+100" in page
    assert 'class="bar previous"' in page


def test_the_list_shows_a_mechanisms_diagnostics_in_a_bounded_number_of_queries(
    client,
    log_in,
    amina,
    nador,
    fatima,
    default_version,
    cooperative,
    django_assert_max_num_queries,
):
    log_in(client, amina)
    for _ in range(3):
        _completed(default_version, nador, amina, fatima, [({"care"}, best)])
    services.diagnostic_start(mechanism=nador, version=default_version, actor=cooperative, by=amina)
    client.get(url("list", nador))  # warm the session and caches
    with django_assert_max_num_queries(12):
        response = client.get(url("list", nador))
    page = response.content.decode()
    assert page.count(str(fatima.full_name)) == 3
    assert "Coopérative Tifaout" in page
    for _ in range(10):
        _completed(default_version, nador, amina, fatima, [({"care"}, best)])
    with django_assert_max_num_queries(12):
        client.get(url("list", nador))


def test_a_trainer_reads_diagnostics_but_does_not_fill_them_in(
    client, log_in, hind, amina, nador, fatima, default_version
):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    log_in(client, hind)
    assert client.get(url("detail", nador, diagnostic.pk)).status_code == 200
    assert client.get(url("fill", nador, diagnostic.pk)).status_code == 404
    assert client.get(url("start", nador)).status_code == 404
    assert "Commencer un diagnostic" not in client.get(url("list", nador)).content.decode()


def test_another_mechanisms_staff_get_404_for_every_page(
    client, log_in, karim, sami, amina, nador, le_kef, fatima, default_version
):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    for user in (karim, sami):
        log_in(client, user)
        # Through Nador's address, and through their own mechanism's.
        for mechanism in (nador, le_kef):
            assert client.get(url("detail", mechanism, diagnostic.pk)).status_code == 404
            assert client.get(url("fill", mechanism, diagnostic.pk)).status_code == 404
        assert client.get(url("list", nador)).status_code == 404


def test_platform_roles_and_accounts_without_role_get_404(
    client, log_in, salma, nadia, outsider, nador, db
):
    for user in (salma, nadia, outsider):
        log_in(client, user)
        assert client.get(url("list", nador)).status_code == 404
        assert client.get(url("questionnaires", nador)).status_code == 404


# -- The editor ----------------------------------------------------------------------------


def test_a_coordinator_writes_a_questionnaire_with_plain_forms_and_publishes_it(
    client, log_in, yousra, nador
):
    log_in(client, yousra)
    response = client.post(
        url("questionnaire_add", nador),
        {"slug": "femmes-artisanes", "title_fr": "Artisanes", "title_ar": "الصانعات"},
    )
    version = QuestionnaireVersion.objects.get(questionnaire__slug="femmes-artisanes")
    assert response["Location"] == url("version", nador, version.pk)
    client.post(
        url("section_add", nador, version.pk), {"title_fr": "Ventes", "title_ar": "المبيعات"}
    )
    section = Section.objects.get(version=version)
    management = {
        "choices-TOTAL_FORMS": "3",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "30",
    }
    response = client.post(
        url("question_add", nador, section.pk),
        {
            "kind": "single",
            "dimension": "marketing",
            "weight": "2",
            "text_fr": "Où vendez-vous ?",
            **management,
            "choices-0-label_fr": "Nulle part",
            "choices-0-points": "0",
            "choices-1-label_fr": "Au souk",
            "choices-1-points": "1",
            "choices-2-label_fr": "",
            "choices-2-points": "0",
        },
    )
    assert response.status_code == 302
    question = section.questions.get()
    assert (question.kind, question.dimension, question.weight) == ("single", "marketing", 2)
    assert list(question.choices.values_list("label_fr", "points")) == [
        ("Nulle part", 0),
        ("Au souk", 1),
    ]
    # Change it: a third choice, the first one deleted.
    response = client.post(
        url("question_edit", nador, question.pk),
        {
            "kind": "single",
            "dimension": "marketing",
            "weight": "2",
            "text_fr": "Où vendez-vous ?",
            **management,
            "choices-INITIAL_FORMS": "2",
            "choices-0-label_fr": "Nulle part",
            "choices-0-points": "0",
            "choices-0-DELETE": "on",
            "choices-1-label_fr": "Au souk",
            "choices-1-points": "1",
            "choices-2-label_fr": "En ligne",
            "choices-2-points": "2",
        },
    )
    assert response.status_code == 302
    assert list(question.choices.values_list("label_fr", "points")) == [
        ("Au souk", 1),
        ("En ligne", 2),
    ]
    client.post(url("version_publish", nador, version.pk))
    version.refresh_from_db()
    assert version.status == "published"
    # Frozen now: its editing pages send back with a message, and the page offers a draft.
    page = client.get(url("version", nador, version.pk)).content.decode()
    assert url("version_draft", nador, version.pk) in page
    assert url("question_edit", nador, question.pk) not in page
    response = client.post(url("version_draft", nador, version.pk))
    draft = QuestionnaireVersion.objects.get(questionnaire=version.questionnaire, number=2)
    assert response["Location"] == url("version", nador, draft.pk)


def test_the_editor_moves_and_deletes_sections(client, log_in, yousra, nador):
    log_in(client, yousra)
    questionnaire = services.questionnaire_create(
        mechanism=nador, slug="ordre", fields={"title_fr": "Ordre"}, by=yousra
    )
    version = questionnaire.versions.get()
    a = services.section_add(version=version, fields={"title_fr": "A"}, by=yousra)
    b = services.section_add(version=version, fields={"title_fr": "B"}, by=yousra)
    client.post(url("section_move", nador, b.pk), {"direction": "up"})
    assert list(version.sections.order_by("position").values_list("title_fr", flat=True)) == [
        "B",
        "A",
    ]
    client.post(url("section_delete", nador, a.pk))
    assert list(version.sections.values_list("title_fr", flat=True)) == ["B"]


def test_an_advisor_reads_questionnaires_but_cannot_edit_them(
    client, log_in, amina, nador, default_version
):
    log_in(client, amina)
    assert client.get(url("questionnaires", nador)).status_code == 200
    assert client.get(url("version", nador, default_version.pk)).status_code == 200
    assert client.get(url("questionnaire_add", nador)).status_code == 404
    assert client.post(url("version_draft", nador, default_version.pk)).status_code == 404


def test_the_platform_questionnaire_is_copied_not_edited(
    client, log_in, yousra, nador, default_version
):
    log_in(client, yousra)
    assert client.post(url("version_draft", nador, default_version.pk)).status_code == 404
    page = client.get(url("questionnaire", nador, default_version.questionnaire.pk)).content
    assert url("questionnaire_copy", nador, default_version.questionnaire.pk).encode() in page
    response = client.post(url("questionnaire_copy", nador, default_version.questionnaire.pk))
    assert response.status_code == 302
    assert re.search(r"/versions/\d+/$", response["Location"])


def test_the_staff_menu_leads_to_the_mechanisms_diagnostics(client, log_in, amina, nador):
    log_in(client, amina)
    response = client.get(reverse("diagnostics_home"))
    assert response.status_code == 302
    assert response["Location"] == url("list", nador)
    page = client.get(reverse("people:list")).content.decode()
    assert reverse("diagnostics_home") in page


def test_the_menu_entry_answers_404_to_roles_without_diagnostics(client, log_in, salma):
    log_in(client, salma)
    assert client.get(reverse("diagnostics_home")).status_code == 404


def test_a_persons_record_lists_their_diagnostics_and_offers_to_start_one(
    client, log_in, amina, hind, nador, fatima, default_version
):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    log_in(client, amina)
    page = client.get(reverse("people:detail", args=[fatima.pk])).content.decode()
    assert url("detail", nador, diagnostic.pk) in page
    assert f"{url('start', nador)}?person={fatima.pk}" in page
    start = client.get(f"{url('start', nador)}?person={fatima.pk}").content.decode()
    assert f'<option value="{fatima.pk}" selected>' in start
    log_in(client, hind)
    page = client.get(reverse("people:detail", args=[fatima.pk])).content.decode()
    assert url("detail", nador, diagnostic.pk) in page
    assert url("start", nador) not in page


def test_the_mechanisms_page_links_to_its_diagnostics(client, log_in, amina, nador):
    log_in(client, amina)
    page = client.get(reverse("mechanisms:detail", args=[nador.slug])).content.decode()
    assert url("list", nador) in page


def test_the_profile_and_the_fill_pages_read_a_fixed_number_of_queries(
    client, log_in, amina, nador, fatima, default_version, django_assert_max_num_queries
):
    log_in(client, amina)
    _completed(default_version, nador, amina, fatima, [({"governance"}, worst)], months_ago=6)
    later = _completed(default_version, nador, amina, fatima, [(None, best)])
    client.get(url("detail", nador, later.pk))
    with django_assert_max_num_queries(15):
        assert client.get(url("detail", nador, later.pk)).status_code == 200
    in_progress = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    with django_assert_max_num_queries(12):
        assert client.get(url("fill", nador, in_progress.pk) + "?page=3").status_code == 200


def test_the_start_form_finds_a_person_the_short_list_leaves_out_by_name_in_either_script(
    client, log_in, amina, nador, fatima, default_version, monkeypatch
):
    from tadamun.people import selectors as people_selectors
    from tadamun.people.tests.conftest import record

    monkeypatch.setattr(people_selectors, "PEOPLE_LISTED", 1)
    record(nador, amina, "Aicha Amrani")
    log_in(client, amina)
    start = url("start", nador)
    listed = client.get(start).content.decode()
    assert "Aicha Amrani" in listed and "فاطمة" not in listed
    # Typed in Latin letters, found in Arabic ones; the link's other parameters kept.
    found = client.get(start + "?q=fatima&actor=").content.decode()
    assert "فاطمة" in found and "Aicha Amrani" not in found
    assert '<input type="hidden" name="actor" value="">' in found
    response = client.post(
        start + "?q=fatima", {"version": default_version.pk, "person": fatima.pk, "actor": ""}
    )
    assert response.status_code == 302
    assert Diagnostic.objects.get().person == fatima
