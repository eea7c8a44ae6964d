"""The targets of the indicator framework: what a measure of the one-stop shop's numbers
should reach over a period, for a mechanism or for all of them (a programme's logframe:
"20 decent jobs", "2,970 people informed")."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tadamun.mechanisms.models import Mechanism


def measure_choices() -> list[tuple[str, object]]:
    from tadamun.observatory.numbers import MEASURES

    return [(measure.code, measure.label) for measure in MEASURES]


class Target(models.Model):
    measure = models.CharField(_("measure"), max_length=40, choices=measure_choices)
    # None: every mechanism of the platform together.
    mechanism = models.ForeignKey(
        Mechanism,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("mechanism"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    value = models.PositiveIntegerField(_("target"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["end", "measure", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="target_period"),
            models.CheckConstraint(condition=Q(value__gte=1), name="target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} ({self.start} – {self.end})"
