"""Outcomes: the organisation created, jobs and whether they are decent work, turnover;
and the figures for the observatory."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tadamun.accompaniment.minimum_wage import MINIMUM_WAGES, minimum_wage
from tadamun.accompaniment.models import Job, Stage
from tadamun.accompaniment.services import (
    JobGiven,
    case_close,
    case_job_add,
    case_move,
    case_organisation_create,
    case_outcome_record,
    case_turnover_record,
    decent_work,
)
from tadamun.directory.models import Actor, ActorSource
from tadamun.observatory.numbers import numbers_for


def figures(user, **options) -> dict:
    """The observatory's rows for `user`, by measure code."""
    return {row.code: row for row in numbers_for(user, **options).rows}


def stages(user, **period) -> dict[str, int]:
    """The cases followed, by the stage each was at on the period's last day."""
    return {
        code.removeprefix("cases_"): row.total
        for code, row in figures(user, **period).items()
        if code.removeprefix("cases_") in Stage.values
    }


pytestmark = pytest.mark.django_db

MA_2026 = Decimal("3422.72")
TN_2025 = Decimal("528.320")


@pytest.mark.parametrize(
    ("country", "on", "expected"),
    [
        ("MA", date(2023, 8, 31), None),
        ("MA", date(2023, 9, 1), Decimal("3111.39")),
        ("MA", date(2025, 6, 1), Decimal("3266.10")),
        ("MA", date(2026, 1, 1), MA_2026),
        ("TN", date(2024, 12, 31), Decimal("459.264")),
        ("TN", date(2025, 1, 1), TN_2025),
        ("DZ", date(2026, 1, 1), None),
    ],
)
def test_the_minimum_wage_is_the_one_in_force_that_day(country, on, expected):
    wage = minimum_wage(country, on)
    assert (wage.monthly if wage else None) == expected


def test_every_minimum_wage_names_its_source_and_currency():
    for wage in MINIMUM_WAGES:
        assert wage.source and wage.currency in {"MAD", "TND"} and wage.monthly > 0


ON_MA = date(2026, 3, 1)
ON_TN = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("country", "contract", "protection", "income", "meets", "decent"),
    [
        ("MA", True, True, MA_2026, True, True),  # exactly the minimum wage
        ("MA", True, True, MA_2026 - Decimal("0.01"), False, False),
        ("MA", True, True, Decimal("5000"), True, True),
        ("MA", False, True, Decimal("5000"), True, False),  # no contract
        ("MA", True, False, Decimal("5000"), True, False),  # no social protection
        ("MA", True, True, None, False, False),  # income unknown
        ("MA", True, True, Decimal("600"), False, False),  # a Tunisian wage in Morocco
        ("TN", True, True, Decimal("600"), True, True),
        ("TN", True, True, TN_2025, True, True),
        ("TN", True, True, Decimal("500"), False, False),
        ("TN", True, False, Decimal("900"), True, False),
    ],
)
def test_decent_work_needs_contract_protection_and_the_minimum_wage(
    country, contract, protection, income, meets, decent
):
    verdict = decent_work(
        country=country,
        on=ON_MA if country == "MA" else ON_TN,
        has_contract=contract,
        social_protection=protection,
        monthly_income=income,
    )
    assert (verdict.meets_minimum_wage, verdict.decent) == (meets, decent)


def test_a_job_is_judged_by_the_minimum_wage_of_the_day_it_started(couscous, amina):
    # 3,300 MAD: above the 2025 SMIG (3,266.10), under the 2026 one (3,422.72).
    common = {"gender": "woman", "has_contract": True, "social_protection": True}
    old = case_job_add(
        case=couscous, by=amina, started_on=date(2025, 6, 1), monthly_income=3300, **common
    )
    new = case_job_add(
        case=couscous, by=amina, started_on=date(2026, 2, 1), monthly_income=3300, **common
    )
    assert (old.decent, old.minimum_wage, old.currency) == (True, Decimal("3266.10"), "MAD")
    assert (new.decent, new.minimum_wage) == (False, MA_2026)


def test_decent_work_cannot_be_typed_into_the_database(couscous, amina):
    job = case_job_add(case=couscous, by=amina, gender="man", started_on=date(2026, 2, 1))
    assert job.decent is False
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.filter(pk=job.pk).update(decent=True)


def test_a_job_of_a_person_counts_one_and_a_group_counts_its_number(couscous, amina, fatima):
    mine = case_job_add(
        case=couscous, by=amina, person=fatima, count=5, gender="woman", started_on=date.today()
    )
    group = case_job_add(case=couscous, by=amina, count=4, gender="man", started_on=date.today())
    assert (mine.count, group.count) == (1, 4)
    with pytest.raises(ValidationError):
        case_job_add(case=couscous, by=amina, gender="x", started_on=date.today())
    with pytest.raises(ValidationError):
        case_job_add(case=couscous, by=amina, count=0, gender="man", started_on=date.today())


