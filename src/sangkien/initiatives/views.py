"""Pages of initiatives: the public catalogue, detail, the proposer's and the unit's lists."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sangkien.accounts.models import ProcessingUnit
from sangkien.accounts.selectors import unit_for_officer
from sangkien.core.ratelimit import rate_limited
from sangkien.initiatives import lifecycle, selectors, services
from sangkien.initiatives.forms import CatalogueForm
from sangkien.matching.duplicates import similar_initiatives
from sangkien.matching.passages import highlight
from sangkien.matching.recommendations import demands_for_initiative
from sangkien.matching.search import folded_query_words

TRANSITION_LABELS = {
    "start_screening": gettext_lazy("Start screening"),
    "return_for_revision": gettext_lazy("Return for revision"),
    "reject": gettext_lazy("Reject at screening"),
    "accept_for_review": gettext_lazy("Accept for review"),
    "select": gettext_lazy("Select"),
    "not_select": gettext_lazy("Do not select"),
    "start_adoption": gettext_lazy("Start adoption"),
    "mark_adopted": gettext_lazy("Mark as adopted"),
    "close": gettext_lazy("Close"),
}


# What the proposer reads in the timeline for each event of their initiative.
EVENT_LABELS = {
    "initiative.drafted": gettext_lazy("Draft created"),
    "initiative.edited": gettext_lazy("Draft edited"),
    "initiative.attachment_added": gettext_lazy("File attached"),
    "initiative.attachment_removed": gettext_lazy("File removed"),
    "initiative.submitted": gettext_lazy("Submitted and received"),
    "initiative.resubmitted": gettext_lazy("Resubmitted and received"),
    "initiative.withdraw": gettext_lazy("Withdrawn"),
    "initiative.reassigned": gettext_lazy("Sent to another unit"),
    "initiative.description_published": gettext_lazy("Full description published"),
    "initiative.description_unpublished": gettext_lazy("Full description made confidential"),
    **{f"initiative.{name}": label for name, label in TRANSITION_LABELS.items()},
}


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueForm(request.GET or None)
    filters = form.filters() if form.is_valid() else selectors.CatalogueFilters()
    page = Paginator(selectors.catalogue(filters), form.page_size()).get_page(
        request.GET.get("page"))
    if filters.q.strip():
        wanted = folded_query_words(filters.q)
        for item in page.object_list:
            item.title_pieces = highlight(item.title, wanted, 40)  # type: ignore[attr-defined]
            item.snippet = highlight(item.summary, wanted)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "initiatives/catalogue.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative, confidential = selectors.initiative_visible_to(request.user, pk)
    context: dict[str, Any] = {"initiative": initiative, "confidential": confidential}
    if confidential:
        is_proposer = initiative.proposer_id == request.user.pk
        is_officer = services.is_officer_of(request.user, initiative.unit)  # type: ignore[arg-type]
        state = lifecycle.State(initiative.state)
        context.update(
            timeline=[(event, EVENT_LABELS.get(event.type, event.type))
                      for event in selectors.timeline(initiative)],
            other_units=ProcessingUnit.objects.exclude(pk=initiative.unit_id or 0).order_by("name")
            if is_officer and state in lifecycle.WAITING_FOR_UNIT else [],
            versions=initiative.versions.order_by("number"),
            authors=initiative.authors.all(),
            attachments=initiative.attachments.filter(removed_at__isnull=True),
            officer_actions=[(t, TRANSITION_LABELS[t.name]) for t in
                             lifecycle.available(state, lifecycle.Party.OFFICER)]
            if is_officer else [],
            checklist=initiative.unit.screening_checklist if is_officer and initiative.unit
            else [],
            can_withdraw=is_proposer and "withdraw" in {
                t.name for t in lifecycle.available(state, lifecycle.Party.PROPOSER)},
            can_submit=is_proposer and state in lifecycle.EDITABLE,
            is_proposer=is_proposer,
            similar=similar_initiatives(initiative),
        )
    if initiative.is_listed or confidential:
        context["demand_matches"] = demands_for_initiative(initiative, whole_text=confidential)
    return render(request, "initiatives/detail.html", context)


@login_required
@require_POST
@rate_limited("initiative-act", limit=30, seconds=300)
def initiative_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One lifecycle step from a button on the detail page."""
    initiative, confidential = selectors.initiative_visible_to(request.user, pk)
    if not confidential:
        raise PermissionDenied
    name = request.POST.get("transition", "")
    try:
        if name == "submit":
            services.initiative_submit(initiative, request.user)  # type: ignore[arg-type]
        elif name == "reassign":
            unit = ProcessingUnit.objects.filter(code=request.POST.get("unit", "")).first()
            if unit is None:
                raise ValidationError({"unit": _("Choose the unit to send it to.")})
            services.initiative_reassign(initiative, unit, request.user,  # type: ignore[arg-type]
                                         reason=request.POST.get("reason", ""))
        elif name in ("publish_description", "unpublish_description"):
            services.initiative_publish_description(
                initiative, request.user, public=name == "publish_description")  # type: ignore[arg-type]
        else:
            services.initiative_transition(initiative, name, request.user,  # type: ignore[arg-type]
                                           reason=request.POST.get("reason", ""),
                                           checks=request.POST.getlist("check"))
    except (lifecycle.IllegalTransition, ValidationError, PermissionDenied) as error:
        messages.error(request, _("Not done: %(error)s") % {"error": error_text(error)})
    else:
        messages.success(request, _("Done."))
    return redirect("initiatives:detail", pk=pk)


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
                         for field, msgs in error.message_dict.items()) \
            if hasattr(error, "error_dict") else " ".join(error.messages)
    return str(error)


@login_required
@require_GET
def my_initiatives(request: HttpRequest) -> HttpResponse:
    return render(request, "initiatives/mine.html", {
        "initiatives": selectors.initiatives_of(request.user),  # type: ignore[arg-type]
    })


@login_required
@require_GET
def unit_queue(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_for_officer(request.user, code)  # type: ignore[arg-type]
    return render(request, "initiatives/queue.html", {
        "unit": unit, "initiatives": selectors.unit_queue([unit.pk]),
        "today": timezone.localdate(),
    })
