"""The one-stop shop ("guichet unique"): requests that people send or bring to a mechanism.

A request comes from the public form (no account), or is recorded by the staff for a
walk-in, a phone call, an e-mail or an event. It is routed to the mechanism that serves its
territory (`routing.py`), assigned to an advisor, answered within the mechanism's answer
time, then closed; spam and duplicates are rejected. Its statuses move only along
`TRANSITIONS`, and every move is a `RequestEvent` (who, when, from, to).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Answer time of a mechanism without its own setting (hours, counted on the calendar).
DEFAULT_ANSWER_HOURS = 72


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    WALK_IN = "walk_in", _("walk-in")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    EVENT = "event", _("event")


class Topic(models.TextChoices):
    INFORMATION = "information", _("information")
    CREATION = "creation", _("creating a cooperative or an association")
    SUPPORT = "support", _("support of an existing organisation")
    FINANCING = "financing", _("financing")
    TRAINING = "training", _("training")
    MARKETING = "marketing", _("marketing and sales")
    LEGAL = "legal", _("legal and administrative matters")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", pgettext_lazy("status of a request", "closed")
    REJECTED = "rejected", pgettext_lazy("status of a request", "rejected")


# The only moves a request's status makes (a new assignment of an assigned request is a
# move from "assigned" to "assigned", logged as well).
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.ASSIGNED, Status.REJECTED}),
    Status.ASSIGNED: frozenset({Status.ASSIGNED, Status.ANSWERED, Status.REJECTED}),
    Status.ANSWERED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.REJECTED: frozenset(),
}
OPEN = (Status.NEW, Status.ASSIGNED)


class RejectReason(models.TextChoices):
    SPAM = "spam", _("spam")
    DUPLICATE = "duplicate", _("duplicate of another request")


# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def reference_new() -> str:
    """A reference to give the sender, such as "TDM-7KQ4-M2XP"."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"TDM-{code[:4]}-{code[4:]}"


class DeskSetting(models.Model):
    """How a mechanism runs its one-stop shop."""

    mechanism = models.OneToOneField(
        "mechanisms.Mechanism", on_delete=models.CASCADE, related_name="desk_setting"
    )
    answer_hours = models.PositiveSmallIntegerField(
        _("answer time (hours)"),
        default=DEFAULT_ANSWER_HOURS,
        help_text=_("A request is overdue this many hours after it was received."),
    )
    serves_country = models.BooleanField(
        _("answers for the whole country"),
        default=False,
        help_text=_(
            "Requests from places of its country that no mechanism serves come here "
            "(a national House of SSE)."
        ),
    )

    class Meta:
        verbose_name = _("one-stop shop setting")
        verbose_name_plural = _("one-stop shop settings")

    def __str__(self) -> str:
        return f"{self.mechanism_id}: {self.answer_hours} h"


class RequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN)

    def unrouted(self):
        return self.filter(mechanism__isnull=True)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def queue_order(self, now=None):
        """Overdue open requests first, then by due time, then the others by arrival."""
        now = now or timezone.now()
        return self.annotate(
            late=models.Case(
                models.When(status__in=OPEN, due_at__lt=now, then=models.Value(0)),
                models.When(status__in=OPEN, then=models.Value(1)),
                default=models.Value(2),
                output_field=models.IntegerField(),
            )
        ).order_by("late", "due_at", "-received_at", "pk")


class Request(models.Model):
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=reference_new, editable=False
    )
    # Empty while no mechanism serves the request's territory (the "unrouted" queue).
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("mechanism"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    message = models.TextField(_("message"), max_length=3000)
    language = models.CharField(_("language"), max_length=5, blank=True)
    requester = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("requester"),
    )
    organisation = models.ForeignKey(
        "directory.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("organisation"),
    )
    # While unrouted: who sent it and their consent, until a mechanism records them.
    pending_contact = models.JSONField(default=dict, blank=True, editable=False)
    consent_text = models.ForeignKey(
        "people.ConsentText", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_given_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advisor"),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("first answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the first answer was also sent to the requester's e-mail address (by Tadamun).
    answer_emailed_at = models.DateTimeField(_("answer sent by e-mail"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(_("how it ended"), max_length=300, blank=True)
    reject_reason = models.CharField(
        _("rejected as"), max_length=10, choices=RejectReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["mechanism", "status", "due_at"]),
            models.Index(fields=["assigned_to", "status"]),
        ]
        verbose_name = _("request")
        verbose_name_plural = _("requests")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def is_overdue(self, now=None) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < (now or timezone.now())


class RequestEvent(models.Model):
    """One move of a request: who, when, from which status to which."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("step of a request")
        verbose_name_plural = _("steps of requests")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_status or '·'} → {self.to_status}"