def test_a_job_of_a_person_of_another_mechanism_is_refused(couscous, amina, mongi):
    with pytest.raises(ValidationError):
        case_job_add(case=couscous, by=amina, person=mongi, gender="man", started_on=date.today())


def test_the_organisation_created_goes_into_the_directory(couscous, amina):
    case = case_organisation_create(
        case=couscous, by=amina, name_fr="Coopérative Couscous Nador", name_ar="تعاونية الكسكس"
    )
    actor = case.organisation
    assert actor.country_id == "MA"
    assert actor.founded == date.today().year
    assert ActorSource.objects.filter(actor=actor, source="tadamun-cases").exists()
    assert Actor.objects.filter(pk=actor.pk).exists()
    assert case.organisation_created_on == date.today()


def test_turnover_is_one_figure_per_year_recorded_again_replaced(couscous, amina):
    case_turnover_record(case=couscous, by=amina, year=2025, amount=Decimal("12000"))
    case_turnover_record(case=couscous, by=amina, year=2025, amount=Decimal("15000"))
    assert [(t.year, t.amount, t.currency) for t in couscous.turnovers.all()] == [
        (2025, Decimal("15000.00"), "MAD")
    ]
    with pytest.raises(ValidationError):
        case_turnover_record(case=couscous, by=amina, year=2025, amount=Decimal("-1"))


def test_outcomes_are_recorded_at_once(couscous, amina, cooperative):
    case_outcome_record(
        case=couscous,
        by=amina,
        organisation=cooperative,
        jobs=[JobGiven(gender="woman", started_on=date.today(), count=3)],
        turnovers={2025: Decimal("8000")},
    )
    couscous.refresh_from_db()
    assert couscous.organisation == cooperative
    assert couscous.jobs.get().count == 3
    assert couscous.turnovers.get().year == 2025


# -- Statistics ------------------------------------------------------------------------------


def test_statistics_count_cases_by_stage_organisations_and_jobs_by_gender(
    couscous, kef_case, amina, yousra, cooperative, salma, sami
):
    case_move(case=couscous, to=Stage.CREATION, by=amina)
    case_outcome_record(
        case=couscous,
        by=amina,
        organisation=cooperative,
        jobs=[
            JobGiven(
                gender="woman",
                started_on=date.today(),
                count=2,
                has_contract=True,
                social_protection=True,
                monthly_income=Decimal("4000"),
            ),
            JobGiven(gender="man", started_on=date.today()),
        ],
    )
    case_job_add(case=kef_case, by=sami, gender="man", count=7, started_on=date.today())

    nador = figures(yousra, by="gender")
    assert stages(yousra)["creation"] == 1 and stages(yousra)["idea"] == 0
    assert nador["organisations_created"].total == 1
    jobs, decent = nador["jobs_created"], nador["decent_jobs_created"]
    assert (jobs.total, decent.total, jobs.total - decent.total) == (3, 2, 1)
    assert (jobs.counts["woman"], jobs.counts["man"]) == (2, 1)
    assert (decent.counts.get("woman", 0), decent.counts.get("man", 0)) == (2, 0)
    # The analyst sees every mechanism; Le Kef's figures are only Le Kef's.
    assert figures(salma)["jobs_created"].total == 10
    assert figures(salma, mechanism=kef_case.mechanism)["jobs_created"].total == 7
    assert stages(salma)["idea"] == 1


def test_cases_by_stage_gives_the_stage_each_case_had_at_the_end_of_the_period(
    couscous, amina, yousra
):
    from tadamun.accompaniment.models import StageChange

    StageChange.objects.filter(case=couscous).update(at=couscous.opened_at - timedelta(days=60))
    type(couscous).objects.filter(pk=couscous.pk).update(
        opened_at=couscous.opened_at - timedelta(days=60)
    )
    case_move(case=couscous, to=Stage.CREATION, by=amina)
    case_close(case=couscous, by=amina, reason="autonomous")
    last_month = date.today() - timedelta(days=30)
    then = stages(yousra, start=last_month - timedelta(days=10), end=last_month)
    now = stages(yousra)
    assert then["idea"] == 1 and then["closed"] == 0
    assert now["closed"] == 1 and now["idea"] == 0
    # Closed before a later period began: not followed then.
    tomorrow = date.today() + timedelta(days=1)
    later = stages(yousra, start=tomorrow, end=tomorrow)
    assert sum(later.values()) == 0


def test_organisations_created_count_in_their_period(couscous, amina, cooperative, yousra):
    case_outcome_record(
        case=couscous,
        by=amina,
        organisation=cooperative,
        organisation_created_on=date(2025, 3, 1),
    )
    in_2025 = figures(yousra, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert in_2025["organisations_created"].total == 1
    assert figures(yousra, start=date(2026, 1, 1))["organisations_created"].total == 0


def test_staff_without_statistics_see_no_figures(couscous, outsider, karim):
    assert sum(stages(outsider).values()) == 0
    assert sum(stages(karim).values()) == 0
