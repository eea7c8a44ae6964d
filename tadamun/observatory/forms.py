from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tadamun.observatory.models import measure_choices
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

    hide_small = forms.BooleanField(
        label=_("hide small counts, to share the table"), required=False
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


class TargetForm(forms.Form):
    """A new target: a measure, for one mechanism where the user may set targets (or for
    every mechanism together, for who may everywhere), over a period."""

    measure = forms.ChoiceField(label=_("measure"))
    mechanism = forms.ChoiceField(label=_("mechanism"), required=False)
    start = forms.DateField(
        label=pgettext_lazy("start of a period", "from"), widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "to"), widget=forms.DateInput({"type": "date"})
    )
    value = forms.IntegerField(label=_("target"), min_value=1, max_value=10**9)
    note = forms.CharField(
        label=_("note"),
        required=False,
        max_length=200,
        help_text=_("Where the target comes from, e.g. the programme's logframe."),
    )

    def __init__(self, data=None, *, mechanisms, everywhere: bool):
        super().__init__(data)
        self.fields["measure"].choices = measure_choices()
        self.mechanisms = {m.slug: m for m in mechanisms}
        choices = [(m.slug, m.name) for m in mechanisms]
        if everywhere:
            choices.insert(0, ("", _("all mechanisms together")))
        else:
            self.fields["mechanism"].required = True
        self.fields["mechanism"].choices = choices

    def clean_mechanism(self):
        return self.mechanisms.get(self.cleaned_data.get("mechanism") or "")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return cleaned
