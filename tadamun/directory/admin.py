"""Staff manage actors and vocabularies in the Django admin for now; saves go through the
directory services so that derived fields and the search index stay in step."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models

from tadamun.directory.models import Actor, ActorSource, LegalForm, Sector
from tadamun.directory.selectors import vocabulary_cache_clear
from tadamun.directory.services import (
    actor_bulk_delete,
    actor_delete,
    actor_derive,
    actor_derived_refresh,
    actor_validate,
)
from tadamun.search.analyse import thesaurus_clear


class ActorSourceInline(admin.TabularInline):
    model = ActorSource
    extra = 0
    fields = ["source", "source_id", "added_at"]
    readonly_fields = ["added_at"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "legal_form", "country", "admin1", "status", "women_led"]
    list_filter = ["country", "legal_form", "status", "women_led", "youth_led", "sectors"]
    search_fields = ["name_ar", "name_fr", "name_en", "sources__source_id"]
    list_select_related = ["legal_form", "country", "admin1"]
    autocomplete_fields = ["place"]
    filter_horizontal = ["sectors"]
    inlines = [ActorSourceInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name_ar", "name_fr", "name_en", "legal_form", "sectors", "status"]}),
        ("Place", {"fields": ["country", "place", "latitude", "longitude", "address"]}),
        ("Contact", {"fields": ["phone", "email", "website"]}),
        (
            "Figures",
            {
                "fields": [
                    "founded",
                    "members_women",
                    "members_men",
                    "employees",
                    "women_led",
                    "youth_led",
                ]
            },
        ),
        ("Description", {"fields": ["description_ar", "description_fr", "description_en"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class ValidatedForm(form):
            def _post_clean(self):
                super()._post_clean()
                try:
                    actor_validate(self.instance)
                    actor_derive(self.instance)
                except ValidationError as error:
                    self._update_errors(error)

        return ValidatedForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        actor_derived_refresh(actor_ids=[form.instance.pk])

    def delete_model(self, request, obj):
        actor_delete(actor=obj)

    def delete_queryset(self, request, queryset):
        actor_bulk_delete(actor_ids=list(queryset.values_list("id", flat=True)))


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "name_en", "position"]
    search_fields = ["code", "name_fr", "name_ar", "name_en", "synonyms"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        vocabulary_cache_clear()
        thesaurus_clear()


admin.site.register(LegalForm, VocabularyAdmin)
admin.site.register(Sector, VocabularyAdmin)
