from django.contrib import admin

from tadamun.places.models import Country, Place, PlaceName


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 1
    fields = ["name", "key", "priority"]
    readonly_fields = ["key"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "name_en"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "name_en", "kind", "parent"]
    list_filter = ["country", "kind"]
    search_fields = ["code", "name_fr", "name_ar", "name_en", "names__name"]
    list_select_related = ["parent"]
    inlines = [PlaceNameInline]
