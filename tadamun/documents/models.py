"""Files attached to the records of a mechanism (a person now; cases, calls later).

Stored outside the static and media URLs, under a name the server makes, after their
content was checked (see `checks.py`); served only through `documents:download`, to those
the permission matrix allows, as attachments.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism", on_delete=models.PROTECT, related_name="documents"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=80, unique=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title
