"""Questionnaires and their versions; filling a diagnostic in, partly, then resuming,
completing it; profiles kept whatever the template becomes; comparisons."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tadamun.audit.models import AuditEntry
from tadamun.diagnostics import services
from tadamun.diagnostics.default_questionnaire import SECTIONS
from tadamun.diagnostics.dimensions import WEAK_BELOW, Dimension
from tadamun.diagnostics.models import (
    TRANSITIONS,
    Choice,
    Diagnostic,
    Question,
    VersionStatus,
)
from tadamun.diagnostics.selectors import (
    diagnostic_latest,
    diagnostic_profile,
    diagnostics_compare,
    weak_dimensions,
)
from tadamun.diagnostics.tests.conftest import answers, best, questions_of, worst

pytestmark = pytest.mark.django_db


def _draft(mechanism, by, slug="atelier"):
    questionnaire = services.questionnaire_create(
        mechanism=mechanism, slug=slug, fields={"title_fr": "Atelier couture"}, by=by
    )
    version = questionnaire.versions.get()
    section = services.section_add(version=version, fields={"title_fr": "Ventes"}, by=by)
    services.question_add(
        section=section,
        fields={"kind": "yes_no", "dimension": "marketing", "text_fr": "Vendez-vous en ligne ?"},
        by=by,
    )
    return version


# -- The default questionnaire -------------------------------------------------------------


def test_a_fresh_installation_has_the_default_questionnaire_published(default_version):
    assert default_version.status == VersionStatus.PUBLISHED
    assert default_version.questionnaire.mechanism is None
    dimensions = {q.dimension for q in questions_of(default_version) if q.dimension}
    assert dimensions == set(Dimension.values)
    for dimension in Dimension.values:
        count = len(questions_of(default_version, dimension))
        assert 3 <= count <= 5, dimension


def test_every_text_of_the_default_questionnaire_is_in_three_languages(default_version):
    assert len(SECTIONS) == 10
    for question in questions_of(default_version):
        assert question.text_ar and question.text_fr and question.text_en
        assert any("\u0600" <= ch <= "\u06ff" for ch in question.text_ar)
        for choice in question.choices.all():
            assert choice.label_ar and choice.label_fr and choice.label_en


# -- Versions ------------------------------------------------------------------------------


def test_the_transitions_are_draft_to_published_to_retired_only():
    assert {
        "draft": {"published"},
        "published": {"retired"},
        "retired": set(),
    } == TRANSITIONS


def test_a_coordinator_writes_and_publishes_a_questionnaire_and_each_step_is_logged(nador, yousra):
    version = _draft(nador, yousra)
    services.version_publish(version=version, by=yousra)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert version.published_at is not None
    steps = list(version.transitions.values_list("from_status", "to_status", "by"))
    assert steps == [("", "draft", yousra.pk), ("draft", "published", yousra.pk)]


def test_a_published_version_is_frozen(nador, yousra):
    version = _draft(nador, yousra)
    services.version_publish(version=version, by=yousra)
    section = version.sections.get()
    question = section.questions.get()
    for change in (
        lambda: services.section_add(version=version, fields={"title_fr": "x"}, by=yousra),
        lambda: services.section_update(section=section, fields={"title_fr": "x"}, by=yousra),
        lambda: services.question_update(question=question, fields={"weight": 3}, by=yousra),
        lambda: services.choices_set(question=question, choices=[], by=yousra),
        lambda: services.question_delete(question=question, by=yousra),
        lambda: services.section_move(section=section, offset=1, by=yousra),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.code == "frozen"
    assert question.choices.count() == 2


def test_editing_a_published_version_makes_a_new_draft_copied_from_it(nador, yousra):
    version = _draft(nador, yousra)
    services.version_publish(version=version, by=yousra)
    draft = services.version_draft_from(version=version, by=yousra)
    assert (draft.number, draft.status, draft.based_on_id) == (2, "draft", version.pk)
    copied = draft.sections.get().questions.get()
    original = version.sections.get().questions.get()
    assert copied.pk != original.pk
    assert copied.text_fr == original.text_fr
    assert list(copied.choices.values_list("label_fr", "points")) == [("Oui", 1), ("Non", 0)]
    # One draft at a time: asking again gives the same one.
    assert services.version_draft_from(version=version, by=yousra) == draft


def test_publishing_a_new_version_retires_the_one_before(nador, yousra):
    version = _draft(nador, yousra)
    services.version_publish(version=version, by=yousra)
    draft = services.version_draft_from(version=version, by=yousra)
    services.version_publish(version=draft, by=yousra)
    version.refresh_from_db()
    assert version.status == VersionStatus.RETIRED
    assert version.transitions.last().to_status == "retired"


def test_a_retired_version_cannot_be_published_again(nador, yousra):
    version = _draft(nador, yousra)
    services.version_publish(version=version, by=yousra)
    services.version_retire(version=version, by=yousra)
    with pytest.raises(ValidationError):
        services.version_publish(version=version, by=yousra)


def test_an_empty_version_or_a_choice_question_without_choices_cannot_be_published(nador, yousra):
    questionnaire = services.questionnaire_create(
        mechanism=nador, slug="vide", fields={"title_fr": "Vide"}, by=yousra
    )
    version = questionnaire.versions.get()
    with pytest.raises(ValidationError) as refused:
        services.version_publish(version=version, by=yousra)
    assert refused.value.code == "empty"
    section = services.section_add(version=version, fields={"title_en": "One"}, by=yousra)
    services.question_add(
        section=section, fields={"kind": "single", "text_en": "Which?"}, by=yousra
    )
    with pytest.raises(ValidationError) as refused:
        services.version_publish(version=version, by=yousra)
    assert refused.value.code == "choices"


def test_sections_and_questions_are_reordered(nador, yousra):
    version = _draft(nador, yousra)
    second = services.section_add(version=version, fields={"title_fr": "Deux"}, by=yousra)
    services.section_move(section=second, offset=-1, by=yousra)
    assert [s.title_fr for s in version.sections.order_by("position")] == ["Deux", "Ventes"]
    section = version.sections.get(title_fr="Ventes")
    other = services.question_add(
        section=section, fields={"kind": "scale", "dimension": "care", "text_fr": "B"}, by=yousra
    )
    services.question_move(question=other, offset=-1, by=yousra)
    assert [q.text_fr for q in section.questions.order_by("position")] == [
        "B",
        "Vendez-vous en ligne ?",
    ]


def test_text_questions_count_towards_no_dimension(nador, yousra):
    version = _draft(nador, yousra)
    question = services.question_add(
        section=version.sections.get(),
        fields={"kind": "long_text", "dimension": "care", "text_fr": "Racontez"},
        by=yousra,
    )
    assert question.dimension == ""


def test_an_advisor_cannot_edit_questionnaires(nador, amina):
    with pytest.raises(Http404):
        services.questionnaire_create(mechanism=nador, slug="x", fields={"title_fr": "X"}, by=amina)


def test_no_coordinator_edits_the_platform_wide_questionnaire(default_version, yousra):
    with pytest.raises(Http404):
        services.version_draft_from(version=default_version, by=yousra)


def test_a_coordinator_of_another_mechanism_cannot_touch_nadors_questionnaire(nador, yousra, karim):
    version = _draft(nador, yousra)
    with pytest.raises(Http404):
        services.section_add(version=version, fields={"title_fr": "x"}, by=karim)
    with pytest.raises(Http404):
        services.version_publish(version=version, by=karim)


def test_a_platform_questionnaire_is_copied_into_a_mechanisms_own_draft(
    default_version, nador, yousra
):
    copy = services.questionnaire_copy(
        questionnaire=default_version.questionnaire, mechanism=nador, by=yousra
    )
    draft = copy.versions.get()
    assert (copy.mechanism, draft.status) == (nador, "draft")
    assert len(questions_of(draft)) == len(questions_of(default_version))


# -- Filling in ----------------------------------------------------------------------------


def test_a_diagnostic_is_saved_partly_and_resumed(default_version, nador, amina, fatima):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    governance = answers(default_version, best, {"governance"})
    services.diagnostic_answer(diagnostic=diagnostic, answers=governance, by=amina)
    assert diagnostic.answers.count() == len(governance)
    assert diagnostic.status == Diagnostic.Status.IN_PROGRESS
    # Later, another page; then one answer changed and one cleared.
    care = answers(default_version, worst, {"care"})
    services.diagnostic_answer(diagnostic=diagnostic, answers=care, by=amina)
    first_care = next(iter(care))
    services.diagnostic_answer(diagnostic=diagnostic, answers={first_care: None}, by=amina)
    assert diagnostic.answers.count() == len(governance) + len(care) - 1
    assert diagnostic_profile(diagnostic) == {"governance": 100, "care": 0}


def test_completing_stores_the_profile_with_its_coverage(default_version, nador, amina, fatima):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    services.diagnostic_answer(
        diagnostic=diagnostic,
        answers=answers(default_version, best, {"governance", "finances"})
        | answers(default_version, worst, {"digital"}),
        by=amina,
    )
    services.diagnostic_complete(diagnostic=diagnostic, by=amina)
    diagnostic.refresh_from_db()
    assert diagnostic.status == Diagnostic.Status.COMPLETED
    # Digital at its worst still gets 1 of 13: one channel ticked in the multiple choice.
    assert diagnostic.profile == {"governance": 100, "finances": 100, "digital": 8}
    assert diagnostic.profile_details["digital"]["answered"] == 4
    assert diagnostic.profile_details["care"] == {
        "obtained": 0,
        "possible": 0,
        "answered": 0,
        "asked": 4,
    }
    for again in (
        lambda: services.diagnostic_answer(diagnostic=diagnostic, answers={}, by=amina),
        lambda: services.diagnostic_complete(diagnostic=diagnostic, by=amina),
    ):
        with pytest.raises(ValidationError) as refused:
            again()
        assert refused.value.code == "completed"


def test_the_profile_is_kept_when_the_template_changes(default_version, nador, amina, fatima):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    services.diagnostic_answer(
        diagnostic=diagnostic, answers=answers(default_version, best), by=amina
    )
    services.diagnostic_complete(diagnostic=diagnostic, by=amina)
    kept = dict(Diagnostic.objects.get(pk=diagnostic.pk).profile)
    # A new version is written and published; even the old rows' points are rewritten.
    draft = services.version_draft_from(version=default_version, by=None)
    Choice.objects.filter(question__section__version=draft).update(points=0)
    services.version_publish(version=draft, by=None)
    Choice.objects.filter(question__section__version=default_version).update(points=0)
    Question.objects.filter(section__version=default_version).update(weight=7)
    diagnostic = Diagnostic.objects.get(pk=diagnostic.pk)
    assert diagnostic.profile == kept == dict.fromkeys(Dimension.values, 100)
    assert diagnostic_profile(diagnostic) == kept
    default_version.refresh_from_db()
    assert default_version.status == "retired"


def test_an_answer_must_be_one_of_the_questions_answers(default_version, nador, amina, fatima):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    single = next(q for q in questions_of(default_version) if q.kind == "single")
    scale = next(q for q in questions_of(default_version) if q.kind == "scale")
    for bad in ({single.pk: 999999}, {scale.pk: 9}, {999999: 1}):
        with pytest.raises(ValidationError):
            services.diagnostic_answer(diagnostic=diagnostic, answers=bad, by=amina)
    assert not diagnostic.answers.exists()


def test_a_diagnostic_needs_a_published_version_of_the_mechanism_or_the_platform(
    default_version, nador, le_kef, yousra, karim, amina, fatima
):
    version = _draft(le_kef, karim, slug="kef")
    services.version_publish(version=version, by=karim)
    with pytest.raises(ValidationError):
        services.diagnostic_start(mechanism=nador, version=version, person=fatima, by=amina)
    draft = _draft(nador, yousra, slug="brouillon")
    with pytest.raises(ValidationError):
        services.diagnostic_start(mechanism=nador, version=draft, person=fatima, by=amina)


def test_a_diagnostic_is_of_a_person_of_the_mechanism_or_of_an_organisation(
    default_version, nador, amina, mongi, cooperative
):
    with pytest.raises(Http404):
        services.diagnostic_start(mechanism=nador, version=default_version, person=mongi, by=amina)
    with pytest.raises(ValidationError):
        services.diagnostic_start(mechanism=nador, version=default_version, by=amina)
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, actor=cooperative, by=amina
    )
    assert diagnostic.subject == cooperative


def test_a_trainer_and_other_mechanisms_staff_cannot_fill_in(
    default_version, nador, hind, karim, amina, fatima
):
    for user in (hind, karim):
        with pytest.raises(Http404):
            services.diagnostic_start(
                mechanism=nador, version=default_version, person=fatima, by=user
            )
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    with pytest.raises(Http404):
        services.diagnostic_answer(diagnostic=diagnostic, answers={}, by=karim)


def test_a_person_who_withdrew_their_consent_is_not_diagnosed(
    default_version, nador, amina, fatima
):
    from tadamun.people.services import consent_withdraw

    consent_withdraw(consent=fatima.consents.get(), by=amina)
    with pytest.raises(ValidationError) as refused:
        services.diagnostic_start(mechanism=nador, version=default_version, person=fatima, by=amina)
    assert refused.value.code == "frozen"


def test_every_write_about_a_person_is_audited(default_version, nador, amina, fatima):
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, person=fatima, by=amina
    )
    services.diagnostic_answer(
        diagnostic=diagnostic, answers=answers(default_version, best, {"care"}), by=amina
    )
    services.diagnostic_complete(diagnostic=diagnostic, by=amina)
    entries = AuditEntry.objects.filter(
        object_type="diagnostics.diagnostic", object_id=str(diagnostic.pk)
    )
    assert sorted(entries.values_list("action", flat=True)) == ["change", "change", "create"]
    assert set(entries.values_list("user", flat=True)) == {amina.pk}


# -- Profiles, latest, comparison ----------------------------------------------------------


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


def test_the_latest_diagnostic_and_the_progress_between_two(default_version, nador, amina, fatima):
    earlier = _completed(
        default_version,
        nador,
        amina,
        fatima,
        [({"governance", "digital"}, worst), ({"finances"}, best)],
        months_ago=6,
    )
    later = _completed(
        default_version,
        nador,
        amina,
        fatima,
        [({"governance", "finances"}, best), ({"digital"}, worst), ({"care"}, best)],
    )
    assert diagnostic_latest(person=fatima) == later
    rows = {row.dimension: row for row in diagnostics_compare(earlier, later)}
    assert (rows["governance"].earlier, rows["governance"].later, rows["governance"].delta) == (
        0,
        100,
        100,
    )
    assert rows["digital"].delta == 0
    assert rows["finances"].delta_text == "0"
    assert (rows["care"].earlier, rows["care"].later, rows["care"].delta) == (None, 100, None)
    assert "marketing" not in rows


def test_weak_dimensions_are_those_under_the_threshold_weakest_first():
    profile = {"finances": 20, "digital": 0, "care": WEAK_BELOW, "legal": 49, "gender": 20}
    assert weak_dimensions(profile) == ["digital", "finances", "gender", "legal"]
    assert weak_dimensions({}) == []


def test_no_diagnostic_latest_is_none(fatima):
    assert diagnostic_latest(person=fatima) is None


# -- Demo ----------------------------------------------------------------------------------


def test_the_demo_loads_diagnostics_some_twice_showing_progress_and_runs_twice(db):
    from django.core.management import call_command

    call_command("demo", "--actors", "0")
    call_command("demo", "--actors", "0")
    completed = Diagnostic.objects.completed()
    assert completed.filter(person__isnull=False).count() == 5
    assert completed.filter(actor__isnull=False).count() == 2
    assert Diagnostic.objects.filter(status="in_progress").count() == 1
    twice = [d for d in completed.filter(person__isnull=False) if d.person.diagnostics.count() == 2]
    person = twice[0].person
    earlier, later = person.diagnostics.order_by("completed_at")
    rows = diagnostics_compare(earlier, later)
    assert len(rows) == 9
    assert all(row.delta is not None and row.delta >= 0 for row in rows)
    assert any(row.delta > 0 for row in rows)
    assert weak_dimensions(diagnostic_profile(earlier))


def test_merging_a_duplicate_organisation_moves_its_diagnostics_and_undo_moves_them_back(
    default_version, nador, amina, cooperative, nadia
):
    from tadamun.directory.tests.factories import ActorFactory
    from tadamun.duplicates.services import actors_merge, merge_undo

    twin = ActorFactory.create(name_fr="Coop. Tifaout", place="MA-NAD")
    diagnostic = services.diagnostic_start(
        mechanism=nador, version=default_version, actor=twin, by=amina
    )
    twin_id = twin.pk
    merge = actors_merge(survivor=cooperative, merged=twin, choices={}, by=nadia)
    diagnostic.refresh_from_db()
    assert diagnostic.actor_id == cooperative.pk
    restored = merge_undo(merge=merge, by=nadia)
    diagnostic.refresh_from_db()
    assert diagnostic.actor_id == restored.pk == twin_id


def test_the_observatory_counts_people_diagnosed_and_needs_never_names(
    default_version, nador, le_kef, amina, sami, fatima, mongi, cooperative, salma, yousra
):
    from tadamun.observatory.numbers import numbers_for

    def diagnostics_counts(user, **period):
        rows = {row.code: row.total for row in numbers_for(user, **period).rows}
        return SimpleNamespace(
            completed=rows["diagnostics_completed"],
            people=rows["people_diagnosed"],
            organisations=rows["organisations_diagnosed"],
            needs={d: rows[f"needs_{d}"] for d in ("digital", "care", "legal")},
        )

    _completed(default_version, nador, amina, fatima, [({"digital"}, worst)], months_ago=3)
    _completed(default_version, nador, amina, fatima, [({"digital"}, best)])
    _completed(default_version, le_kef, sami, mongi, [({"care", "legal"}, worst)])
    organisation = services.diagnostic_start(
        mechanism=nador, version=default_version, actor=cooperative, by=amina
    )
    services.diagnostic_complete(diagnostic=organisation, by=amina)
    everywhere = diagnostics_counts(salma)
    assert (everywhere.completed, everywhere.people, everywhere.organisations) == (4, 2, 1)
    assert everywhere.needs["digital"] == 1
    assert everywhere.needs["care"] == everywhere.needs["legal"] == 1
    nador_only = diagnostics_counts(yousra)
    assert (nador_only.completed, nador_only.people) == (3, 1)
    assert nador_only.needs["care"] == 0
    recent = diagnostics_counts(salma, start=timezone.localdate() - timedelta(days=30))
    assert recent.completed == 3
