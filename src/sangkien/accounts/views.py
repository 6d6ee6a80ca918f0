from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sangkien.accounts import selectors, services
from sangkien.accounts.permissions import is_admin


@login_required
@require_GET
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/me.html", {
        "roles": user.role_grants.order_by("role"),  # type: ignore[union-attr]
        "units": selectors.units_visible_to(user),  # type: ignore[arg-type]
        "notifications": selectors.notifications_for(user),  # type: ignore[arg-type]
        "memberships": user.memberships.select_related("organisation"),  # type: ignore[union-attr]
    })


@login_required
@require_GET
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_for_officer(request.user, code)  # type: ignore[arg-type]
    return render(request, "accounts/unit_detail.html", {
        "unit": unit,
        "events": selectors.unit_recent_events(unit),
        "may_configure": is_admin(request.user)
        or unit.postings.filter(user=request.user.pk, is_leader=True).exists(),
    })


@login_required
@require_POST
def unit_screening(request: HttpRequest, code: str) -> HttpResponse:
    """The leader's form on the unit page: screening deadline and checklist (one per line)."""
    unit = selectors.unit_for_officer(request.user, code)  # type: ignore[arg-type]
    days = request.POST.get("screening_days", "")
    try:
        services.unit_screening_set(
            unit, request.user,  # type: ignore[arg-type]
            screening_days=int(days) if days.isdigit() else 0,
            checklist=request.POST.get("screening_checklist", "").splitlines())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Screening settings saved."))
    return redirect("accounts:unit_detail", code=code)
