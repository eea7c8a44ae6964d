from django.contrib import admin

from tadamun.duplicates.models import Candidate, Merge


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """Read-only: decisions are taken in the review queue, which keeps them consistent."""

    list_display = ("__str__", "score", "status", "decided_by", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("actor_a", "actor_b")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    list_display = ("merged_name", "survivor_name", "merged_by", "merged_at", "undone_at")
    exclude = ("snapshot",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
