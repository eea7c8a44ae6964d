from django.contrib import admin

from tadamun.observatory.models import Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("measure", "mechanism", "start", "end", "value", "set_by", "set_at")
    list_filter = ("measure", "mechanism")
    readonly_fields = ("set_by", "set_at")

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
