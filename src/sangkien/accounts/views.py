from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sangkien.accounts import selectors


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
    })
