from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadamun.observatory.numbers import BREAKDOWNS, period_or_this_year


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
        cleaned["start"], cleaned["end"] = period_or_this_year(
            cleaned.get("start"), cleaned.get("end")
        )
        if cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned
