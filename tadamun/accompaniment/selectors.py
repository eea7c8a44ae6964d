"""Reading cases, always through the permission matrix: the staff of one mechanism never
meet another's cases, in a list, a page, a count or the week's work.

The statistics (`cases_by_stage`, `organisations_created`, `jobs_created`,
`accompaniment_statistics`) give counts only, for the observatory's numbers.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tadamun.accompaniment.models import PATH, Action, Case, Session, Stage, StageChange
from tadamun.accounts.models import Membership
from tadamun.accounts.permissions import MATRIX, Scope, scoped

# An open case without a session for this many weeks shows on its advisor's week.
QUIET_WEEKS = 3


def cases_for(user, action: str = "case.view") -> QuerySet[Case]:
    """The cases of the mechanisms where `user` may do `action`."""
    return scoped(Case.objects.all(), user, action)


def case_for(user, pk: int, action: str = "case.view") -> Case:
    """One case `user` may do `action` on; 404 otherwise, whoever's it is."""
    return get_object_or_404(
        cases_for(user, action).select_related(
            "mechanism", "mechanism__country", "person", "actor", "advisor", "organisation"
        ),
        pk=pk,
    )


def _with_list_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    pending = (
        Action.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        cases.select_related("person", "actor", "advisor")
        .with_last_session()
        .annotate(pending_actions=Coalesce(Subquery(pending), 0))
    )


def mechanism_cases(
    user, mechanism, *, stage: str = "", advisor=None, open_only: bool = False
) -> QuerySet[Case]:
    """The cases of `mechanism` (404 before, if `user` may not see them), filtered."""
    cases = cases_for(user).filter(mechanism=mechanism)
    if stage:
        cases = cases.filter(stage=stage)
    if open_only:
        cases = cases.open()
    if advisor is not None:
        cases = cases.filter(advisor=advisor)
    return _with_list_facts(cases).order_by(F("last_session_on").desc(nulls_last=True), "-id")


def case_advisors(mechanism) -> QuerySet:
    """The active accounts that may be a case's advisor in `mechanism`: those whose role
    there works on cases."""
    roles = [role for role, actions in MATRIX.items() if actions.get("case.edit") is Scope.OWN]
    members = Membership.objects.filter(
        mechanism=mechanism, role__in=roles, user__is_active=True
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=members)
        .order_by("first_name", "last_name", "username")
    )


# -- The advisor's week ----------------------------------------------------------------------


@dataclass
class Week:
    start: date
    end: date
    quiet_weeks: int
    actions_due: list = field(default_factory=list)  # pending, due by the week's end
    quiet_cases: list = field(default_factory=list)  # no session for `quiet_weeks`
    next_steps: list = field(default_factory=list)  # (case, session) of the last session
    cases: list = field(default_factory=list)  # every open case of the advisor


def my_week(user, *, today: date | None = None, quiet_weeks: int = QUIET_WEEKS) -> Week:
    """What is due this week (Monday to Sunday) on the open cases `user` advises: actions
    due by Sunday (and overdue ones), cases without a session for `quiet_weeks` weeks,
    and the next steps of each case's last session. A fixed number of queries."""
    today = today or timezone.localdate()
    start = today - timedelta(days=today.weekday())
    end = start + timedelta(days=6)
    week = Week(start=start, end=end, quiet_weeks=quiet_weeks)
    mine = cases_for(user).filter(advisor=user).open()

    week.actions_due = list(
        Action.objects.filter(case__in=mine, done_at__isnull=True, due_on__lte=end)
        .select_related("case")
        .order_by("due_on", "id")
    )
    last_session = Session.objects.filter(case=OuterRef("pk")).order_by("-date", "-id")
    cases = list(
        _with_list_facts(mine)
        .annotate(last_session_id=Subquery(last_session.values("pk")[:1]))
        .order_by(F("last_session_on").asc(nulls_first=True), "id")
    )
    week.cases = cases
    quiet_since = today - timedelta(weeks=quiet_weeks)
    opened_before = timezone.make_aware(datetime.combine(quiet_since, time.min))
    week.quiet_cases = [
        case
        for case in cases
        if (case.last_session_on is None and case.opened_at < opened_before)
        or (case.last_session_on is not None and case.last_session_on < quiet_since)
    ]
    sessions = Session.objects.in_bulk([c.last_session_id for c in cases if c.last_session_id])
    week.next_steps = [
        (case, sessions[case.last_session_id])
        for case in cases
        if case.last_session_id and sessions[case.last_session_id].next_steps
    ]
    return week


