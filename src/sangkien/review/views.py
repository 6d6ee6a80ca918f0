"""Public pages of calls and assessments, and the expert's pages: invitations, bids, reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangkien.core.ratelimit import rate_limited
from sangkien.initiatives.services import is_officer_of
from sangkien.initiatives.views import error_text
from sangkien.review import scoring, services
from sangkien.review.models import (
    Assessment,
    BidValue,
    Blind,
    Call,
    CallState,
    Invitation,
    InvitationState,
    Review,
    ReviewAssignment,
    ReviewState,
)


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.exclude(state=CallState.DRAFT).select_related("unit")
    return render(request, "review/calls.html", {"calls": calls})


@require_GET
def call_detail(request: HttpRequest, code: str) -> HttpResponse:
    call = get_object_or_404(Call.objects.select_related("unit"), code=code)
    manager = request.user.is_authenticated and is_officer_of(request.user, call.unit)
    if call.state == CallState.DRAFT and not manager:
        raise Http404
    latest: dict[int, Assessment] = {}
    for a in Assessment.objects.filter(call=call).select_related("initiative"):
        latest.setdefault(a.initiative_id, a)  # ordered newest version first
    ranked = sorted(latest.values(), key=lambda a: (a.content["rank"], a.initiative_id))
    return render(request, "review/call_detail.html", {
        "call": call, "criteria": call.criteria.all(), "assessments": ranked,
        "manager": manager,
    })


@require_GET
def assessment_detail(request: HttpRequest, code: str, initiative: int) -> HttpResponse:
    versions = list(Assessment.objects.filter(call__code=code, initiative_id=initiative)
                    .select_related("call", "initiative"))
    if not versions:
        raise Http404
    return render(request, "review/assessment.html", {
        "assessment": versions[0], "versions": versions, "call": versions[0].call})


@login_required
@require_GET
def my_reviews(request: HttpRequest) -> HttpResponse:
    invitations = Invitation.objects.filter(expert=request.user.pk).select_related("call")
    assignments = ReviewAssignment.objects.filter(
        expert=request.user.pk, withdrawn_at__isnull=True).select_related(
        "call", "initiative", "review").order_by("call__reviews_due", "pk")
    return render(request, "review/mine.html", {
        "invitations": invitations, "assignments": assignments})


@login_required
@require_POST
@rate_limited("review-act", limit=60, seconds=300)
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, expert=request.user.pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.invitation_answer(invitation, request.user, accept,  # type: ignore[arg-type]
                                   request.POST.get("note", ""))
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("You accepted the invitation.") if accept
                         else _("You declined the invitation."))
    return redirect("review:mine")


def _accepted_call(request: HttpRequest, code: str) -> Call:
    call = get_object_or_404(Call, code=code)
    if not call.invitations.filter(expert=request.user.pk,
                                   state=InvitationState.ACCEPTED).exists():
        raise PermissionDenied(_("Only experts who accepted this call's invitation can bid."))
    return call


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("review-bid", limit=300, seconds=300)
def bids(request: HttpRequest, code: str) -> HttpResponse:
    """The call's initiatives (public parts; no authors in a double-blind call) with a bid."""
    call = _accepted_call(request, code)
    entries = call.entries.select_related("initiative").order_by("initiative_id")
    if request.method == "POST":
        entry = get_object_or_404(entries, initiative_id=request.POST.get("initiative"))
        try:
            if request.POST.get("value") == BidValue.CONFLICT:
                services.conflict_declare(call, request.user,  # type: ignore[arg-type]
                                          entry.initiative, request.POST.get("reason", ""))
            else:
                services.bid_set(call, request.user, entry.initiative,  # type: ignore[arg-type]
                                 request.POST.get("value", ""))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Saved."))
        return redirect("review:bids", code=code)
    mine = dict(call.bids.filter(expert=request.user.pk).values_list("initiative_id", "value"))
    return render(request, "review/bids.html", {
        "call": call, "rows": [(e.initiative, mine.get(e.initiative_id, "")) for e in entries],
        "values": BidValue.choices, "double_blind": call.blind == Blind.DOUBLE})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("review-score", limit=120, seconds=300)
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("call", "initiative", "initiative__province"),
        pk=pk, expert=request.user.pk, withdrawn_at__isnull=True)
    call = assignment.call
    criteria = list(call.criteria.all())
    review = Review.objects.filter(assignment=assignment).first()
    errors: dict[str, list[str]] = {}
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        submit = posted.get("action") == "submit"
        try:
            scoring.review_save(
                assignment, request.user,  # type: ignore[arg-type]
                scores={str(c.pk): posted.get(f"score_{c.pk}", "") for c in criteria},
                justifications={str(c.pk): posted.get(f"justification_{c.pk}", "")
                                for c in criteria},
                comment=posted.get("comment", ""), confidence=posted.get("confidence"),
                submit=submit)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {
                "__all__": error.messages}
        else:
            messages.success(request, _("Your review is submitted. Thank you.") if submit
                             else _("Draft saved."))
            return redirect("review:review", pk=pk)
    saved_scores = review.scores if review else {}
    saved_text = review.justifications if review else {}
    rows = [{
        "criterion": c,
        "score": posted.get(f"score_{c.pk}", "") if posted else saved_scores.get(str(c.pk), ""),
        "justification": posted.get(f"justification_{c.pk}", "") if posted
        else saved_text.get(str(c.pk), ""),
        "score_errors": errors.get(f"score_{c.pk}", []),
        "justification_errors": errors.get(f"justification_{c.pk}", []),
    } for c in criteria]
    return render(request, "review/review_form.html", {
        "assignment": assignment, "call": call, "initiative": assignment.initiative,
        "rows": rows, "review": review, "errors": errors,
        "general_errors": errors.get("__all__", []),
        "submitted": review is not None and review.state == ReviewState.SUBMITTED,
        "comment": posted.get("comment", "") if posted else (review.comment if review else ""),
        "confidence": str(posted.get("confidence", "")) if posted
        else str(review.confidence or "") if review else "",
        "double_blind": call.blind == Blind.DOUBLE, "confidence_levels": range(1, 6),
        "authors": assignment.initiative.authors.all(),
    }, status=422 if errors else 200)
