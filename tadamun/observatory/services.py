"""Setting the targets the one-stop shop's numbers are followed against."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tadamun.observatory.models import Target
from tadamun.observatory.selectors import target_settable

logger = logging.getLogger(__name__)


@transaction.atomic
def target_set(
    *, by, measure: str, mechanism, start: date, end: date, value: int, note: str = ""
) -> Target:
    """A new target, after the model's own checks (a known measure, a period that ends
    after it starts, a positive value)."""
    if not target_settable(by, getattr(mechanism, "pk", None)):
        raise PermissionDenied
    target = Target(
        measure=measure,
        mechanism=mechanism,
        start=start,
        end=end,
        value=value,
        note=note,
        set_by=by,
    )
    target.full_clean()
    target.save()
    logger.info("target %s set by %s: %s", target.pk, by.pk, target)
    return target


@transaction.atomic
def target_delete(*, target: Target, by) -> None:
    if not target_settable(by, target.mechanism_id):
        raise PermissionDenied
    logger.info("target %s deleted by %s: %s", target.pk, by.pk, target)
    target.delete()
