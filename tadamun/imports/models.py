"""An import made by staff through the web pages: the file they uploaded, how its columns
are read, the check that ran before the import, and the import's result."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# How many rows of the file the preview shows (kept on the job at upload).
SAMPLE_ROWS = 10


class InvalidTransition(ValueError):
    """The job is not (or no longer) in a status the asked one can follow."""


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        CHECKING = "checking", _("checking")
        CHECKED = "checked", _("checked")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        UNDOING = "undoing", pgettext_lazy("import status", "undoing")
        UNDONE = "undone", pgettext_lazy("import status", "undone")

    # Every status a job can move to from each status: the one place that says so.
    # The check runs in the background like the import (it does all the import's work,
    # then rolls it back), so a new mapping can be checked again before the import.
    TRANSITIONS = {
        Status.UPLOADED: (Status.CHECKING,),
        Status.CHECKING: (Status.CHECKED, Status.FAILED),
        Status.CHECKED: (Status.CHECKING, Status.RUNNING),
        Status.RUNNING: (Status.DONE, Status.FAILED),
        Status.DONE: (Status.UNDOING,),
        Status.FAILED: (),
        # An undoing that fails leaves the import done, as it was.
        Status.UNDOING: (Status.UNDONE, Status.DONE),
        Status.UNDONE: (),
    }
    # While in one of these, a thread is working on the job and its progress is in the cache.
    WORKING = (Status.CHECKING, Status.RUNNING, Status.UNDOING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
    )
    # An import run by `tadamun import actors` (no one uploaded it; its file is not kept).
    by_command = models.BooleanField(_("from the command line"), default=False)
    source = models.CharField(_("source"), max_length=100)
    file_name = models.CharField(_("file name"), max_length=255)
    # The file as it was uploaded; read again by the check and the import.
    data = models.BinaryField(_("file"))
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    encoding = models.CharField(_("encoding"), max_length=20)
    separator = models.CharField(_("separator"), max_length=4, blank=True)
    headers = models.JSONField(_("headers"), default=list)
    sample = models.JSONField(_("first rows"), default=list)
    # {header: column of the format, or "" to leave the header out}; see columns.map_headers.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    # The language the check and the import give their reasons in.
    language = models.CharField(_("language"), max_length=8, default="fr")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    # The counts of the last run: the check's while checked, the import's once done.
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # Progress as last written to the database (the live figure is in the cache: see jobs).
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # The rejected rows of the last run: [{"line", "column", "reason", "cells"}, …].
    rejections = models.JSONField(_("rejected rows"), default=list, blank=True)
    # What the last run changes in actors already there, with the values before:
    # [{"line", "source_id", "actor_id", "field", "before", "after", …}, …] (services.Change).
    # Once the import is done, the record of what the actors held before it, which lets
    # it be undone. None: not recorded (an import from before the record was kept).
    changes = models.JSONField(_("changes"), null=True, blank=True, default=None)
    error = models.TextField(_("error"), blank=True)

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When the retention rule cleared the file and the rows (privacy/register.toml).
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the undoing did: {"restored", "removed", "left": [{"actor", "source_id",
    # "field", "reason"}, …]}.
    undo_report = models.JSONField(_("undoing"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="import_job_recent")]

    def __str__(self) -> str:
        return f"{self.source}: {self.file_name}"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def move_to(self, status: str, **fields) -> None:
        """Move to `status`, writing `fields` with it, if the job is still in the status
        this object holds: two requests cannot both start the same job."""
        if not self.can_move_to(status):
            raise InvalidTransition(f"{self.status} → {status}")
        fields["updated_at"] = timezone.now()
        moved = ImportJob.objects.filter(pk=self.pk, status=self.status).update(
            status=status, **fields
        )
        if not moved:
            raise InvalidTransition(f"{self.status} → {status}: the job has moved on")
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)

    @property
    def working(self) -> bool:
        return self.status in self.WORKING

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    @property
    def undoable(self) -> bool:
        """Whether the import can be undone: done, with what it changed on record."""
        return self.can_move_to(self.Status.UNDOING) and self.changes is not None

    def file_bytes(self) -> bytes:
        # PostgreSQL gives a memoryview, SQLite bytes.
        return bytes(self.data)
