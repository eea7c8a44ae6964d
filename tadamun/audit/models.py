"""The audit trail: who saw, changed, exported or deleted which record, when, from where.

Entries are written, never changed: the model refuses updates and deletes, and so does the
database itself (triggers, see the migration), except the deletion of entries older than
the retention period the register of processing gives them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Days an entry is kept; the database refuses to delete a younger one. The register of
# processing (tadamun/privacy/register.toml) states the same period (a test holds them
# together); changing it needs a migration that rewrites the triggers.
RETENTION_DAYS = 1826


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit entries cannot be changed")

    def delete(self):
        raise PermissionError("Audit entries are deleted by the retention command only")

    def expired(self):
        return self.filter(at__lt=timezone.now() - timezone.timedelta(days=RETENTION_DAYS))


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", pgettext_lazy("audit action", "created")
        CHANGE = "change", _("changed")
        EXPORT = "export", _("exported")
        DOWNLOAD = "download", _("downloaded")
        DELETE = "delete", _("deleted")
        ERASE = "erase", _("erased")
        ANONYMISE = "anonymise", _("anonymised")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("mechanism"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The object by its model ("people.person") and id; never its name or content.
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64)
    ip = models.GenericIPAddressField(
        pgettext_lazy("the network address a request came from", "from"), null=True, blank=True
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["mechanism", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are deleted by the retention command only")
