"""The people a mechanism works with: beneficiaries, project holders, cooperative members,
contacts; and the consents they gave.

A person belongs to exactly one mechanism and is seen only by its staff. Nothing about a
person is stored before their consent to the accompaniment is recorded (`person_create`
takes both at once); what they consented to, and what they withdrew, decides what
Tadamun may still do with their data.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """What a consent is for."""

    ACCOMPANIMENT = "accompaniment", _("keeping a record to inform, orient and accompany")
    CONTACT = "contact", _("being contacted with news, calls and invitations")
    PUBLICATION = "publication", _("appearing in the programme's stories, photos and films")


class PersonQuerySet(models.QuerySet):
    def identified(self):
        """Not anonymised."""
        return self.filter(anonymised_at__isnull=True)

    def consenting(self, purpose: str):
        """With a consent for `purpose` that was not withdrawn."""
        return self.filter(
            consents__purpose=purpose, consents__withdrawn_at__isnull=True
        ).distinct()


class Person(models.Model):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("woman")
        MAN = "man", _("man")
        OTHER = "other", _("other")
        UNSAID = "", _("not said")

    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("mechanism"),
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The name's folded and phonetic keys, for the staff's search (cleared on erasure).
    search_keys = models.TextField(editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Retention runs from the last time the mechanism worked with the person.
    last_activity_at = models.DateTimeField(default=timezone.now)
    retention_notified_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [models.Index(fields=["mechanism", "full_name"])]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or f"#{self.pk}"


class ConsentText(models.Model):
    """The words a person agreed to, per purpose and version, in three languages."""

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text_ar = models.TextField(_("text (Arabic)"))
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="one_text_per_version")
        ]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"


class Consent(models.Model):
    class Method(models.TextChoices):
        SIGNED_FORM = "signed_form", _("signed form")
        ORAL_WITNESSED = "oral_witnessed", _("oral, before a witness")
        ONLINE = "online", _("online")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    method = models.CharField(_("how it was given"), max_length=20, choices=Method.choices)
    witness = models.CharField(_("witness"), max_length=200, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["person_id", "purpose", "-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(method="oral_witnessed") | ~models.Q(witness=""),
                name="oral_consent_has_a_witness",
            )
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.get_method_display()})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class PersonRole(models.Model):
    """What a person is to the programme: several roles at once (a cooperative member
    who is also a trainer)."""

    class Role(models.TextChoices):
        PROJECT_HOLDER = "project_holder", _("project holder")
        COOPERATIVE_MEMBER = "cooperative_member", _("cooperative member")
        TRAINER = "trainer", _("trainer")
        SOCIAL_COMMUNICATOR = "social_communicator", _("social communicator")
        ENTREPRENEUR_EMPLOYEE = "entrepreneur_employee", _("entrepreneur-employee")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="one_role_of_a_kind")
        ]
        verbose_name = _("role of a person")
        verbose_name_plural = _("roles of people")

    def __str__(self) -> str:
        return str(self.get_role_display())


class Affiliation(models.Model):
    """A person belongs to an organisation of the directory, with a role there."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        PRESIDENT = "president", _("president")
        MANAGER = "manager", _("manager or director")
        BOARD = "board", _("board member")
        EMPLOYEE = "employee", _("employee")
        FOUNDER = "founder", _("founder")
        VOLUNTEER = "volunteer", _("volunteer")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    actor = models.ForeignKey(
        "directory.Actor",
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role there"), max_length=20, choices=Role.choices)
    since_year = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "actor_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "actor", "role"], name="one_affiliation_of_a_kind"
            )
        ]
        verbose_name = _("organisation of a person")
        verbose_name_plural = _("organisations of people")

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.actor_id}"


class PersonMerge(models.Model):
    """A person found twice was merged: `other` (deleted) into `keep`.

    `merged_values` keeps, of the removed record, the values that were not kept, so that
    the merge can be explained; it is cleared when the kept person is erased."""

    keep = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    other_id = models.PositiveBigIntegerField(_("merged record"))
    choices = models.JSONField(_("values kept"), default=dict)
    merged_values = models.JSONField(default=dict, blank=True)
    moved = models.JSONField(_("what moved"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-merged_at", "-id"]
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")

    def __str__(self) -> str:
        return f"#{self.other_id} → #{self.keep_id}"
