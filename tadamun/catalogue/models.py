"""The catalogue of support services, and the referrals staff send people to them.

A `Service` is offered by an actor of the directory (a House of SSE's reception desk, a
digital lab, a microfinance association…) and is public: anyone may browse the catalogue.
A `Referral` is the mechanism's own: one of its beneficiaries (or an organisation it
accompanies) sent to a service, with what came of it; only the mechanism's staff see it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadamun.catalogue.types import (
    Audience,
    ServiceLanguage,
    ServiceType,
    codes_padded,
    codes_unpadded,
)
from tadamun.core.i18n import all_values, localized
from tadamun.people.subjects import PersonOrOrganisation, one_subject


class ServiceQuerySet(models.QuerySet):
    def active(self) -> "ServiceQuerySet":
        return self.filter(is_active=True)

    def for_listing(self) -> "ServiceQuerySet":
        """What a list of services shows, in a fixed number of queries."""
        return self.select_related("provider", "provider__place").prefetch_related(
            "territories", "countries"
        )

    def of_type(self, service_type: str) -> "ServiceQuerySet":
        return self.filter(service_type=service_type)

    def for_audience(self, audience: str) -> "ServiceQuerySet":
        """Open to `audience` (services open to anyone included)."""
        return self.filter(
            Q(audiences__contains=f" {audience} ") | Q(audiences__contains=f" {Audience.ANY} ")
        )

    def in_language(self, language: str) -> "ServiceQuerySet":
        return self.filter(languages__contains=f" {language} ")

    def serving(self, place) -> "ServiceQuerySet":
        """Serving a place: a territory that contains it, or its whole country."""
        chain = [p.pk for p in place.ancestors()]
        return self.filter(Q(territories__in=chain) | Q(countries=place.country_id)).distinct()

    def touching(self, place) -> "ServiceQuerySet":
        """Serving a place or part of it (a browse filter: a region shows the services of
        its provinces too)."""
        from tadamun.places.selectors import place_index

        index = place_index()
        inside = [p.pk for p in index.by_id.values() if place in p.ancestors()]
        chain = [p.pk for p in place.ancestors()]
        return self.filter(
            Q(territories__in=[*chain, *inside]) | Q(countries=place.country_id)
        ).distinct()


class Service(models.Model):
    provider = models.ForeignKey(
        "directory.Actor",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("offered by"),
    )
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("curated by"),
        help_text=_("The support mechanism that keeps this entry up to date, if any."),
    )
    service_type = models.CharField(_("type"), max_length=20, choices=ServiceType.choices)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # Codes of Audience and ServiceLanguage, space-padded (" women youth "): filtered
    # alike on SQLite and PostgreSQL.
    audiences = models.CharField(_("for"), max_length=100, default=" any ")
    languages = models.CharField(_("languages"), max_length=40, blank=True)
    territories = models.ManyToManyField(
        "places.Place",
        blank=True,
        related_name="services",
        verbose_name=_("territories served"),
        help_text=_("A region serves all its provinces, a province all its towns."),
    )
    countries = models.ManyToManyField(
        "places.Country",
        blank=True,
        related_name="services",
        verbose_name=_("whole countries served"),
    )
    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_ar = models.CharField(_("cost (Arabic)"), max_length=300, blank=True)
    cost_fr = models.CharField(_("cost (French)"), max_length=300, blank=True)
    cost_en = models.CharField(_("cost (English)"), max_length=300, blank=True)
    access_ar = models.TextField(_("how to access it (Arabic)"), blank=True)
    access_fr = models.TextField(_("how to access it (French)"), blank=True)
    access_en = models.TextField(_("how to access it (English)"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("International form: +212…")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # The folded words and codes the search matches (see search.py), kept by the services.
    search_terms = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["service_type", "name_fr", "id"]
        verbose_name = _("support service")
        verbose_name_plural = _("support services")
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_ar="", name_fr="", name_en=""), name="service_has_a_name"
            )
        ]
        indexes = [models.Index(fields=["is_active", "service_type"], name="service_active_type")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def names(self) -> dict[str, str]:
        return all_values(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def cost(self) -> str:
        return localized(self, "cost")

    @property
    def access(self) -> str:
        return localized(self, "access")

    @property
    def audience_list(self) -> list[str]:
        return codes_unpadded(self.audiences)

    @audience_list.setter
    def audience_list(self, codes) -> None:
        self.audiences = codes_padded(codes) or f" {Audience.ANY} "

    @property
    def language_list(self) -> list[str]:
        return codes_unpadded(self.languages)

    @language_list.setter
    def language_list(self, codes) -> None:
        self.languages = codes_padded(codes)

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[c]) for c in self.audience_list if c in labels]

    def language_labels(self) -> list[str]:
        labels = dict(ServiceLanguage.choices)
        return [str(labels[c]) for c in self.language_list if c in labels]


class Outcome(models.TextChoices):
    PENDING = "pending", _("pending")
    TAKEN_UP = "taken_up", _("taken up")
    REFUSED = "refused", _("refused")
    NO_ANSWER = "no_answer", _("no answer")


# The outcomes a referral may move to from each: the one place they are decided. A
# referral without an answer may still be taken up or refused later.
TRANSITIONS: dict[str, frozenset[str]] = {
    Outcome.PENDING: frozenset({Outcome.TAKEN_UP, Outcome.REFUSED, Outcome.NO_ANSWER}),
    Outcome.NO_ANSWER: frozenset({Outcome.TAKEN_UP, Outcome.REFUSED}),
    Outcome.TAKEN_UP: frozenset(),
    Outcome.REFUSED: frozenset(),
}


class Referral(PersonOrOrganisation, models.Model):
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("mechanism"),
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("person"),
    )
    actor = models.ForeignKey(
        "directory.Actor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("service")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    # The needs the referral answered: dimension code -> score (0-100), as they were.
    needs = models.JSONField(_("needs"), default=dict, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_at = models.DateTimeField(_("outcome recorded"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            one_subject("referral_of_a_person_or_an_organisation"),
        ]
        indexes = [models.Index(fields=["mechanism", "outcome"], name="referral_mech_outcome")]

    def __str__(self) -> str:
        return f"#{self.pk} → {self.service_id}"

    @property
    def next_outcomes(self) -> list[str]:
        return [o for o in Outcome.values if o in TRANSITIONS[self.outcome]]


class ReferralEvent(models.Model):
    """One step of a referral: sent (from ""), or an outcome recorded, by whom and when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_outcome = models.CharField(max_length=20, blank=True)
    to_outcome = models.CharField(max_length=20, choices=Outcome.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self) -> str:
        return f"{self.from_outcome or '·'} → {self.to_outcome}"
