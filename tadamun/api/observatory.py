"""The one-stop shop's numbers in the API, for the indicator work of the observatory.

Counts only, but of the people a mechanism accompanies: the endpoint answers the staff who
may see a mechanism's statistics, logged in (the session of the site), and only for those
mechanisms; anyone else gets a 401 or a 404, as the pages do.
"""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema, Status

from tadamun.accounts.permissions import can, mechanism_ids
from tadamun.api.params import LANGUAGE_PATTERN, request_language
from tadamun.api.schemas import Error
from tadamun.mechanisms.models import Mechanism
from tadamun.observatory.numbers import BREAKDOWNS, desk_numbers

router = Router(tags=["observatory"])


class NumbersQuery(Schema):
    start: date | None = Field(None, alias="from", description="First day (default: 1 January)")
    end: date | None = Field(None, alias="to", description="Last day, included (default: today)")
    by: str | None = Field(None, description=f"Breakdown: one of {', '.join(BREAKDOWNS)}")
    mechanism: str | None = Field(None, description="A mechanism's short name (default: all)")
    lang: str = Field(
        "", description="Language of the labels: ar, fr or en", pattern=LANGUAGE_PATTERN
    )


class Group(Schema):
    key: str
    label: str


class MeasureOut(Schema):
    code: str = Field(description="e.g. requests_received, people_diagnosed, jobs_created")
    label: str
    total: int
    by: dict[str, int] = Field(description="Group key -> count (empty without a breakdown)")


class NumbersOut(Schema):
    from_: date = Field(alias="from")
    to: date
    by: str | None
    mechanisms: list[str]
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
    if not user.is_authenticated:
        return Status(401, {"detail": "log in: these numbers are for the mechanisms' staff"})
    if not can(user, "statistics.view"):
        return Status(404, {"detail": "not found"})
    allowed = mechanism_ids(user, "statistics.view")
    ids = allowed
    if query.mechanism:
        mechanism = Mechanism.objects.filter(slug=query.mechanism).first()
        if mechanism is None or (allowed is not None and mechanism.pk not in allowed):
            return Status(404, {"detail": f"mechanism: no mechanism {query.mechanism!r} of yours"})
        ids = {mechanism.pk}
    if query.by and query.by not in BREAKDOWNS:
        return Status(400, {"detail": f"by: one of {', '.join(BREAKDOWNS)}"})
    today = timezone.localdate()
    start = query.start or date(today.year, 1, 1)
    end = query.end or today
    if end < start:
        return Status(400, {"detail": "to: the period ends before it starts"})
    with translation.override(request_language(request, query.lang)):
        found = desk_numbers(mechanism_ids=ids, start=start, end=end, by=query.by).as_dict()
    return Status(200, found)
