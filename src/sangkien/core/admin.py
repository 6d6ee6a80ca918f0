from django.contrib import admin

from sangkien.core import calendar
from sangkien.core.models import CalendarDay, Event


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


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    """Each year's announced days off and swapped working days, through the audited service."""

    list_display = ["date", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        calendar.calendar_day_set(obj, request.user)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        calendar.calendar_day_remove(obj, request.user)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        for day in queryset:
            calendar.calendar_day_remove(day, request.user)