# -- Statistics --------------------------------------------------------------------------------


def _in_scope(user, mechanism) -> QuerySet[Case]:
    cases = scoped(Case.objects.all(), user, "statistics.view")
    if mechanism is not None:
        cases = cases.filter(mechanism=getattr(mechanism, "pk", mechanism))
    return cases


def _end_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _start_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def cases_by_stage(
    user, *, mechanism=None, start: date | None = None, end: date | None = None
) -> dict[str, int]:
    """Cases followed during the period (opened by its end, not closed before its start),
    by the stage each was at on the period's last day; every stage, closed included, has
    a count. Without dates: the cases by their stage today."""
    cases = _in_scope(user, mechanism)
    until, since = _end_of(end), _start_of(start)
    if until is not None:
        cases = cases.filter(opened_at__lt=until)
    if since is not None:
        cases = cases.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))
    if until is None:
        rows = cases.order_by().values_list("stage").annotate(n=Count("pk"))
    else:
        stage_then = (
            StageChange.objects.filter(case=OuterRef("pk"), at__lt=until)
            .order_by("-at", "-id")
            .values("to_stage")[:1]
        )
        rows = (
            cases.annotate(stage_then=Subquery(stage_then))
            .order_by()
            .values_list("stage_then")
            .annotate(n=Count("pk"))
        )
    counts = dict.fromkeys([*PATH, Stage.CLOSED], 0)
    for stage, n in rows:
        if stage in counts:
            counts[stage] += n
    return {str(stage): n for stage, n in counts.items()}


def organisations_created(
    user, *, mechanism=None, start: date | None = None, end: date | None = None
) -> int:
    """Organisations that cases created during the period (each counted once)."""
    cases = _in_scope(user, mechanism).filter(organisation__isnull=False)
    if start is not None:
        cases = cases.filter(organisation_created_on__gte=start)
    if end is not None:
        cases = cases.filter(organisation_created_on__lte=end)
    return cases.values("organisation_id").distinct().count()


@dataclass
class JobCounts:
    total: int = 0
    decent: int = 0
    women: int = 0
    men: int = 0
    women_decent: int = 0
    men_decent: int = 0

    @property
    def not_decent(self) -> int:
        return self.total - self.decent


def jobs_created(
    user, *, mechanism=None, start: date | None = None, end: date | None = None
) -> JobCounts:
    """Jobs that cases created (started during the period), decent or not, by gender."""
    from tadamun.accompaniment.models import Job

    jobs = Job.objects.filter(case__in=_in_scope(user, mechanism).values("pk"))
    if start is not None:
        jobs = jobs.filter(started_on__gte=start)
    if end is not None:
        jobs = jobs.filter(started_on__lte=end)
    totals = jobs.aggregate(
        n_total=Sum("count"),
        n_decent=Sum("count", filter=Q(decent=True)),
        n_women=Sum("count", filter=Q(gender="woman")),
        n_men=Sum("count", filter=Q(gender="man")),
        n_women_decent=Sum("count", filter=Q(gender="woman", decent=True)),
        n_men_decent=Sum("count", filter=Q(gender="man", decent=True)),
    )
    return JobCounts(**{name[2:]: value or 0 for name, value in totals.items()})


@dataclass
class CaseStatistics:
    by_stage: dict[str, int]
    organisations: int
    jobs: JobCounts


def accompaniment_statistics(
    user, *, mechanism=None, start: date | None = None, end: date | None = None
) -> CaseStatistics:
    """The three figures of the accompaniment for the observatory, in the mechanisms where
    `user` may see statistics (or `mechanism` among them)."""
    return CaseStatistics(
        by_stage=cases_by_stage(user, mechanism=mechanism, start=start, end=end),
        organisations=organisations_created(user, mechanism=mechanism, start=start, end=end),
        jobs=jobs_created(user, mechanism=mechanism, start=start, end=end),
    )
