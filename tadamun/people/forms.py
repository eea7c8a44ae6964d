"""The staff's forms: a person with their consent, a change, another consent, a search."""

from datetime import datetime, time

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadamun.people.models import Consent, ConsentText, Person
from tadamun.places.models import Place
from tadamun.places.selectors import divisions

PERSON_FIELDS = ("full_name", "gender", "birth_year", "place", "phone", "email", "notes")


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place: Place) -> str:
        return f"{'— ' * (place.level - 1)}{place.name}"


def _place_field() -> PlaceChoiceField:
    field = PlaceChoiceField(
        queryset=Place.objects.filter(level__lte=2),
        required=False,
        label=_("Place (region, province or governorate)"),
    )
    # The divisions in the order of the directory's filters, from the places' cache.
    field.choices = [("", "—")] + [
        (place.pk, field.label_from_instance(place)) for place in divisions()
    ]
    return field


class PersonFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Person.Gender.choices, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the accompaniment needs: no health, religion or politics."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"] = _place_field()
        year = timezone.localdate().year
        self.fields["birth_year"].validators.append(MaxValueValidator(year))
        self.fields["birth_year"].widget.attrs["max"] = year
        self.order_fields(PERSON_FIELDS)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "dir": "ltr"})
        self.fields["email"].widget.attrs.update({"dir": "ltr"})

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: (data.get(name) if name in ("place", "birth_year") else data.get(name) or "")
            for name in PERSON_FIELDS
        }


class ConsentFields(forms.Form):
    """How a consent was given, to the text shown on the page."""

    text = forms.ModelChoiceField(queryset=ConsentText.objects.all(), widget=forms.HiddenInput)
    agreed = forms.BooleanField(
        label=_("The person read or heard this text, and agrees to it."), required=True
    )
    method = forms.ChoiceField(
        label=_("How the consent was given"),
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
    )
    witness = forms.CharField(
        label=_("Witness (for an oral consent)"),
        max_length=200,
        required=False,
        help_text=_("The name of the person who heard the consent given, not a staff member."),
    )
    given_on = forms.DateField(
        label=_("Given on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, purpose: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        self.fields["text"].queryset = ConsentText.objects.filter(purpose=purpose)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError(_("A consent cannot be given in the future."))
        return given_on

    def clean(self):
        data = super().clean()
        if (
            data.get("method") == Consent.Method.ORAL_WITNESSED
            and not (data.get("witness") or "").strip()
        ):
            self.add_error("witness", _("An oral consent needs the name of its witness."))
        return data

    def given_at(self):
        """The moment of the consent: now when given today, else noon of the day given."""
        given_on = self.cleaned_data["given_on"]
        now = timezone.localtime()
        if given_on == now.date():
            return now
        return timezone.make_aware(datetime.combine(given_on, time(12)))


class PersonAddForm(ConsentFields, PersonFields):
    """A new person: their consent to the accompaniment first, then their record."""

    mechanism = forms.ModelChoiceField(queryset=None, label=_("Mechanism"), empty_label=None)

    def __init__(self, *args, mechanisms, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the mechanisms where the user may record people: any other id posted is
        # "not one of the available choices".
        self.fields["mechanism"].queryset = mechanisms
        self.order_fields(["text", "agreed", "method", "witness", "given_on", "mechanism"])


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or phone"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    mechanism = forms.ModelChoiceField(
        queryset=None, label=_("Mechanism"), required=False, empty_label=_("All")
    )

    def __init__(self, *args, mechanisms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mechanism"].queryset = mechanisms


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        from tadamun.people.models import PersonRole

        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = PersonRole.Role.choices


class ActorSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the organisation in the directory"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )


class AffiliationForm(forms.Form):
    actor = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role there"), choices=())
    since_year = forms.IntegerField(label=_("Since (year)"), required=False, min_value=1900)

    def __init__(self, *args, **kwargs):
        from tadamun.people.models import Affiliation

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Affiliation.Role.choices
        self.fields["since_year"].validators.append(MaxValueValidator(timezone.localdate().year))


class MergeForm(forms.Form):
    """Which record's value survives, field by field."""

    other = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, keep, other, **kwargs):
        from tadamun.people.services import BOTH, FIELDS, JOINABLE, KEEP, OTHER

        super().__init__(*args, **kwargs)
        self.rows = []
        for name in FIELDS:
            mine, theirs = _shown(keep, name), _shown(other, name)
            choices = [(KEEP, mine or "—"), (OTHER, theirs or "—")]
            if name in JOINABLE:
                choices.append((BOTH, _("both, one after the other")))
            initial = OTHER if (not mine and theirs) else KEEP
            self.fields[f"choice_{name}"] = forms.ChoiceField(
                label=Person._meta.get_field(name).verbose_name,
                choices=choices,
                initial=initial,
                widget=forms.RadioSelect,
            )
            self.rows.append((name, self[f"choice_{name}"], mine != theirs))

    def choices(self) -> dict[str, str]:
        return {
            name.removeprefix("choice_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("choice_")
        }


def _shown(person: Person, name: str) -> str:
    if name == "place":
        return person.place.name if person.place_id else ""
    if name == "gender":
        return str(person.get_gender_display()) if person.gender else ""
    value = getattr(person, name)
    return "" if value in (None, "") else str(value)
