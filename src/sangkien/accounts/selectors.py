"""Reads for account pages, always scoped to the person asking."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from sangkien.accounts.models import ProcessingUnit, UnitOfficer, User
from sangkien.accounts.permissions import is_admin
from sangkien.core.models import Event, Notification


def units_visible_to(user: User) -> QuerySet[ProcessingUnit]:
    """Admins see every unit; an officer sees the units they are posted to; others none."""
    units = ProcessingUnit.objects.all()
    if is_admin(user):
        return units
    return units.filter(postings__user=user)


def unit_for_officer(user: User, code: str) -> ProcessingUnit:
    """The unit's administrative page, or 404 for anyone not posted there (no existence leak)."""
    try:
        return units_visible_to(user).prefetch_related(
            "territory",
            Prefetch("postings", queryset=UnitOfficer.objects.select_related("user")),
        ).get(code=code)
    except ProcessingUnit.DoesNotExist:
        raise Http404 from None


def unit_recent_events(unit: ProcessingUnit, limit: int = 20) -> list[Event]:
    return list(Event.objects.filter(unit=unit).select_related("actor").order_by("-id")[:limit])


def notifications_for(user: User, limit: int = 20) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user)[:limit])
