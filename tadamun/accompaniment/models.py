"""Accompaniment cases: a mechanism follows a person or an organisation over months, from
the idea to autonomy, with its advisor, sessions, action plan, documents and outcomes.

A case belongs to one mechanism and follows exactly one subject: a person of that
mechanism, or an organisation of the directory (a database constraint holds it). Its
stage changes only through `services.case_move` and `services.case_close`, along the
transitions `TRANSITIONS` allows, and every change is a `StageChange` row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadamun.people.subjects import PersonOrOrganisation, one_subject


class Stage(models.TextChoices):
    IDEA = "idea", _("idea")
    CREATION = "creation", _("creation")
    DEVELOPMENT = "development", _("development")
    CONSOLIDATION = "consolidation", _("consolidation")
    AUTONOMY = "autonomy", _("autonomy")
    CLOSED = "closed", _("closed")


# The stages of an open case, in their order.
PATH = (Stage.IDEA, Stage.CREATION, Stage.DEVELOPMENT, Stage.CONSOLIDATION, Stage.AUTONOMY)


class Move(models.TextChoices):
    """The kinds of stage change."""

    OPEN = "open", _("opened")
    FORWARD = "forward", _("moved forward")
    BACK = "back", _("moved back")
    CLOSE = "close", _("closed")
    REOPEN = "reopen", _("reopened")


def _transitions() -> dict[str, dict[str, str]]:
    allowed: dict[str, dict[str, str]] = {}
    for position, stage in enumerate(PATH):
        moves = {}
        if position + 1 < len(PATH):
            moves[PATH[position + 1]] = Move.FORWARD
        if position > 0:
            moves[PATH[position - 1]] = Move.BACK
        moves[Stage.CLOSED] = Move.CLOSE
        allowed[stage] = moves
    allowed[Stage.CLOSED] = dict.fromkeys(PATH, Move.REOPEN)
    return allowed


# Stage → the stages it may go to, and the kind of each move: one step forward, one step
# back (with a reason), closed from any stage, reopened at any stage. The one place that
# says it.
TRANSITIONS: dict[str, dict[str, str]] = _transitions()


class CloseReason(models.TextChoices):
    AUTONOMOUS = "autonomous", _("the initiative stands on its own")
    ABANDONED = "abandoned", _("abandoned")
    MOVED = "moved", _("moved away or followed elsewhere")
    OTHER = "other", _("other reason")


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(stage=Stage.CLOSED)

    def with_last_session(self):
        return self.annotate(last_session_on=models.Max("sessions__date"))


class Case(PersonOrOrganisation, models.Model):
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("mechanism"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("person followed"),
    )
    actor = models.ForeignKey(
        "directory.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accompaniment_cases",
        verbose_name=_("organisation followed"),
    )
    title = models.CharField(pgettext_lazy("accompanied project", "project"), max_length=200)
    description = models.TextField(_("project description"), blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="accompaniment_cases",
        verbose_name=_("advisor"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    closed_reason = models.CharField(
        _("why it was closed"), max_length=20, choices=CloseReason.choices, blank=True
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Outcome: the organisation the accompaniment created, in the directory.
    organisation = models.ForeignKey(
        "directory.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="created_through_cases",
        verbose_name=_("organisation created"),
    )
    organisation_created_on = models.DateField(_("organisation created on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["mechanism", "stage"]),
            models.Index(fields=["advisor", "stage"]),
        ]
        constraints = [
            one_subject("case_follows_exactly_one_subject"),
            models.CheckConstraint(
                condition=Q(stage="closed", closed_at__isnull=False) & ~Q(closed_reason="")
                | (~Q(stage="closed") & Q(closed_at__isnull=True, closed_reason="")),
                name="case_closed_with_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(organisation_created_on__isnull=False),
                name="case_organisation_has_a_date",
            ),
        ]
        verbose_name = _("accompaniment case")
        verbose_name_plural = _("accompaniment cases")

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED

    def allowed_moves(self) -> dict[str, str]:
        return TRANSITIONS[self.stage]


class StageChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("who"),
    )
    move = models.CharField(_("change"), max_length=10, choices=Move.choices)
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    closed_reason = models.CharField(
        _("why it was closed"), max_length=20, choices=CloseReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.from_stage or '∅'} → {self.to_stage}"


class Topic(models.TextChoices):
    TECHNICAL = "technical", _("technical")
    MANAGEMENT = "management", _("management")
    CULTURE = "culture", _("organisational culture")
    INNOVATION = "innovation", _("innovation")
    DIGITAL = "digital", _("digitalisation")
    MARKETING = "marketing", _("marketing")
    LEGAL = "legal", _("legal")
    FINANCING = "financing", _("financing")
    GENDER_CARE = "gender_care", _("gender and care")
    OTHER = "other", _("other")


class Session(models.Model):
    """A meeting of the advisor with the person or the organisation followed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    notes = models.TextField(_("notes"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    attendees = models.CharField(_("who was there"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["case", "-date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=1440),
                name="session_duration_in_a_day",
            )
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.date} {self.get_topic_display()}"


class Owner(models.TextChoices):
    ADVISOR = "advisor", _("the advisor")
    BENEFICIARY = "beneficiary", _("the beneficiary")


class ActionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True)


class Action(models.Model):
    """A step of the case's action plan."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("who does it"), max_length=20, choices=Owner.choices)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = [models.F("done_at").asc(nulls_first=True), "due_on", "id"]
        indexes = [models.Index(fields=["case", "due_on"])]
        verbose_name = _("action")
        verbose_name_plural = _("action plan")

    def __str__(self) -> str:
        return self.description


class CaseDocument(models.Model):
    """A document of the documents app attached to a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_documents")
    document = models.OneToOneField(
        "documents.Document", on_delete=models.CASCADE, related_name="case_link"
    )

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.document_id}"


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")


class ContractKind(models.TextChoices):
    PERMANENT = "permanent", _("permanent (open-ended)")
    FIXED_TERM = "fixed_term", _("fixed-term")
    SEASONAL = "seasonal", _("seasonal")
    MEMBER = "member", _("member-worker of a cooperative")
    OTHER = "other", _("other")


class Job(models.Model):
    """Jobs a case created: one person, or a number of people of one gender in the same
    conditions. Whether the income reaches the minimum wage, and whether the job is
    decent work, are computed by `services.case_job_add` from `minimum_wage.py`, never
    typed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="jobs")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("person employed"),
    )
    count = models.PositiveSmallIntegerField(_("number of jobs"), default=1)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    started_on = models.DateField(_("started on"))
    has_contract = models.BooleanField(_("written contract"), default=False)
    contract_kind = models.CharField(
        _("kind of contract"), max_length=20, choices=ContractKind.choices, blank=True
    )
    social_protection = models.BooleanField(_("social protection (CNSS)"), default=False)
    monthly_income = models.DecimalField(
        _("monthly income"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, editable=False)
    # Computed from minimum_wage.py when recorded.
    minimum_wage = models.DecimalField(
        _("minimum wage applied"), max_digits=12, decimal_places=3, null=True, editable=False
    )
    minimum_wage_from = models.DateField(null=True, editable=False)
    meets_minimum_wage = models.BooleanField(_("at least the minimum wage"), editable=False)
    decent = models.BooleanField(_("decent work"), editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True, count__gte=1) | Q(count=1),
                name="job_of_a_person_counts_one",
            ),
            models.CheckConstraint(
                condition=Q(has_contract=True) | Q(contract_kind=""),
                name="job_contract_kind_needs_a_contract",
            ),
            models.CheckConstraint(
                condition=Q(decent=False)
                | Q(has_contract=True, social_protection=True, meets_minimum_wage=True),
                name="job_decent_means_contract_protection_wage",
            ),
        ]
        verbose_name = _("job created")
        verbose_name_plural = _("jobs created")

    def __str__(self) -> str:
        return f"{self.count} × {self.get_gender_display()}"


class Turnover(models.Model):
    """The turnover of the initiative followed, per year."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="turnovers")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("turnover"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["case", "year"], name="one_turnover_per_case_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="turnover_not_negative"),
        ]
        verbose_name = _("turnover")
        verbose_name_plural = _("turnovers")

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} {self.currency}"
