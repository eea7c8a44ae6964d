"""The one-stop shop's numbers for the observatory: what the mechanisms received, diagnosed,
oriented and accompanied over a period, broken down by mechanism, gender, age band or
territory. Counts only, never a name.

Each measure is a query over one model with the paths, from that model, to the mechanism,
the date that places a row in the period, and the person it is about (their gender, year
of birth and place); a breakdown groups the rows by one of them in the database
(`values(path).annotate(...)`), then bands the years of birth and rolls places up to their
region or governorate. The same function serves the staff page and the API.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tadamun.accompaniment.models import Case, Job, Stage
from tadamun.catalogue.models import Outcome, Referral
from tadamun.desk.models import Request, Status
from tadamun.diagnostics.dimensions import Dimension
from tadamun.diagnostics.models import Diagnostic
from tadamun.diagnostics.selectors import weak_dimensions
from tadamun.mechanisms.models import Mechanism
from tadamun.people.ages import AGE_BANDS, UNKNOWN, age_band
from tadamun.people.models import Person
from tadamun.places.selectors import place_index

BREAKDOWNS = {
    "mechanism": _("mechanism"),
    "gender": _("gender"),
    "age_band": _("age band"),
    "territory": _("region or governorate"),
}
UNKNOWN_KEY = "unknown"
# The breakdowns by what is known of the people counted: a small count in one of their
# groups can point at someone (the one woman over 65 a mechanism of Nefta accompanied).
PERSONAL_BREAKDOWNS = ("gender", "age_band", "territory")
# The start of "from the beginning".
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Measure:
    code: str
    label: Promise
    rows: "callable"  # (start, end) -> QuerySet of the rows in the period
    mechanism: str  # path to the mechanism's id
    person: str | None  # path to the person it is about (None: no person)
    place: str | tuple[str, ...]  # path(s) to a place id, the first that is set
    total: object = None  # the aggregate counted (Count("pk") when None)
    gender: str | None = None  # path to a gender, when not the person's


def _between(day_from: date, day_to: date) -> tuple[datetime, datetime]:
    """The instants of a period of whole days, both days included."""
    start = timezone.make_aware(datetime.combine(day_from, time.min))
    end = timezone.make_aware(datetime.combine(day_to + timedelta(days=1), time.min))
    return start, end


def _received(start, end) -> QuerySet:
    return Request.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        status=Status.REJECTED
    )


def _answered(start, end) -> QuerySet:
    return Request.objects.filter(answered_at__gte=start, answered_at__lt=end)


def _diagnosed(start, end) -> QuerySet:
    return Diagnostic.objects.completed().filter(
        person__isnull=False, completed_at__gte=start, completed_at__lt=end
    )


def _completed(start, end) -> QuerySet:
    return Diagnostic.objects.completed().filter(completed_at__gte=start, completed_at__lt=end)


def _organisations_diagnosed(start, end) -> QuerySet:
    return Diagnostic.objects.completed().filter(
        actor__isnull=False, completed_at__gte=start, completed_at__lt=end
    )


def _referred(start, end) -> QuerySet:
    return Referral.objects.filter(sent_at__gte=start, sent_at__lt=end)


def _taken_up(start, end) -> QuerySet:
    return _referred(start, end).filter(outcome=Outcome.TAKEN_UP)


def _cases_followed(start, end) -> QuerySet:
    return Case.objects.filter(opened_at__lt=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=start)
    )


def _cases_opened(start, end) -> QuerySet:
    return Case.objects.filter(opened_at__gte=start, opened_at__lt=end)


def _organisations_created(start, end) -> QuerySet:
    return Case.objects.filter(
        organisation__isnull=False,
        organisation_created_on__gte=start.date(),
        organisation_created_on__lt=end.date(),
    )


def _jobs(start, end) -> QuerySet:
    return Job.objects.filter(started_on__gte=start.date(), started_on__lt=end.date())


def _decent_jobs(start, end) -> QuerySet:
    return _jobs(start, end).filter(decent=True)


_CASE_PLACE = ("person__place_id", "actor__place_id")
_JOB_PLACE = ("person__place_id", "case__person__place_id", "case__actor__place_id")

MEASURES = (
    Measure(
        "requests_received",
        _("requests received"),
        _received,
        "mechanism_id",
        "requester",
        ("place_id", "requester__place_id"),
    ),
    Measure(
        "requests_answered",
        _("requests answered"),
        _answered,
        "mechanism_id",
        "requester",
        ("place_id", "requester__place_id"),
    ),
    Measure(
        "people_diagnosed",
        _("people diagnosed"),
        _diagnosed,
        "mechanism_id",
        "person",
        "person__place_id",
        total=Count("person_id", distinct=True),
    ),
    Measure(
        "organisations_diagnosed",
        _("organisations diagnosed"),
        _organisations_diagnosed,
        "mechanism_id",
        None,
        "actor__place_id",
        total=Count("actor_id", distinct=True),
    ),
    Measure(
        "diagnostics_completed",
        _("diagnostics completed"),
        _completed,
        "mechanism_id",
        "person",
        ("person__place_id", "actor__place_id"),
    ),
    *(
        Measure(
            f"needs_{dimension.value}",
            format_lazy(_("needing support in {dimension}"), dimension=dimension.label),
            _completed,
            "mechanism_id",
            "person",
            ("person__place_id", "actor__place_id"),
        )
        for dimension in Dimension
    ),
    Measure(
        "referrals_sent",
        _("referrals sent"),
        _referred,
        "mechanism_id",
        "person",
        ("person__place_id", "actor__place_id"),
    ),
    Measure(
        "referrals_taken_up",
        _("referrals taken up"),
        _taken_up,
        "mechanism_id",
        "person",
        ("person__place_id", "actor__place_id"),
    ),
    Measure(
        "cases_opened",
        _("accompaniment cases opened"),
        _cases_opened,
        "mechanism_id",
        "person",
        _CASE_PLACE,
    ),
    Measure(
        "cases_followed",
        _("accompaniment cases followed"),
        _cases_followed,
        "mechanism_id",
        "person",
        _CASE_PLACE,
    ),
    *(
        Measure(
            f"cases_{stage.value}",
            stage.label,
            _cases_followed,
            "mechanism_id",
            "person",
            _CASE_PLACE,
        )
        for stage in Stage
    ),
    Measure(
        "organisations_created",
        _("organisations created"),
        _organisations_created,
        "mechanism_id",
        "person",
        _CASE_PLACE,
        total=Count("organisation_id", distinct=True),
    ),
    Measure(
        "jobs_created",
        _("jobs created"),
        _jobs,
        "case__mechanism_id",
        "person",
        _JOB_PLACE,
        total=Sum("count"),
        gender="gender",
    ),
    Measure(
        "decent_jobs_created",
        _("of which decent work"),
        _decent_jobs,
        "case__mechanism_id",
        "person",
        _JOB_PLACE,
        total=Sum("count"),
        gender="gender",
    ),
)
STAGE_MEASURES = {f"cases_{stage.value}": stage.value for stage in Stage}
# Completed diagnostics whose profile flags the dimension as a need.
NEED_MEASURES = {f"needs_{dimension.value}": dimension.value for dimension in Dimension}


@dataclass
class Column:
    key: str
    label: str | Promise


@dataclass
class Row:
    code: str
    label: str | Promise
    total: int | None  # None: hidden (`small_counts_hidden`)
    counts: dict[str, int | None]  # column key -> count (None: hidden)
    cells: list[int | None] = field(default_factory=list)  # the counts in the columns' order


@dataclass
class Numbers:
    start: date
    end: date
    by: str | None
    mechanisms: list[Mechanism]
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    # Counts of a breakdown from 1 to this less one are hidden (None: none is).
    hidden_below: int | None = None

    def as_dict(self) -> dict:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "by": self.by,
            "mechanisms": [m.slug for m in self.mechanisms],
            "hidden_below": self.hidden_below,
            "groups": [{"key": c.key, "label": str(c.label)} for c in self.columns],
            "measures": [
                {"code": r.code, "label": str(r.label), "total": r.total, "by": r.counts}
                for r in self.rows
            ],
        }


def _place_path(measure: Measure):
    paths = (measure.place,) if isinstance(measure.place, str) else measure.place
    return F(paths[0]) if len(paths) == 1 else Coalesce(*(F(p) for p in paths))


def _group_expression(measure: Measure, by: str):
    if by == "mechanism":
        return F(measure.mechanism)
    if by == "gender":
        path = measure.gender or (f"{measure.person}__gender" if measure.person else None)
    elif by == "age_band":
        path = f"{measure.person}__birth_year" if measure.person else None
    else:
        return _place_path(measure)
    return F(path) if path else None


def _grouped(measure: Measure, queryset: QuerySet, by: str | None) -> dict:
    """{raw group value: count}; the raw value is None for rows with nothing to group by."""
    total = measure.total if measure.total is not None else Count("pk")
    if by is None:
        return {None: queryset.aggregate(n=total)["n"] or 0}
    expression = _group_expression(measure, by)
    if expression is None:
        return {None: queryset.aggregate(n=total)["n"] or 0}
    rows = queryset.order_by().annotate(group=expression).values("group").annotate(n=total)
    found: dict = {}
    for row in rows:
        found[row["group"]] = found.get(row["group"], 0) + (row["n"] or 0)
    return found


def _stage_counts(queryset: QuerySet, end: datetime, by: str | None, measure: Measure) -> dict:
    """Cases followed in the period by the stage each was at on its last day:
    {stage: {raw group: count}}."""
    from django.db.models import OuterRef, Subquery

    from tadamun.accompaniment.models import StageChange

    stage_then = (
        StageChange.objects.filter(case=OuterRef("pk"), at__lt=end)
        .order_by("-at", "-id")
        .values("to_stage")[:1]
    )
    annotated = queryset.annotate(stage_then=Coalesce(Subquery(stage_then), F("stage")))
    found: dict[str, dict] = {}
    expression = _group_expression(measure, by) if by else None
    values = ["stage_then"] + (["group"] if expression is not None else [])
    if expression is not None:
        annotated = annotated.annotate(group=expression)
    for row in annotated.order_by().values(*values).annotate(n=Count("pk")):
        found.setdefault(row["stage_then"], {})
        key = row.get("group")
        found[row["stage_then"]][key] = found[row["stage_then"]].get(key, 0) + row["n"]
    return found


def _need_counts(queryset: QuerySet, by: str | None, measure: Measure) -> dict:
    """Completed diagnostics by the needs their profiles flag: {dimension: {raw group:
    count}} (the profiles are read, a dimension under the threshold counted)."""
    expression = _group_expression(measure, by) if by else None
    rows = queryset.order_by()
    if expression is not None:
        pairs = rows.annotate(group=expression).values_list("profile", "group")
    else:
        pairs = ((profile, None) for profile in rows.values_list("profile", flat=True))
    found: dict[str, dict] = {}
    for profile, group in pairs:
        for dimension in weak_dimensions(profile or {}):
            counts = found.setdefault(dimension, {})
            counts[group] = counts.get(group, 0) + 1
    return found


def _key(by: str | None, raw, *, year: int, index) -> str:
    if by is None or raw in (None, ""):
        return UNKNOWN_KEY
    if by == "age_band":
        return age_band(raw, year=year).code
    if by == "territory":
        place = index.by_id.get(raw)
        region = place.ancestor_at(1) if place else None
        return region.code if region else UNKNOWN_KEY
    return str(raw)


def _columns(by: str | None, keys: set[str], mechanisms: list[Mechanism], index) -> list[Column]:
    unknown = Column(UNKNOWN_KEY, _("not known"))
    if by is None:
        return []
    if by == "mechanism":
        columns = [Column(str(m.pk), m.name) for m in mechanisms]
    elif by == "gender":
        columns = [Column(v, label) for v, label in Person.Gender.choices if v]
    elif by == "age_band":
        columns = [Column(band.code, band.label) for band in AGE_BANDS]
    else:
        regions = [index.by_code[k.upper()] for k in keys if k.upper() in index.by_code]
        columns = [Column(p.code, p.name) for p in sorted(regions, key=lambda p: p.code)]
    if UNKNOWN_KEY in keys or by == "age_band":
        columns.append(unknown if by != "age_band" else Column(UNKNOWN.code, UNKNOWN.label))
    return columns


def desk_numbers(
    *, mechanism_ids: set[int] | None, start: date, end: date, by: str | None = None
) -> Numbers:
    """The numbers of the mechanisms `mechanism_ids` (None: all) from `start` to `end`
    (both days included), broken down `by` one of BREAKDOWNS (or not at all)."""
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"by: one of {', '.join(BREAKDOWNS)}")
    if end < start:
        raise ValueError("the period ends before it starts")
    mechanisms = Mechanism.objects.order_by("name_fr")
    if mechanism_ids is not None:
        mechanisms = mechanisms.filter(pk__in=mechanism_ids)
    mechanisms = list(mechanisms)
    since, until = _between(start, end)
    index = place_index()
    year = end.year
    stage_cache: dict | None = None
    need_cache: dict | None = None
    raw_rows: list[tuple[Measure, dict]] = []
    for measure in MEASURES:
        rows = measure.rows(since, until)
        if mechanism_ids is not None:
            rows = rows.filter(**{f"{measure.mechanism}__in": mechanism_ids})
        if measure.code in STAGE_MEASURES:
            if stage_cache is None:
                stage_cache = _stage_counts(rows, until, by, measure)
            grouped = stage_cache.get(STAGE_MEASURES[measure.code], {})
        elif measure.code in NEED_MEASURES:
            if need_cache is None:
                need_cache = _need_counts(rows, by, measure)
            grouped = need_cache.get(NEED_MEASURES[measure.code], {})
        else:
            grouped = _grouped(measure, rows, by)
        counts: dict[str, int] = {}
        for raw, n in grouped.items():
            key = _key(by, raw, year=year, index=index)
            counts[key] = counts.get(key, 0) + n
        raw_rows.append((measure, counts))
    keys = {key for _measure, counts in raw_rows for key in counts}
    numbers = Numbers(start=start, end=end, by=by, mechanisms=mechanisms)
    numbers.columns = _columns(by, keys, mechanisms, index)
    for measure, counts in raw_rows:
        total = sum(counts.values())
        if by is None:
            counts = {}
        cells = [counts.get(c.key, 0) for c in numbers.columns]
        numbers.rows.append(Row(measure.code, measure.label, total, counts, cells))
    return numbers


def _one_more(hidden: set, cells: dict) -> bool:
    """When a single cell of `cells` (key -> count), whose shown sum is known, is hidden,
    hide a second: the smallest other not zero, else a zero. Whether it hid one."""
    if len(hidden & cells.keys()) != 1:
        return False
    others = [key for key in cells if key not in hidden]
    if not others:
        return False
    hidden.add(min(others, key=lambda key: (cells[key] == 0, cells[key])))
    return True


def small_counts_hidden(numbers: Numbers, *, below: int) -> Numbers:
    """`numbers` with the small counts of a breakdown by gender, age band or territory
    hidden (None): those from 1 to `below` less one. Where a hidden count could be given
    back by a subtraction, a second is hidden with it: in a row (its total less the
    counts shown), and in a column of the cases by stage (which add up to the cases
    followed); a row with a single group hides its total instead. Without such a
    breakdown, nothing is hidden."""
    if numbers.by not in PERSONAL_BREAKDOWNS or below <= 1:
        return numbers
    width = len(numbers.columns)
    count = {(row.code, j): n for row in numbers.rows for j, n in enumerate(row.cells)}
    hidden = {cell for cell, n in count.items() if 0 < n < below}
    sums = [  # cells whose sum is shown: each row's, each column of the stages
        [(row.code, j) for j in range(width)] for row in numbers.rows
    ]
    if "cases_followed" in {row.code for row in numbers.rows}:
        stages = [*STAGE_MEASURES, "cases_followed"]  # on a tie, a stage is hidden
        sums += [[(code, j) for code in stages] for j in range(width)]
    changed = bool(hidden)
    while changed:  # each pass only hides more: it ends
        changed = False
        for cells in sums:
            changed |= _one_more(hidden, {cell: count[cell] for cell in cells})
    rows = []
    for row in numbers.rows:
        shut = {j for j in range(width) if (row.code, j) in hidden}
        total = None if shut and width == 1 else row.total
        cells = [None if j in shut else n for j, n in enumerate(row.cells)]
        # A hidden zero is listed too: a group left out of `counts` reads as zero.
        counts = {
            column.key: cells[j]
            for j, column in enumerate(numbers.columns)
            if j in shut or column.key in row.counts
        }
        rows.append(replace(row, total=total, cells=cells, counts=counts))
    return replace(numbers, rows=rows, hidden_below=below)


def sees_the_people_of(user, mechanism_ids: set[int] | None) -> bool:
    """Whether `user` may open the records of the people of every mechanism in
    `mechanism_ids` (None: all): who can, learns nothing from a small count."""
    from tadamun.accounts.permissions import mechanism_ids as ids_where

    allowed = ids_where(user, "person.view")
    return allowed is None or (mechanism_ids is not None and mechanism_ids <= allowed)


def period_or_this_year(start: date | None, end: date | None) -> tuple[date, date]:
    """The period the pages and the API show when it is not given: 1 January to today."""
    today = timezone.localdate()
    return start or date(today.year, 1, 1), end or today


def numbers_for(
    user,
    *,
    start: date | None = None,
    end: date | None = None,
    mechanism=None,
    by: str | None = None,
    hide_small: bool = False,
) -> Numbers:
    """`desk_numbers` over the mechanisms whose statistics `user` may see (or `mechanism`
    among them); without dates, from the beginning to today. Small counts of a breakdown
    by the people's gender, age band or territory are hidden (`small_counts_hidden`)
    when `hide_small` (a table to share), and always from who cannot open those people's
    records (analysts)."""
    from tadamun.accounts.permissions import mechanism_ids

    ids = mechanism_ids(user, "statistics.view")
    if mechanism is not None:
        wanted = {getattr(mechanism, "pk", mechanism)}
        ids = wanted if ids is None else ids & wanted
    end = end or timezone.localdate()
    numbers = desk_numbers(mechanism_ids=ids, start=start or EARLIEST, end=end, by=by)
    if hide_small or not sees_the_people_of(user, ids):
        numbers = small_counts_hidden(numbers, below=settings.TADAMUN_SMALLEST_SHOWN)
    return numbers
