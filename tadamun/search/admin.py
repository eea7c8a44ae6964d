from django.contrib import admin

from tadamun.search.analyse import thesaurus_clear
from tadamun.search.models import Concept


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "sector", "terms_fr", "terms_ar", "terms_en"]
    list_filter = ["kind", "sector"]
    search_fields = ["code", "terms_ar", "terms_fr", "terms_en"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        thesaurus_clear()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        thesaurus_clear()
