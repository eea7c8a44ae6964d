"""The staff's forms of cases: open, change, move back, close, reassign, a session, an
action, a document, the outcomes. Choices are limited to what the user may use: any
other id posted is "not one of the available choices"."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadamun.accompaniment.models import PATH, CloseReason, ContractKind, Gender, Owner, Topic


def _user_label(user) -> str:
    return user.get_full_name() or user.get_username()


class AdvisorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return _user_label(user)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CaseOpenForm(forms.Form):
    SUBJECTS = (("person", _("a person")), ("actor", _("an organisation of the directory")))

    subject = forms.ChoiceField(
        label=_("The case follows"), choices=SUBJECTS, widget=forms.RadioSelect, initial="person"
    )
    person = forms.ModelChoiceField(queryset=None, label=_("Person"), required=False)
    actor = forms.IntegerField(
        label=_("Organisation (its number in the directory)"),
        required=False,
        min_value=1,
        help_text=_("The number at the end of the organisation's address in the directory."),
    )
    title = forms.CharField(label=_("Project"), max_length=200)
    description = forms.CharField(
        label=_("Project description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    advisor = AdvisorChoiceField(queryset=None, label=_("Advisor"), empty_label=None)
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=[(stage.value, stage.label) for stage in PATH],
        initial=PATH[0].value,
    )

    def __init__(self, *args, people, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["advisor"].queryset = advisors

    def clean(self):
        from tadamun.directory.models import Actor

        data = super().clean()
        subject = data.get("subject")
        if subject == "person":
            if not data.get("person"):
                self.add_error("person", _("Choose the person."))
            data["actor"] = None
        elif subject == "actor":
            data["person"] = None
            actor_id = data.get("actor")
            actor = Actor.objects.filter(pk=actor_id).first() if actor_id else None
            if actor is None:
                self.add_error("actor", _("No organisation of the directory has this number."))
            data["actor"] = actor
        return data


class CaseEditForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=200)
    description = forms.CharField(
        label=_("Project description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class MoveForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the case closed?"), choices=CloseReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReassignForm(forms.Form):
    advisor = AdvisorChoiceField(queryset=None, label=_("New advisor"), empty_label=None)

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=60
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    attendees = forms.CharField(
        label=_("Who was there"),
        required=False,
        max_length=500,
        help_text=_("Names or roles, such as “the president and two members”."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the accompaniment needs: no health, religion or politics."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["duration_minutes"].widget.attrs["inputmode"] = "numeric"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A session is recorded once it took place."))
        return day


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ChoiceField(
        label=_("Who does it"),
        choices=Owner.choices,
        widget=forms.RadioSelect,
        initial=Owner.BENEFICIARY,
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())


class OrganisationLinkForm(forms.Form):
    actor = forms.IntegerField(
        label=_("Organisation (its number in the directory)"),
        min_value=1,
        help_text=_("The number at the end of the organisation's address in the directory."),
    )
    created_on = forms.DateField(label=_("Created on"), widget=DateInput())

    def clean_actor(self):
        from tadamun.directory.models import Actor

        actor = Actor.objects.filter(pk=self.cleaned_data["actor"]).first()
        if actor is None:
            raise forms.ValidationError(_("No organisation of the directory has this number."))
        return actor


class OrganisationCreateForm(forms.Form):
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=300, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    legal_form = forms.ModelChoiceField(queryset=None, label=_("Legal form"), required=False)
    created_on = forms.DateField(label=_("Created on"), widget=DateInput())
    women_led = forms.BooleanField(label=_("Women-led"), required=False)

    def __init__(self, *args, **kwargs):
        from tadamun.directory.models import LegalForm

        super().__init__(*args, **kwargs)
        self.fields["legal_form"].queryset = LegalForm.objects.all()
        self.fields["name_ar"].widget.attrs["dir"] = "rtl"
        self.fields["name_ar"].widget.attrs["lang"] = "ar"

    def clean(self):
        data = super().clean()
        if not (data.get("name_ar") or data.get("name_fr") or data.get("name_en")):
            self.add_error("name_fr", _("Give the organisation's name in at least one language."))
        return data


class JobForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=None,
        label=_("Person employed"),
        required=False,
        help_text=_("Or leave empty and give a number of jobs in the same conditions."),
    )
    count = forms.IntegerField(label=_("Number of jobs"), min_value=1, max_value=999, initial=1)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect, required=False
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    has_contract = forms.BooleanField(label=_("Written contract"), required=False)
    contract_kind = forms.ChoiceField(
        label=_("Kind of contract"), choices=[("", "—"), *ContractKind.choices], required=False
    )
    social_protection = forms.BooleanField(
        label=_("Social protection (declared to the CNSS)"), required=False
    )
    monthly_income = forms.DecimalField(
        label=_("Monthly income"), required=False, min_value=0, max_digits=12, decimal_places=3
    )

    def __init__(self, *args, people, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["monthly_income"].label = _("Monthly income (%(currency)s)") % {
            "currency": currency
        }
        self.fields["monthly_income"].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person is not None:
            data["count"] = 1
            if person.gender in Gender.values and not data.get("gender"):
                data["gender"] = person.gender
        if not data.get("gender"):
            self.add_error("gender", _("Say whether it is a woman or a man."))
        if data.get("contract_kind") and not data.get("has_contract"):
            self.add_error("contract_kind", _("A kind of contract needs a written contract."))
        return data


class TurnoverForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990)
    amount = forms.DecimalField(label=_("Turnover"), min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["year"].validators.append(MaxValueValidator(year))
        self.fields["year"].widget.attrs["max"] = year
        self.fields["year"].initial = year
        self.fields["amount"].label = _("Turnover (%(currency)s)") % {"currency": currency}
        self.fields["amount"].widget.attrs.update({"inputmode": "decimal", "dir": "ltr"})


class CaseFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    advisor = AdvisorChoiceField(
        queryset=None, label=_("Advisor"), required=False, empty_label=_("All")
    )

    def __init__(self, *args, advisors, **kwargs):
        from tadamun.accompaniment.models import Stage

        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All")), *Stage.choices]
        self.fields["advisor"].queryset = advisors
