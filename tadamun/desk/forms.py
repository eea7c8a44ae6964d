"""The forms of the one-stop shop: the public request form, the staff's entry of a
walk-in, a call or an event, the queue's filters and a request's actions."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tadamun.core.i18n import localized
from tadamun.desk import antispam
from tadamun.desk.models import Channel, DeskSetting, RejectReason, Request, Status, Topic
from tadamun.desk.selectors import ALL_FILTER, ME, NOBODY, OPEN_FILTER
from tadamun.desk.services import STAFF_CHANNELS
from tadamun.people.forms import ConsentFields, PersonFields
from tadamun.people.models import ConsentText, Person
from tadamun.places.models import Place
from tadamun.places.selectors import place_index

MESSAGE_MAX = Request._meta.get_field("message").max_length


def place_choices(max_level: int = 3, countries=None) -> list:
    """Regions, provinces or governorates and towns, grouped by country, each under the
    place that contains it (from the places' cache); of `countries` only if given."""
    index = place_index()
    places = [
        place
        for place in index.by_id.values()
        if place.level <= max_level and (countries is None or place.country_id in countries)
    ]

    def path(place):
        return [localized(p, "name").casefold() for p in reversed(place.ancestors())]

    groups = []
    for code in sorted({place.country_id for place in places}):
        country = index.countries[code]
        members = sorted((p for p in places if p.country_id == code), key=path)
        groups.append(
            (
                localized(country, "name"),
                [(p.pk, f"{'— ' * (p.level - 1)}{localized(p, 'name')}") for p in members],
            )
        )
    return [("", "—"), *groups]


def _place_field(required: bool, label, countries=None) -> forms.ModelChoiceField:
    places = Place.objects.filter(level__lte=3)
    if countries is not None:
        places = places.filter(country_id__in=countries)
    field = forms.ModelChoiceField(queryset=places, required=required, label=label)
    field.choices = place_choices(countries=countries)
    return field


class PublicRequestForm(forms.Form):
    """What anyone may send, without an account."""

    full_name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    gender = forms.ChoiceField(
        label=_("Gender (optional)"), choices=Person.Gender.choices, required=False
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth (optional)"), required=False, min_value=1900
    )
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    message = forms.CharField(
        label=_("Your request"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your project or your organisation, and what you need."),
    )
    consent = forms.BooleanField(label=_("I agree to this text."), required=True)
    # The honeypot: hidden by the stylesheet and from assistive technologies; people
    # leave it empty.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=400)

    def __init__(self, *args, consent_text: ConsentText, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_text = consent_text
        self.fields["place"] = _place_field(True, _("Where are you? (region, province, town)"))
        year = timezone.localdate().year
        self.fields["birth_year"].validators.append(MaxValueValidator(year))
        self.fields["birth_year"].widget.attrs.update({"max": year, "inputmode": "numeric"})
        self.fields["phone"].widget.attrs.update(
            {"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"}
        )
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.fields["message"].widget.attrs["maxlength"] = MESSAGE_MAX
        self.order_fields(
            [
                "full_name",
                "phone",
                "email",
                "gender",
                "birth_year",
                "place",
                "topic",
                "message",
                "consent",
                "website",
                "token",
            ]
        )
        if not self.is_bound:
            self.initial["token"] = antispam.token_new()

    def clean(self):
        data = super().clean()
        if not data.get("phone", "").strip() and not data.get("email", "").strip():
            if "phone" in self.fields and not self.has_error("phone"):
                self.add_error(
                    "phone", _("Give a phone number or an e-mail address, so that we can answer.")
                )
        return data

    def contacts(self) -> list[str]:
        """The phone's digits and the e-mail, as the rate limits count them."""
        from tadamun.people.services import phone_digits

        data = self.cleaned_data
        return [phone_digits(data.get("phone", "")), (data.get("email") or "").strip().lower()]

    def refresh_token(self) -> None:
        """A new token for the form shown again."""
        data = self.data.copy()
        data["token"] = antispam.token_new()
        self.data = data


class StaffRequestForm(forms.Form):
    """A request brought in person, by phone, by e-mail or at an event."""

    mechanism = forms.ModelChoiceField(queryset=None, label=_("Mechanism"), empty_label=None)
    channel = forms.ChoiceField(
        label=_("How it came"),
        choices=[(value, label) for value, label in Channel.choices if value in STAFF_CHANNELS],
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    message = forms.CharField(
        label=_("The request"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    answer = forms.CharField(
        label=_("Answer given at once (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Filled in, the request is recorded as answered by you."),
    )

    def __init__(self, *args, mechanisms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mechanism"].queryset = mechanisms
        # The places of the mechanisms' countries.
        countries = set(mechanisms.values_list("country_id", flat=True))
        self.fields["place"] = _place_field(False, _("Territory"), countries)
        self.fields["received_on"].initial = timezone.localdate()

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A request cannot arrive in the future."))
        return day

    def received_at(self):
        from datetime import datetime, time

        day = self.cleaned_data["received_on"]
        now = timezone.localtime()
        if day == now.date():
            return now
        return timezone.make_aware(datetime.combine(day, time(12)))


class NewPersonForm(ConsentFields, PersonFields):
    """The requester, new to the mechanism, with their consent (signed or oral)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [
            (value, label) for value, label in self.fields["method"].choices if value != "online"
        ]
        self.order_fields(["text", "agreed", "method", "witness", "given_on"])


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN_FILTER, _("open (new and assigned)")),
            ("overdue", _("overdue")),
            *Status.choices,
            (ALL_FILTER, _("all")),
        ],
    )
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("all")), *Topic.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("all")), *Channel.choices]
    )
    advisor = forms.ChoiceField(label=_("Advisor"), required=False)
    mechanism = forms.ModelChoiceField(
        queryset=None, label=_("Mechanism"), required=False, empty_label=_("all")
    )

    def __init__(self, *args, advisors, mechanisms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].choices = [
            ("", _("anyone")),
            (ME, _("me")),
            (NOBODY, _("nobody yet")),
            *((str(user.pk), user.get_full_name() or user.get_username()) for user in advisors),
        ]
        self.fields["mechanism"].queryset = mechanisms


class AssignForm(forms.Form):
    advisor = forms.ModelChoiceField(queryset=None, label=_("Advisor"))

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors
        self.fields["advisor"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Answer given"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you told or sent the person (by phone, e-mail or in person)."),
    )
    send = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, email: str = "", **kwargs):
        """`email`: the requester's address the answer can be sent to; without one, the
        form offers no sending."""
        super().__init__(*args, **kwargs)
        if email:
            self.fields["send"].label = _("Also send this answer by e-mail to %(address)s") % {
                "address": email
            }
        else:
            del self.fields["send"]


class SendAnswerForm(forms.Form):
    """Sending the recorded answer by e-mail: the button alone."""


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("How it ended (optional)"),
        max_length=300,
        required=False,
        help_text=_("Oriented to a service, diagnostic planned, no further need…"),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Rejected as"), choices=RejectReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)


class RouteForm(forms.Form):
    mechanism = forms.ModelChoiceField(queryset=None, label=_("Send to"))

    def __init__(self, *args, mechanisms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mechanism"].queryset = mechanisms


class DeskSettingForm(forms.ModelForm):
    class Meta:
        model = DeskSetting
        fields = ["answer_hours", "serves_country"]
        widgets = {"answer_hours": forms.NumberInput(attrs={"min": 1, "max": 720})}

    def clean_answer_hours(self):
        hours = self.cleaned_data["answer_hours"]
        if not 1 <= hours <= 720:
            raise forms.ValidationError(_("Between 1 hour and 30 days (720 hours)."))
        return hours
