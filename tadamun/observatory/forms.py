from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadamun.observatory.numbers import BREAKDOWNS


class NumbersForm(forms.Form):
    """The period, mechanism and breakdown of the numbers (a GET form)."""

    start = forms.DateField(
        label=pgettext_lazy("start of a period", "from"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "to"),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )
    mechanism = forms.ChoiceField(label=_("mechanism"), required=False)
    by = forms.ChoiceField(
        label=_("broken down by"),
        required=False,
        choices=[("", _("no breakdown")), *BREAKDOWNS.items()],
    )

    def __init__(self, data, *, mechanisms):
        super().__init__(data)
        self.mechanisms = {m.slug: m for m in mechanisms}
        self.fields["mechanism"].choices = [("", _("all those I follow"))] + [
            (m.slug, m.name) for m in mechanisms
        ]

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        cleaned["start"] = cleaned.get("start") or date(today.year, 1, 1)
        cleaned["end"] = cleaned.get("end") or today
        if cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned

    def mechanism_ids(self, allowed: set[int] | None) -> set[int] | None:
        """The mechanisms asked for, within those allowed (None: all)."""
        slug = self.cleaned_data.get("mechanism")
        if slug:
            return {self.mechanisms[slug].pk}
        return allowed
