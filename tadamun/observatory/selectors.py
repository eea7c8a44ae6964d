"""Reading targets, scoped to the mechanisms whose numbers the user may see, with how far
each has come."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from tadamun.accounts.permissions import mechanism_ids
from tadamun.observatory.models import Target
from tadamun.observatory.numbers import MEASURES, desk_numbers

LABELS = {measure.code: measure.label for measure in MEASURES}


def target_settable(user, mechanism_id: int | None) -> bool:
    """Whether `user` may set or delete the targets of a mechanism (its id); those of the
    whole platform (None) only who may everywhere."""
    ids = mechanism_ids(user, "target.set")
    return ids is None or (mechanism_id is not None and mechanism_id in ids)


def targets_for(user, action: str = "statistics.view") -> QuerySet[Target]:
    """The targets of the mechanisms where `user` may do `action`; those of the whole
    platform (no mechanism) only for who may everywhere."""
    targets = Target.objects.select_related("mechanism")
    ids = mechanism_ids(user, action)
    return targets if ids is None else targets.filter(mechanism_id__in=ids)


@dataclass
class Progress:
    target: Target
    label: object
    reached: int  # counted from the target's start to its end, or to today before it
    until: date | None  # the last day counted (None: the period has not begun)
    settable: bool  # the user may change or delete it

    @property
    def percent(self) -> int:
        """The share reached, in whole percent rounded down: 100 only when it is."""
        return 100 * self.reached // self.target.value

    def as_dict(self) -> dict:
        """The target and its progress as the API and the CSV give them."""
        target = self.target
        return {
            "measure": target.measure,
            "label": str(self.label),
            "mechanism": target.mechanism.slug if target.mechanism_id else None,
            "from": target.start,
            "to": target.end,
            "target": target.value,
            "reached": self.reached,
            "percent": self.percent,
            "counted_to": self.until,
            "note": target.note,
        }


def targets_progress(user, *, today: date | None = None) -> list[Progress]:
    """Every target `user` may see with what its measure has counted over the target's
    own period so far: the same numbers as the numbers page's, computed once per
    distinct scope and period."""
    today = today or timezone.localdate()
    totals: dict[tuple, dict[str, int]] = {}
    progress = []
    for target in targets_for(user):
        until: date | None = min(target.end, today)
        reached = 0
        if until < target.start:
            until = None
        else:
            key = (target.mechanism_id, target.start, until)
            if key not in totals:
                scope = None if target.mechanism_id is None else {target.mechanism_id}
                numbers = desk_numbers(mechanism_ids=scope, start=target.start, end=until)
                totals[key] = {row.code: row.total for row in numbers.rows}
            reached = totals[key].get(target.measure, 0)
        label = LABELS.get(target.measure, target.measure)
        settable = target_settable(user, target.mechanism_id)
        progress.append(Progress(target, label, reached, until, settable))
    return progress
