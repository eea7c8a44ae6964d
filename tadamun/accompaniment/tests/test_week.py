"""An advisor's week: actions due by Sunday (and overdue), cases gone quiet, next steps."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tadamun.accompaniment.models import Case
from tadamun.accompaniment.selectors import my_week
from tadamun.accompaniment.services import (
    case_action_add,
    case_action_done,
    case_close,
    case_open,
    case_session_add,
)
from tadamun.people.tests.conftest import record

pytestmark = pytest.mark.django_db

# A Wednesday: its week runs from Monday 2026-03-02 to Sunday 2026-03-08.
WEDNESDAY = date(2026, 3, 4)


def opened_long_ago(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.make_aware(datetime(2026, 1, 5, 10)))


def test_the_week_runs_monday_to_sunday(amina):
    week = my_week(amina, today=WEDNESDAY)
    assert (week.start, week.end) == (date(2026, 3, 2), date(2026, 3, 8))


def test_actions_due_this_week_or_overdue_show_done_or_later_ones_do_not(couscous, amina):
    def add(text, due):
        return case_action_add(case=couscous, by=amina, description=text, due_on=due)

    add("overdue", date(2026, 2, 20))
    add("monday", date(2026, 3, 2))
    add("sunday", date(2026, 3, 8))
    add("next week", date(2026, 3, 9))
    add("no date", None)
    case_action_done(action=add("done", date(2026, 3, 5)), by=amina)
    week = my_week(amina, today=WEDNESDAY)
    assert [a.description for a in week.actions_due] == ["overdue", "monday", "sunday"]


def test_only_the_advisor_s_open_cases_count(nador, amina, yousra, couscous, fatima):
    theirs = case_open(
        mechanism=nador,
        person=record(nador, amina, "Khadija Amrani"),
        advisor=yousra,
        by=yousra,
        title="Tissage",
    )
    case_action_add(case=theirs, by=yousra, description="not mine", due_on=WEDNESDAY)
    closed = case_open(mechanism=nador, person=fatima, advisor=amina, by=amina, title="Old")
    case_action_add(case=closed, by=amina, description="closed case", due_on=WEDNESDAY)
    case_close(case=closed, by=amina, reason="abandoned")
    week = my_week(amina, today=WEDNESDAY)
    assert week.actions_due == []
    assert [c.pk for c in week.cases] == [couscous.pk]


def test_cases_without_a_session_for_three_weeks_are_quiet(nador, amina, couscous):
    opened_long_ago(couscous)
    fresh = case_open(
        mechanism=nador,
        person=record(nador, amina, "Salima"),
        advisor=amina,
        by=amina,
        title="Fresh",
    )
    Case.objects.filter(pk=fresh.pk).update(opened_at=timezone.make_aware(datetime(2026, 3, 1, 10)))
    recent = case_open(
        mechanism=nador,
        person=record(nador, amina, "Nora"),
        advisor=amina,
        by=amina,
        title="Recent",
    )
    opened_long_ago(recent)
    case_session_add(
        case=recent, by=amina, date=date(2026, 2, 20), duration_minutes=30, topic="legal"
    )
    stale = case_open(
        mechanism=nador,
        person=record(nador, amina, "Houda"),
        advisor=amina,
        by=amina,
        title="Stale",
    )
    opened_long_ago(stale)
    case_session_add(
        case=stale, by=amina, date=date(2026, 2, 1), duration_minutes=30, topic="legal"
    )
    week = my_week(amina, today=WEDNESDAY)
    assert sorted(c.title for c in week.quiet_cases) == ["Couscous d'orge", "Stale"]
    assert my_week(amina, today=WEDNESDAY, quiet_weeks=6).quiet_cases == [
        c for c in week.quiet_cases if c.title == "Couscous d'orge"
    ]


def test_next_steps_come_from_each_case_s_last_session(couscous, amina):
    for day, steps in ((date(2026, 2, 1), "old steps"), (date(2026, 2, 25), "call the bank")):
        case_session_add(
            case=couscous,
            by=amina,
            date=day,
            duration_minutes=30,
            topic="financing",
            next_steps=steps,
        )
    week = my_week(amina, today=WEDNESDAY)
    assert [(case.pk, session.next_steps) for case, session in week.next_steps] == [
        (couscous.pk, "call the bank")
    ]


def test_the_week_takes_the_same_queries_for_many_cases(
    nador, amina, couscous, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case_session_add(case=couscous, by=amina, date=WEDNESDAY, duration_minutes=30, topic="legal")
    with CaptureQueriesContext(connection) as first:
        my_week(amina, today=WEDNESDAY)
    for index in range(8):
        case = case_open(
            mechanism=nador,
            person=record(nador, amina, f"P{index}"),
            advisor=amina,
            by=amina,
            title=f"C{index}",
        )
        case_session_add(
            case=case,
            by=amina,
            date=WEDNESDAY - timedelta(days=index),
            duration_minutes=30,
            topic="legal",
            next_steps="x",
        )
        case_action_add(case=case, by=amina, description="y", due_on=WEDNESDAY)
    with django_assert_max_num_queries(len(first)):
        week = my_week(amina, today=WEDNESDAY)
        assert len(week.next_steps) == 8 and len(week.actions_due) == 8
