"""Support mechanisms: a House of SSE, a territorial support mechanism, a cluster.

Each runs its own work with its own staff; every piece of case data (people, their
consents, documents, later requests and cases) belongs to exactly one mechanism, and only
that mechanism's staff see it (see `tadamun/accounts/permissions.py`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamun.core.models import NamedInThreeLanguages


class MechanismQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Mechanism(NamedInThreeLanguages):
    class Kind(models.TextChoices):
        HOUSE = "house", _("House of SSE")
        TERRITORIAL = "territorial", _("territorial support mechanism")
        CLUSTER = "cluster", _("cluster")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "places.Country", on_delete=models.PROTECT, related_name="mechanisms"
    )
    territories = models.ManyToManyField(
        "places.Place", related_name="mechanisms", blank=True, verbose_name=_("territories")
    )
    partners = models.ManyToManyField(
        "directory.Actor",
        related_name="mechanisms",
        blank=True,
        verbose_name=_("partner organisations"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MechanismQuerySet.as_manager()

    class Meta:
        ordering = ["country_id", "name_fr"]
        verbose_name = _("mechanism")
        verbose_name_plural = _("mechanisms")

    def __str__(self) -> str:
        return self.name
