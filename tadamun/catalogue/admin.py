"""Administrators keep the catalogue in Django's admin; saves go through the catalogue's
services so that phones are checked and search terms stay in step."""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from tadamun.catalogue.models import Referral, ReferralEvent, Service
from tadamun.catalogue.services import FIELDS, service_create, service_index, service_update
from tadamun.catalogue.types import Audience, ServiceLanguage


class ServiceForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    audience_codes = forms.MultipleChoiceField(
        label=_("for"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    language_codes = forms.MultipleChoiceField(
        label=_("languages"),
        choices=ServiceLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Service
        fields = [
            "provider",
            "mechanism",
            "service_type",
            "is_active",
            "name_ar",
            "name_fr",
            "name_en",
            "description_ar",
            "description_fr",
            "description_en",
            "territories",
            "countries",
            "is_free",
            "cost_ar",
            "cost_fr",
            "cost_en",
            "access_ar",
            "access_fr",
            "access_en",
            "contact_name",
            "phone",
            "email",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_codes"].initial = self.instance.audience_list or [Audience.ANY]
        self.fields["language_codes"].initial = self.instance.language_list


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceForm
    list_display = ["__str__", "service_type", "provider", "is_free", "is_active"]
    list_filter = ["service_type", "is_free", "is_active", "mechanism"]
    search_fields = ["name_ar", "name_fr", "name_en", "provider__name_fr", "provider__name_ar"]
    autocomplete_fields = ["provider"]
    filter_horizontal = ["territories", "countries"]
    list_select_related = ["provider"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["provider", "mechanism", "service_type", "is_active"]}),
        (
            _("Names and descriptions"),
            {
                "fields": [
                    "name_ar",
                    "name_fr",
                    "name_en",
                    "description_ar",
                    "description_fr",
                    "description_en",
                ]
            },
        ),
        (
            _("For whom, where"),
            {"fields": ["audience_codes", "language_codes", "territories", "countries"]},
        ),
        (
            _("Cost and access"),
            {
                "fields": [
                    "is_free",
                    "cost_ar",
                    "cost_fr",
                    "cost_en",
                    "access_ar",
                    "access_fr",
                    "access_en",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_name", "phone", "email", "website"]}),
    ]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {name: data[name] for name in FIELDS if name in data}
        fields["audiences"] = data.get("audience_codes") or [Audience.ANY]
        fields["languages"] = data.get("language_codes") or []
        if change:
            service_update(service=obj, fields=fields, by=request.user)
        else:
            created = service_create(fields=fields, by=request.user)
            obj.pk = created.pk
            obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        form.instance = Service.objects.get(pk=form.instance.pk)
        super().save_related(request, form, formsets, change)
        service_index(Service.objects.select_related("provider").get(pk=form.instance.pk))


class ReferralEventInline(admin.TabularInline):
    model = ReferralEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_outcome", "to_outcome", "by", "at"]
    exclude = ["note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Counts and states only: a referral's person is seen on the mechanism's pages."""

    list_display = ["pk", "mechanism", "service", "outcome", "sent_at"]
    list_filter = ["mechanism", "outcome"]
    fields = ["mechanism", "service", "outcome", "sent_at", "outcome_at"]
    readonly_fields = fields
    inlines = [ReferralEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
