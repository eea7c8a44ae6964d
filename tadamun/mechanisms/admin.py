from django.contrib import admin

from tadamun.mechanisms.models import Mechanism


@admin.register(Mechanism)
class MechanismAdmin(admin.ModelAdmin):
    list_display = ("name_fr", "kind", "country", "is_active")
    list_filter = ("kind", "country", "is_active")
    prepopulated_fields = {"slug": ("name_fr",)}
    filter_horizontal = ("territories",)
    raw_id_fields = ("partners",)
