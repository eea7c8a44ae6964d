"""The one-stop shop's numbers in the API, for the indicator work of the observatory.

Counts only, but of the people a mechanism accompanies: the endpoint answers the staff who
may see a mechanism's statistics, logged in (the session of the site), and only for those
mechanisms; anyone else gets a 401 or a 404, as the pages do.
"""

from datetime import date

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema, Status

from tadamun.accounts.permissions import can
from tadamun.api.params import LANGUAGE_PATTERN, request_language
from tadamun.api.schemas import Error
from tadamun.mechanisms.models import Mechanism
from tadamun.observatory.numbers import BREAKDOWNS, numbers_for, period_or_this_year
from tadamun.observatory.selectors import targets_progress

router = Router(tags=["observatory"])


def _refused(user) -> Status | None:
    """401 for anonymous visitors, 404 for who may see no mechanism's statistics."""
    if not user.is_authenticated:
        return Status(401, {"detail": "log in: these numbers are for the mechanisms' staff"})
    if not can(user, "statistics.view"):
        return Status(404, {"detail": "not found"})
    return None


class LabelsQuery(Schema):
    lang: str = Field(
        "", description="Language of the labels: ar, fr or en", pattern=LANGUAGE_PATTERN
    )


class NumbersQuery(LabelsQuery):
    start: date | None = Field(None, alias="from", description="First day (default: 1 January)")
    end: date | None = Field(None, alias="to", description="Last day, included (default: today)")
    by: str | None = Field(None, description=f"Breakdown: one of {', '.join(BREAKDOWNS)}")
    mechanism: str | None = Field(None, description="A mechanism's short name (default: all)")
    hide_small: bool = Field(
        False,
        description="Hide the small counts of a breakdown by gender, age band or territory "
        "(always hidden from who cannot open the people's records)",
    )


class Group(Schema):
    key: str
    label: str


class MeasureOut(Schema):
    code: str = Field(description="e.g. requests_received, people_diagnosed, jobs_created")
    label: str
    total: int | None = Field(description="null: hidden (a single group, hidden)")
    by: dict[str, int | None] = Field(
        description="Group key -> count (empty without a breakdown; null: hidden, see hidden_below)"
    )


class NumbersOut(Schema):
    from_: date = Field(alias="from")
    to: date
    by: str | None
    mechanisms: list[str]
    hidden_below: int | None = Field(
        description="Counts of the breakdown from 1 to this less one are hidden (null: none)"
    )
    groups: list[Group]
    measures: list[MeasureOut]


@router.get(
    "/numbers",
    response={200: NumbersOut, 400: Error, 401: Error, 404: Error},
    by_alias=True,
    summary="Numbers of the one-stop shop",
    description=(
        "Requests received and answered, people and organisations diagnosed, referrals sent "
        "and taken up, accompaniment cases opened, followed and by stage, organisations and "
        "jobs created (and decent jobs), for a period, by mechanism, gender, age band or "
        "territory. For logged-in staff who may see statistics, over their mechanisms."
    ),
)
def numbers(request: HttpRequest, query: Query[NumbersQuery]):
    user = request.user
    refused = _refused(user)
    if refused is not None:
        return refused
    mechanism = None
    if query.mechanism:
        mechanism = Mechanism.objects.filter(slug=query.mechanism).first()
        if mechanism is None or not can(user, "statistics.view", mechanism):
            return Status(404, {"detail": f"mechanism: no mechanism {query.mechanism!r} of yours"})
    if query.by and query.by not in BREAKDOWNS:
        return Status(400, {"detail": f"by: one of {', '.join(BREAKDOWNS)}"})
    start, end = period_or_this_year(query.start, query.end)
    if end < start:
        return Status(400, {"detail": "to: the period ends before it starts"})
    with translation.override(request_language(request, query.lang)):
        numbers = numbers_for(
            user,
            start=start,
            end=end,
            mechanism=mechanism,
            by=query.by,
            hide_small=query.hide_small,
        )
        found = numbers.as_dict()
    return Status(200, found)


class TargetOut(Schema):
    measure: str = Field(description="A measure of /numbers, e.g. decent_jobs_created")
    label: str
    mechanism: str | None = Field(description="A mechanism's short name; null: all together")
    from_: date = Field(alias="from")
    to: date
    target: int = Field(description="The figure to reach over the period")
    reached: int = Field(description="What the measure counted from `from` to `counted_to`")
    percent: int = Field(description="The share reached, in whole percent rounded down")
    counted_to: date | None = Field(
        description="The last day counted: `to`, or today before it; null before `from`"
    )
    note: str


class TargetsOut(Schema):
    count: int
    results: list[TargetOut]


@router.get(
    "/targets",
    response={200: TargetsOut, 401: Error, 404: Error},
    by_alias=True,
    summary="Targets of the indicator framework and how far each has come",
    description=(
        "The targets set for the mechanisms whose statistics the user may see (and those of "
        "all mechanisms together for who sees them all), each with what its measure has "
        "counted over its own period so far: the same figures as /numbers."
    ),
)
def targets(request: HttpRequest, query: Query[LabelsQuery]):
    user = request.user
    refused = _refused(user)
    if refused is not None:
        return refused
    with translation.override(request_language(request, query.lang)):
        results = [progress.as_dict() for progress in targets_progress(user)]
    return Status(200, {"count": len(results), "results": results})
