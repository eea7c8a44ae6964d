"""Setting the targets the one-stop shop's numbers are followed against."""

import logging
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tadamun.accounts.permissions import mechanism_ids
from tadamun.observatory.models import Target

logger = logging.getLogger(__name__)


def _may_set(by, mechanism) -> bool:
    """A mechanism's targets: whoever may set targets there; the platform's (no
    mechanism): only those who may everywhere."""
    ids = mechanism_ids(by, "target.set")
    return ids is None or (mechanism is not None and mechanism.pk in ids)


@transaction.atomic
def target_set(
    *,
    by,
    measure: str,
    mechanism,
    start: date,
    end: date,
    value: int,
    note: str = "",
    target: Target | None = None,
) -> Target:
    """Create a target, or change `target`, after the model's own checks (a known
    measure, a period that ends after it starts, a positive value)."""
    if not _may_set(by, mechanism) or (target is not None and not _may_set(by, target.mechanism)):
        raise PermissionDenied
    target = target or Target()
    target.measure, target.mechanism, target.start, target.end = measure, mechanism, start, end
    target.value, target.note, target.set_by = value, note, by
    target.full_clean()
    target.save()
    logger.info("target %s set by %s: %s", target.pk, by.pk, target)
    return target


@transaction.atomic
def target_delete(*, target: Target, by) -> None:
    if not _may_set(by, target.mechanism):
        raise PermissionDenied
    logger.info("target %s deleted by %s: %s", target.pk, by.pk, target)
    target.delete()
