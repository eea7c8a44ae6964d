"""Reading cases, always through the permission matrix: the staff of one mechanism never
meet another's cases, in a list, a page, a count or the week's work.

Counts of cases for the observatory are `tadamun.observatory.numbers`'s.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tadamun.accompaniment.models import Action, Case, Session
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
