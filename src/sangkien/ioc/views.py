"""Pages of the operations centre: the dashboard and its live stream (officers, leaders),
the items behind a figure, targets, and the public transparency page (aggregates only)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sangkien.accounts.models import ProcessingUnit
from sangkien.core.models import EventCursor
from sangkien.initiatives.models import Demand, Initiative
from sangkien.ioc import dashboard as board
from sangkien.ioc import selectors, services
from sangkien.ioc.selectors import DRILLS, Filters

DRILL_LABELS = {
    "open": gettext_lazy("Open initiatives"),
    "screened": gettext_lazy("Screened in the period"),
    "received": gettext_lazy("Received in the period"),
    "ended": gettext_lazy("Ended in the period"),
    "screened_on_time": gettext_lazy("Screened on time"),
    "screened_late": gettext_lazy("Screened late"),
    "council_on_time": gettext_lazy("Council formed on time"),
    "council_late": gettext_lazy("Council formed late"),
    "reviewed_on_time": gettext_lazy("Reviews on time"),
    "reviewed_late": gettext_lazy("Reviews late"),
    "ended_adopted": gettext_lazy("Adopted"),
    "ended_not_selected": gettext_lazy("Not selected"),
    "ended_closed": gettext_lazy("Closed"),
    "ended_withdrawn": gettext_lazy("Withdrawn"),
}


def _scope(request: HttpRequest) -> list[ProcessingUnit]:
    return board.reader_units(request.user)


def _filters(request: HttpRequest, units: list[ProcessingUnit]) -> Filters:
    return board.read_filters(board.filter_form(request.GET, units), units)


def _query(request: HttpRequest) -> str:
    keys = ("start", "end", "unit", "province", "field", "category")
    return urlencode({k: request.GET[k] for k in keys if request.GET.get(k)})


def _fragment(request: HttpRequest, filters: Filters) -> str:
    return render_to_string("ioc/_figures.html", board.context(filters, _query(request)),
                            request=request)


@login_required
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    units = _scope(request)
    form = board.filter_form(request.GET, units)
    if form.is_bound and not form.is_valid():  # re-shown with its messages, nothing else
        return render(request, "ioc/dashboard.html", {"form": form}, status=400)
    filters = form.filters(units)
    fragment = _fragment(request, filters)
    return render(request, "ioc/dashboard.html", {
        "form": form, "filters": filters, "fragment": fragment, "query": _query(request),
        "digest": hashlib.sha256(fragment.encode()).hexdigest()})



@login_required
@require_GET
def figures_fragment(request: HttpRequest) -> HttpResponse:
    units = _scope(request)
    try:
        filters = _filters(request, units)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return HttpResponse(_fragment(request, filters))


def _position() -> int:
    """How far the roll-ups have read the event log: shared by every process."""
    cursor = EventCursor.objects.filter(consumer="ioc.rollups").values_list(
        "position", flat=True).first()
    return int(cursor or 0)


def _updates(request: HttpRequest, filters: Filters, digest: str) -> Iterator[str]:
    """Server-sent events: the figures fragment each time the reader's figures change.

    Any process may serve any reader, because the only state is in the database: the
    consumer's cursor says when to look again, the digest of what the reader has says
    whether there is anything new for them. The stream ends after a while and the browser
    reconnects, so a stream never holds a server thread for long."""
    language = translation.get_language()
    yield f"retry: {settings.IOC_STREAM_RETRY_MS}\n\n"
    deadline = time.monotonic() + settings.IOC_STREAM_SECONDS
    seen = -1
    while time.monotonic() < deadline:
        position = _position()
        if position != seen:
            seen = position
            with translation.override(language):
                fragment = _fragment(request, filters)
            new = hashlib.sha256(fragment.encode()).hexdigest()
            if new != digest:
                digest = new
                lines = "".join(f"data: {line}\n" for line in fragment.splitlines())
                yield f"event: figures\nid: {digest}\n{lines}\n"
        time.sleep(settings.IOC_STREAM_POLL_SECONDS)


@login_required
@require_GET
def stream(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    units = _scope(request)
    try:
        filters = _filters(request, units)
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    digest = request.headers.get("Last-Event-ID") or request.GET.get("v", "")
    response = StreamingHttpResponse(_updates(request, filters, digest),
                                     content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # proxies must pass each event on at once
    return response


@login_required
@require_GET
def items(request: HttpRequest) -> HttpResponse:
    units = _scope(request)
    figure = request.GET.get("figure", "")
    try:
        filters = _filters(request, units)
        if figure == "answered":
            return _answered(request, filters)
        rows = ([] if figure == "likely_late" else selectors.items_behind(filters, figure))
    except (ValidationError, ValueError) as error:
        return HttpResponseBadRequest(" ".join(getattr(error, "messages", [str(error)])))
    expected = {}
    if figure in ("in_stage:submitted", "in_stage:screening", "likely_late"):
        expected = {e.item: e for e in board.expected_completions(
            filters, timezone.localdate())}
    if figure == "likely_late":
        rows = [(e.item, e.due) for e in expected.values() if e.likely_late and e.due]
    shown = rows[:500]
    initiatives = Initiative.objects.select_related("province", "unit").in_bulk(
        [item for item, _day in shown])
    if figure.startswith("in_stage:"):
        label: Any = selectors.STAGE_LABELS[figure.split(":", 1)[1]]
    elif figure == "likely_late":
        label = _("Likely to miss the screening deadline")
    else:
        label = DRILL_LABELS.get(figure, figure)
    return render(request, "ioc/items.html", {
        "label": label, "filters": filters, "total": len(rows),
        "rows": [(initiatives[item], day, expected.get(item)) for item, day in shown
                 if item in initiatives],
        "in_stage": figure.startswith("in_stage:") or figure == "open",
        "query": _query(request)})


def _answered(request: HttpRequest, filters: Filters) -> HttpResponse:
    rows = selectors.demands_answered(filters.start, filters.end, filters.province)
    demands = Demand.objects.select_related("province").in_bulk([d for d, _day in rows])
    return render(request, "ioc/demands.html", {
        "filters": filters, "query": _query(request),
        "rows": [(demands[d], day) for d, day in rows if d in demands]})


@login_required
@require_http_methods(["GET", "POST"])
def targets(request: HttpRequest) -> HttpResponse:
    units = [u for u in _scope(request) if services.may_set_target(request.user, u)]
    everyone = selectors.sees_every_unit(request.user)
    if not units and not everyone:
        raise PermissionDenied(_("Targets are set by the leaders of a unit."))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        code = request.POST.get("unit", "")
        unit = next((u for u in units if u.code == code), None)
        if code and unit is None:
            raise PermissionDenied(_("This unit is not one of yours."))
        try:
            services.target_set(unit, request.POST.get("on_time_share", ""), request.user)
        except ValidationError as error:
            errors = error.message_dict
        else:
            messages.success(request, _("The target is saved."))
            return redirect("ioc:targets")
    current, default = board.targets_by_unit()
    return render(request, "ioc/targets.html", {
        "units": [(u, current.get(u.pk)) for u in units], "default": default,
        "everyone": everyone, "errors": errors}, status=400 if errors else 200)


@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """Every unit's aggregate figures: counts and median processing times, no names."""
    all_units = list(ProcessingUnit.objects.order_by("name"))
    form = board.filter_form(request.GET, all_units, public=True)
    if form.is_bound and not form.is_valid():
        return render(request, "ioc/transparency.html", {"form": form}, status=400)
    filters = form.filters(all_units)
    per_unit = selectors.figures(filters, by="unit")
    return render(request, "ioc/transparency.html", {
        "form": form, "filters": filters,
        "rows": [(u, per_unit[u.pk]) for u in all_units if u.pk in per_unit]})


__all__ = ["DRILLS", "dashboard_page", "figures_fragment", "items", "stream", "targets",
           "transparency"]
