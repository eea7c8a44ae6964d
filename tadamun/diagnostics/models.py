"""Needs diagnostics: questionnaire templates, their versions, and the diagnostics filled in
with them for a person or an organisation.

A questionnaire (platform-wide, or a mechanism's own) has numbered versions that go from
draft to published to retired (`TRANSITIONS`, each change a `VersionTransition` row). Only a
draft can change; a published version is frozen, and editing it makes a new draft copied
from it (`services.version_draft_from`). A version holds sections, a section questions,
a question its choices, each choice worth points; a question counts towards one
`Dimension` with a weight (text questions count for none).

A diagnostic is filled in with one published version, for a person of the mechanism or an
organisation of the directory; its answers can be saved a page at a time and resumed.
Completing it computes the profile (a score from 0 to 100 per dimension) and stores it on
the diagnostic, so that it stays what it was whatever later happens to the template.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadamun.core.i18n import localized
from tadamun.diagnostics.dimensions import Dimension
from tadamun.people.subjects import PersonOrOrganisation, one_subject


class Trilingual:
    """`obj.t("title")`: a trilingual field in the reader's language, with fallback."""

    def t(self, field: str) -> str:
        return localized(self, field)


class Questionnaire(Trilingual, models.Model):
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
        verbose_name=_("mechanism"),
        help_text=_("Empty for a questionnaire shared by every mechanism."),
    )
    slug = models.SlugField(_("short name"), max_length=80)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_ar = models.TextField(_("introduction (Arabic)"), blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "slug"], name="questionnaire_slug_per_mechanism"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(mechanism__isnull=True),
                name="questionnaire_slug_platform_wide",
            ),
        ]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return self.t("title") or self.slug

    @property
    def platform_wide(self) -> bool:
        return self.mechanism_id is None


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


# The one place that says how a version's status may change.
TRANSITIONS: dict[str, frozenset[str]] = {
    VersionStatus.DRAFT: frozenset({VersionStatus.PUBLISHED}),
    VersionStatus.PUBLISHED: frozenset({VersionStatus.RETIRED}),
    VersionStatus.RETIRED: frozenset(),
}


class QuestionnaireVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=VersionStatus.PUBLISHED)

    def usable_by(self, mechanism):
        """Published versions of the platform's questionnaires and of `mechanism`'s own."""
        mechanism_id = getattr(mechanism, "pk", mechanism)
        return self.published().filter(
            Q(questionnaire__mechanism__isnull=True) | Q(questionnaire__mechanism=mechanism_id)
        )


class QuestionnaireVersion(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        ordering = ["questionnaire_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="one_version_number")
        ]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")

    def __str__(self) -> str:
        return f"{self.questionnaire} v{self.number}"

    @property
    def editable(self) -> bool:
        return self.status == VersionStatus.DRAFT


class VersionTransition(models.Model):
    """One change of a version's status: who, when, from what to what."""

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=12, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=VersionStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version_id", "at", "id"]
        verbose_name = _("version status change")
        verbose_name_plural = _("version status changes")

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status or '—'} → {self.to_status}"


class Section(Trilingual, models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_ar = models.TextField(_("introduction (Arabic)"), blank=True)
    intro_fr = models.TextField(_("introduction (French)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta:
        ordering = ["version_id", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.t("title") or f"#{self.pk}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    YES_NO = "yes_no", _("yes or no")
    SCALE = "scale", _("scale from 1 to 5")
    NUMBER = "number", _("number")
    SHORT_TEXT = "short_text", _("short text")
    LONG_TEXT = "long_text", _("long text")


# Kinds whose answer is one of the question's choices, or several of them.
CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
SCALE_MIN, SCALE_MAX = 1, 5


class Question(Trilingual, models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text_ar = models.TextField(_("question (Arabic)"), blank=True)
    text_fr = models.TextField(_("question (French)"), blank=True)
    text_en = models.TextField(_("question (English)"), blank=True)
    help_ar = models.TextField(_("help (Arabic)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    # The dimension the question's points count towards; empty for text questions.
    dimension = models.CharField(
        _("dimension"), max_length=20, choices=Dimension.choices, blank=True
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["section_id", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.t("text")[:80] or f"#{self.pk}"

    @property
    def scored(self) -> bool:
        return bool(self.dimension) and self.kind not in TEXT_KINDS and self.weight > 0


class Choice(Trilingual, models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    # For a number question: the choice whose threshold is the highest one the answer
    # reaches gives its points ("at least 10 members": 3 points).
    at_least = models.DecimalField(
        _("from (for a number)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["question_id", "position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.t("label") or f"#{self.pk}"


class DiagnosticQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(status=Diagnostic.Status.COMPLETED)

    def of_subject(self, *, person=None, actor=None):
        if person is not None:
            return self.filter(person=person)
        return self.filter(actor=actor)


class Diagnostic(PersonOrOrganisation, models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")

    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        related_name="diagnostics",
        verbose_name=_("mechanism"),
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="diagnostics",
        verbose_name=_("questionnaire"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diagnostics",
        verbose_name=_("person"),
    )
    actor = models.ForeignKey(
        "directory.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diagnostics",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Kept at completion: {dimension: score 0..100}, and per dimension the points
    # obtained and possible and the questions answered and asked.
    profile = models.JSONField(_("profile"), default=dict, blank=True)
    profile_details = models.JSONField(default=dict, blank=True)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["mechanism", "-started_at"]),
            models.Index(fields=["person", "status", "-completed_at"]),
            models.Index(fields=["actor", "status", "-completed_at"]),
        ]
        constraints = [
            one_subject("diagnostic_of_a_person_or_an_organisation"),
        ]
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")

    def __str__(self) -> str:
        return f"{self.version} #{self.pk}"

    @property
    def completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class Answer(models.Model):
    """The answer to one question: a choice's id (single, yes/no), a list of ids
    (multiple), a number (scale, number) or a text."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(_("answer"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["diagnostic_id", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "question"], name="one_answer_a_question")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.diagnostic_id}/{self.question_id}"
