"""Reads of the audit trail, scoped to the mechanisms whose trail the user may read."""

from django.db.models import QuerySet

from tadamun.accounts.permissions import scoped
from tadamun.audit.models import AuditEntry


def audit_trail_for(user, mechanism_id: int | None = None) -> QuerySet[AuditEntry]:
    entries = scoped(AuditEntry.objects.all(), user, "audit.view")
    if mechanism_id is not None:
        entries = entries.filter(mechanism_id=mechanism_id)
    return entries.select_related("user", "mechanism")
