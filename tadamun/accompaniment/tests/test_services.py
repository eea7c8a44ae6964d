"""Cases: who may open them, the stages and their log, sessions, the action plan."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from tadamun.accompaniment.models import TRANSITIONS, Case, Move, Stage
from tadamun.accompaniment.services import (
    case_action_add,
    case_action_done,
    case_close,
    case_move,
    case_open,
    case_reassign,
    case_session_add,
)
from tadamun.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def stages_logged(case):
    return [(c.move, c.from_stage, c.to_stage) for c in case.stage_changes.order_by("at", "id")]


def test_opening_a_case_logs_its_first_stage_and_audits_it(couscous, amina):
    assert couscous.stage == Stage.IDEA
    assert stages_logged(couscous) == [(Move.OPEN, "", Stage.IDEA)]
    assert couscous.stage_changes.get().by == amina
    assert AuditEntry.objects.filter(
        object_type="accompaniment.case", object_id=str(couscous.pk), action="create"
    ).exists()


def test_a_case_moves_forward_one_step_at_a_time_and_each_move_is_logged(couscous, amina):
    for to in (Stage.CREATION, Stage.DEVELOPMENT, Stage.CONSOLIDATION, Stage.AUTONOMY):
        case_move(case=couscous, to=to, by=amina, note="")
    couscous.refresh_from_db()
    assert couscous.stage == Stage.AUTONOMY
    assert [row[0] for row in stages_logged(couscous)] == [Move.OPEN] + [Move.FORWARD] * 4
    assert stages_logged(couscous)[-1] == (Move.FORWARD, Stage.CONSOLIDATION, Stage.AUTONOMY)


def test_a_case_cannot_skip_a_stage(couscous, amina):
    with pytest.raises(ValidationError) as error:
        case_move(case=couscous, to=Stage.DEVELOPMENT, by=amina)
    assert error.value.code == "transition"
    couscous.refresh_from_db()
    assert couscous.stage == Stage.IDEA
    assert couscous.stage_changes.count() == 1


def test_moving_back_needs_a_reason_which_the_log_keeps(couscous, amina):
    case_move(case=couscous, to=Stage.CREATION, by=amina)
    with pytest.raises(ValidationError):
        case_move(case=couscous, to=Stage.IDEA, by=amina, note="  ")
    case_move(case=couscous, to=Stage.IDEA, by=amina, note="Le local est perdu")
    last = couscous.stage_changes.order_by("-id").first()
    assert (last.move, last.from_stage, last.to_stage) == (Move.BACK, Stage.CREATION, Stage.IDEA)
    assert last.note == "Le local est perdu"


def test_closing_goes_through_case_close_with_a_reason_from_any_stage(couscous, amina):
    with pytest.raises(ValidationError):
        case_move(case=couscous, to=Stage.CLOSED, by=amina)
    with pytest.raises(ValidationError):
        case_close(case=couscous, by=amina, reason="bored")
    with pytest.raises(ValidationError):
        case_close(case=couscous, by=amina, reason="other", note="")
    case_close(case=couscous, by=amina, reason="abandoned", note="A trouvé un emploi")
    couscous.refresh_from_db()
    assert couscous.stage == Stage.CLOSED
    assert couscous.closed_reason == "abandoned" and couscous.closed_at is not None
    assert stages_logged(couscous)[-1] == (Move.CLOSE, Stage.IDEA, Stage.CLOSED)


def test_a_closed_case_refuses_work_until_it_is_reopened(couscous, amina):
    case_close(case=couscous, by=amina, reason="moved")
    with pytest.raises(ValidationError):
        case_close(case=couscous, by=amina, reason="moved")
    with pytest.raises(ValidationError):
        case_session_add(
            case=couscous, by=amina, date=date.today(), duration_minutes=30, topic="technical"
        )
    case_move(case=couscous, to=Stage.IDEA, by=amina, note="Revenue à Nador")
    couscous.refresh_from_db()
    assert couscous.stage == Stage.IDEA
    assert couscous.closed_at is None and couscous.closed_reason == ""
    assert stages_logged(couscous)[-1] == (Move.REOPEN, Stage.CLOSED, Stage.IDEA)


def test_the_transitions_are_one_step_either_way_plus_closing_and_reopening():
    assert TRANSITIONS[Stage.IDEA] == {Stage.CREATION: Move.FORWARD, Stage.CLOSED: Move.CLOSE}
    assert TRANSITIONS[Stage.AUTONOMY] == {
        Stage.CONSOLIDATION: Move.BACK,
        Stage.CLOSED: Move.CLOSE,
    }
    assert set(TRANSITIONS[Stage.CLOSED].values()) == {Move.REOPEN}
    assert Stage.CLOSED not in TRANSITIONS[Stage.CLOSED]


def test_a_case_follows_exactly_one_subject_in_the_database(couscous, fatima, cooperative):
    for person, actor in ((fatima, cooperative), (None, None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Case.objects.filter(pk=couscous.pk).update(person=person, actor=actor)


def test_the_service_refuses_both_subjects_or_none(nador, amina, fatima, cooperative):
    for subject in ({"person": fatima, "actor": cooperative}, {}):
        with pytest.raises(ValidationError):
            case_open(mechanism=nador, advisor=amina, by=amina, title="x", **subject)


def test_a_case_can_follow_an_organisation(nador, amina, cooperative):
    case = case_open(mechanism=nador, actor=cooperative, advisor=amina, by=amina, title="Vente")
    assert case.subject == cooperative and case.person is None


def test_advisor_cannot_open_a_case_in_another_mechanism(le_kef, amina, mongi, sami):
    with pytest.raises(Http404):
        case_open(mechanism=le_kef, person=mongi, advisor=sami, by=amina, title="x")
    assert not Case.objects.exists()


def test_the_advisor_must_work_in_the_mechanism(nador, amina, sami, hind, fatima):
    for advisor in (sami, hind):  # Le Kef's advisor; a trainer of Nador
        with pytest.raises(ValidationError) as error:
            case_open(mechanism=nador, person=fatima, advisor=advisor, by=amina, title="x")
        assert "advisor" in error.value.error_dict


def test_a_person_of_another_mechanism_cannot_be_followed(nador, amina, mongi):
    with pytest.raises(ValidationError):
        case_open(mechanism=nador, person=mongi, advisor=amina, by=amina, title="x")


def test_a_person_who_withdrew_consent_cannot_get_a_new_case(nador, amina, fatima):
    from tadamun.people.services import consent_withdraw

    consent_withdraw(consent=fatima.consents.get(), by=amina)
    with pytest.raises(ValidationError):
        case_open(mechanism=nador, person=fatima, advisor=amina, by=amina, title="x")


def test_only_coordinators_reassign_and_only_to_staff_of_the_mechanism(
    couscous, amina, yousra, sami
):
    with pytest.raises(Http404):
        case_reassign(case=couscous, advisor=yousra, by=amina)
    with pytest.raises(ValidationError):
        case_reassign(case=couscous, advisor=sami, by=yousra)
    case_reassign(case=couscous, advisor=yousra, by=yousra)
    couscous.refresh_from_db()
    assert couscous.advisor == yousra


def test_le_kef_staff_cannot_touch_nador_cases(couscous, sami, karim):
    for user in (sami, karim):
        with pytest.raises(Http404):
            case_move(case=couscous, to=Stage.CREATION, by=user)
        with pytest.raises(Http404):
            case_session_add(
                case=couscous, by=user, date=date.today(), duration_minutes=30, topic="legal"
            )


def test_sessions_are_recorded_with_topic_and_next_steps(couscous, amina, fatima):
    before = fatima.last_activity_at
    session = case_session_add(
        case=couscous,
        by=amina,
        date=date.today(),
        duration_minutes=90,
        topic="marketing",
        notes="Étiquettes",
        next_steps="Appeler le souk",
        attendees="Fatima, sa sœur",
    )
    assert session.get_topic_display() == "marketing"
    fatima.refresh_from_db()
    assert fatima.last_activity_at > before
    for bad in ({"topic": "astrology"}, {"duration_minutes": 0}):
        with pytest.raises(ValidationError):
            case_session_add(
                case=couscous,
                by=amina,
                **{"date": date.today(), "duration_minutes": 30, "topic": "legal", **bad},
            )
    with pytest.raises(ValidationError):
        case_session_add(
            case=couscous,
            by=amina,
            date=date.today() + timedelta(days=2),
            duration_minutes=30,
            topic="legal",
        )


def test_actions_are_planned_then_done_once(couscous, amina):
    action = case_action_add(
        case=couscous, by=amina, description="Ouvrir un compte", owner="beneficiary"
    )
    assert action.done_at is None
    done = case_action_done(action=action, by=amina)
    first = done.done_at
    assert first is not None
    assert case_action_done(action=action, by=amina).done_at == first
    with pytest.raises(ValidationError):
        case_action_add(case=couscous, by=amina, description=" ", owner="advisor")


def test_a_trainer_sees_cases_but_cannot_work_on_them(couscous, hind):
    from tadamun.accompaniment.selectors import cases_for

    assert list(cases_for(hind)) == [couscous]
    with pytest.raises(Http404):
        case_action_add(case=couscous, by=hind, description="x", owner="advisor")


def test_opened_at_is_now(couscous):
    assert abs((timezone.now() - couscous.opened_at).total_seconds()) < 60


def test_the_demo_loads_cases_at_different_stages_once():
    from django.core.management import call_command

    from tadamun.accompaniment.tests.test_outcomes import figures
    from tadamun.accounts.testing import make_user

    call_command("demo", "--actors", "0")
    call_command("demo", "--actors", "0")
    cases = Case.objects.all()
    assert cases.count() == 4
    assert {c.mechanism.slug for c in cases} == {"nador", "le-kef"}
    assert {c.stage for c in cases} >= {"idea", "creation", "development", "closed"}
    made = cases.get(organisation__isnull=False)
    assert made.sessions.count() == 4 and made.actions.count() == 3
    analyst = make_user("analyst", platform_role="analyst")
    found = figures(analyst, by="gender")
    jobs, decent = found["jobs_created"], found["decent_jobs_created"]
    assert (jobs.total, decent.total, jobs.counts["woman"]) == (6, 4, 6)


def test_merging_two_records_of_a_person_moves_their_cases_and_jobs(
    nador, amina, yousra, couscous, fatima
):
    from tadamun.accompaniment.services import case_job_add
    from tadamun.people.models import Person
    from tadamun.people.services import person_merge
    from tadamun.people.tests.conftest import record

    twin = record(nador, amina, "Fatima Zahra Benali", gender="woman")
    other = case_open(mechanism=nador, person=twin, advisor=amina, by=amina, title="Tissage")
    case_job_add(case=other, by=amina, person=twin, gender="woman", started_on=date.today())
    person_merge(keep=fatima, other=twin, by=yousra, choices={})
    assert set(fatima.cases.all()) == {couscous, other}
    assert fatima.jobs.count() == 1
    assert not Person.objects.filter(pk=twin.pk).exists()
