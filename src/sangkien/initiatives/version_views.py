"""The versions of an initiative and what changed between two of them (its readers only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from sangkien.initiatives import selectors
from sangkien.initiatives.models import Initiative, InitiativeVersion
from sangkien.initiatives.version_diff import collapse, diff_versions

LIST_LABELS = {"authors": _("Authors and shares"), "attachments": _("Attachments")}


def _readable(request: HttpRequest, pk: int) -> Initiative:
    initiative, confidential = selectors.initiative_visible_to(request.user, pk)
    if not confidential:
        raise Http404  # versions hold the confidential text
    return initiative


def _label(name: str) -> Any:
    if name in LIST_LABELS:
        return LIST_LABELS[name]
    try:
        return getattr(Initiative._meta.get_field(name), "verbose_name", name)
    except FieldDoesNotExist:
        return name


@require_GET
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _readable(request, pk)
    return render(request, "initiatives/versions.html", {
        "initiative": initiative, "versions": initiative.versions.order_by("-number")})


def _number(value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    if not value.isdigit():
        raise Http404
    return int(value)


@require_GET
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _readable(request, pk)
    latest = initiative.versions.order_by("-number").first()
    if latest is None:
        raise Http404
    to = _number(request.GET.get("to"), latest.number)
    since = _number(request.GET.get("from"), max(to - 1, 1))
    found = {v.number: v for v in InitiativeVersion.objects.filter(
        initiative=initiative, number__in=[since, to])}
    if since not in found or to not in found:
        raise Http404
    old, new = found[since], found[to]
    changes = [(_label(change.field), change.is_list,
                change.segments if change.is_list else collapse(change.segments))
               for change in diff_versions(old.content, new.content, old.attachments,
                                           new.attachments)]
    return render(request, "initiatives/version_compare.html", {
        "initiative": initiative, "old": old, "new": new, "changes": changes,
        "numbers": list(initiative.versions.order_by("number").values_list("number",
                                                                          flat=True)),
    })
