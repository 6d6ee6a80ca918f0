from django.contrib import admin

from sangkien.core.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    """Read-only: the event log is append-only."""

    list_display = ["id", "type", "occurred_at", "subject_type", "subject_id", "actor", "unit"]
    list_filter = ["type"]
    search_fields = ["type", "subject_id"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
