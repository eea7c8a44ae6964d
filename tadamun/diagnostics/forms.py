"""The staff's forms: starting a diagnostic, a page of answers, and the questionnaire
editor's plain forms (a questionnaire, a section, a question and its choices)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tadamun.core.i18n import localized
from tadamun.diagnostics.dimensions import Dimension
from tadamun.diagnostics.models import QuestionKind
from tadamun.diagnostics.scoring import SCALE_MAX, SCALE_MIN

LANGUAGE_LABELS = (("ar", _("Arabic")), ("fr", _("French")), ("en", _("English")))


def _trilingual(form: forms.Form, name: str, label, *, long: bool = False, max_length=200):
    for code, language in LANGUAGE_LABELS:
        widget = (
            forms.Textarea(attrs={"rows": 3, "dir": "rtl" if code == "ar" else "ltr"})
            if long
            else forms.TextInput(attrs={"dir": "rtl" if code == "ar" else "ltr"})
        )
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})",
            required=False,
            max_length=None if long else max_length,
            widget=widget,
        )
        form.fields[f"{name}_{code}"].widget.attrs["lang"] = code


class StartForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label=_("Questionnaire"), empty_label=None)
    person = forms.ModelChoiceField(
        queryset=None, label=_("For a person"), required=False, empty_label="—"
    )
    actor = forms.ModelChoiceField(
        queryset=None, label=_("Or for an organisation"), required=False, empty_label="—"
    )

    def __init__(self, *args, versions, people, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: (
            _("%(questionnaire)s (version %(number)s)")
            % {"questionnaire": v.questionnaire, "number": v.number}
        )
        self.fields["person"].queryset = people
        self.fields["actor"].queryset = actors

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("actor")):
            raise forms.ValidationError(_("Choose a person or an organisation (one of them)."))
        return data


class AnswersForm(forms.Form):
    """The questions of one section, each an optional field named `q<id>`."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)

    @staticmethod
    def _field(question) -> forms.Field:
        label = localized(question, "text")
        help_text = localized(question, "help")
        common = {"label": label, "required": False, "help_text": help_text}
        choices = [(str(c.pk), localized(c, "label")) for c in question.choices.all()]
        kind = question.kind
        skip = [("", _("no answer"))]
        if kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            return forms.ChoiceField(choices=choices + skip, widget=forms.RadioSelect, **common)
        if kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if kind == QuestionKind.SCALE:
            scale = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]
            return forms.ChoiceField(choices=scale + skip, widget=forms.RadioSelect, **common)
        if kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                max_digits=12,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
                **common,
            )
        if kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)

    @staticmethod
    def initial_from(questions, values: dict) -> dict:
        initial = {}
        for question in questions:
            if question.pk not in values:
                continue
            value = values[question.pk]
            if isinstance(value, list):
                value = [str(item) for item in value]
            elif value is not None:
                value = str(value)
            initial[f"q{question.pk}"] = value
        return initial

    def answers(self) -> dict[int, object]:
        """{question id: value} of every question of the page ("" / [] clear one)."""
        found = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == QuestionKind.MULTIPLE:
                value = [int(item) for item in value or []]
            elif question.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO, QuestionKind.SCALE):
                value = int(value) if value else None
            found[question.pk] = value
        return found

    def rows(self):
        return [(question, self[f"q{question.pk}"]) for question in self.questions]


class QuestionnaireForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, for the address."),
    )

    def __init__(self, *args, with_slug: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_slug:
            del self.fields["slug"]
        _trilingual(self, "title", _("Title"))
        _trilingual(self, "intro", _("Introduction"), long=True)

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "slug"}


class SectionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _trilingual(self, "title", _("Title"))
        _trilingual(self, "intro", _("Introduction"), long=True)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    dimension = forms.ChoiceField(
        label=_("Counts towards"),
        choices=[("", _("no dimension (not scored)")), *Dimension.choices],
        required=False,
        help_text=_("Text questions count towards none."),
    )
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=10, initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _trilingual(self, "text", _("Question"), long=True)
        _trilingual(self, "help", _("Help"), long=True)

    def values(self) -> dict:
        return dict(self.cleaned_data)


class ChoiceForm(forms.Form):
    label_ar = forms.CharField(
        label=_("Label (Arabic)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
    )
    label_fr = forms.CharField(
        label=_("Label (French)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "fr"}),
    )
    label_en = forms.CharField(
        label=_("Label (English)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    points = forms.IntegerField(label=_("Points"), min_value=0, max_value=100, initial=0)
    at_least = forms.DecimalField(
        label=_("From (for a number)"), max_digits=12, decimal_places=2, required=False
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {}) or {}
        return not any(data.get(f"label_{code}") for code in ("ar", "fr", "en"))


ChoiceFormSet = forms.formset_factory(ChoiceForm, extra=2, can_delete=True, max_num=30)


def choices_from(formset) -> list[dict]:
    """The choices a valid formset holds, in order, blank and deleted rows left out."""
    found = []
    for form in formset.forms:
        if not form.has_changed() and not form.initial:
            continue
        data = form.cleaned_data
        if not data or data.get("DELETE") or form.is_blank():
            continue
        found.append(
            {
                "label_ar": data.get("label_ar", ""),
                "label_fr": data.get("label_fr", ""),
                "label_en": data.get("label_en", ""),
                "points": data.get("points") or 0,
                "at_least": data.get("at_least"),
            }
        )
    return found
