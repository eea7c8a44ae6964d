"""Writing the audit trail."""

from django.db import connection, transaction
from django.http import HttpRequest

from tadamun.audit.models import RETENTION_DAYS, AuditEntry


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from (behind the proxy SECURE trusts, its first hop)."""
    if request is None:
        return None
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(*, request: HttpRequest | None, user, mechanism, action: str, obj) -> AuditEntry:
    """One entry: `user` did `action` on `obj` (a model instance) of `mechanism`."""
    return AuditEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        mechanism_id=getattr(mechanism, "pk", mechanism),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        ip=client_ip(request),
    )


@transaction.atomic
def audit_purge_expired() -> int:
    """Deletes the entries older than the retention period (the database refuses younger
    ones). Goes around the model's refusal on purpose: this is the one way out."""
    cutoff_ids = list(AuditEntry.objects.expired().values_list("pk", flat=True))
    with connection.cursor() as cursor:
        for start in range(0, len(cutoff_ids), 500):
            chunk = cutoff_ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM {AuditEntry._meta.db_table} WHERE id IN "  # noqa: S608
                f"({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
    return len(cutoff_ids)


__all__ = ["RETENTION_DAYS", "audit_purge_expired", "audit_record", "client_ip"]
