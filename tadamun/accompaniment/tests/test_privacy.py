"""A person's rights cover their cases: the export holds them, the erasure blanks what
identifies and keeps what the statistics count."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from tadamun.accompaniment.services import (
    case_action_add,
    case_job_add,
    case_move,
    case_session_add,
)
from tadamun.accompaniment.tests.test_outcomes import figures, stages
from tadamun.privacy.services import person_data, person_erase
from tadamun.privacy.tests.helpers import places_holding

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked(couscous, amina, fatima):
    couscous.title = "Couscous de Zahra Bouchrati"
    couscous.save(update_fields=["title"])
    case_move(case=couscous, to="creation", by=amina)
    case_session_add(
        case=couscous,
        by=amina,
        date=date.today(),
        duration_minutes=60,
        topic="financing",
        notes="Bouchrati a un crédit en cours",
        next_steps="Rappeler Bouchrati",
        attendees="Zahra Bouchrati et son mari",
    )
    case_action_add(case=couscous, by=amina, description="Bouchrati dépose le dossier")
    case_job_add(
        case=couscous,
        by=amina,
        person=fatima,
        gender="woman",
        started_on=date.today(),
        has_contract=True,
        social_protection=True,
        monthly_income=Decimal("4000"),
    )
    return couscous


def test_the_export_holds_the_cases_sessions_actions_and_jobs(worked, fatima):
    part = person_data(fatima)["other"]["accompaniment"]
    (case,) = part["cases"]
    assert case["title"] == "Couscous de Zahra Bouchrati"
    assert [h["to"] for h in case["history"]] == ["idea", "creation"]
    assert case["sessions"][0]["next_steps"] == "Rappeler Bouchrati"
    assert case["actions"][0]["description"] == "Bouchrati dépose le dossier"
    assert part["jobs"][0]["decent_work"] is True
    json.dumps(part, cls=DjangoJSONEncoder)  # JSON-ready


def test_the_coordinator_s_export_page_shows_the_cases(client, log_in, yousra, worked, fatima):
    log_in(client, yousra)
    response = client.get(reverse("privacy:person_export_json", args=[fatima.pk]))
    assert "Rappeler Bouchrati" in response.content.decode()


def test_erasure_blanks_the_cases_and_keeps_the_statistics(worked, fatima, yousra):
    before_stages, before = stages(yousra), figures(yousra, by="gender")
    assert places_holding("Bouchrati")
    person_erase(person=fatima, by=yousra)
    assert places_holding("Bouchrati") == []
    after = figures(yousra, by="gender")
    assert stages(yousra) == before_stages
    for code in ("jobs_created", "decent_jobs_created"):
        assert (after[code].total, after[code].counts) == (before[code].total, before[code].counts)
    worked.refresh_from_db()
    session = worked.sessions.get()
    assert (session.date, session.duration_minutes, session.topic) == (
        date.today(),
        60,
        "financing",
    )


def test_the_export_says_who_viewed_or_changed_the_cases(client, log_in, amina, worked, fatima):
    log_in(client, amina)
    client.get(reverse("accompaniment:detail", args=[worked.pk]))
    accesses = person_data(fatima)["other"]["accompaniment"]["accesses"]
    assert {"create", "change", "view"} <= {a["action"] for a in accesses}
    assert all(a["case"] == worked.pk for a in accesses)
