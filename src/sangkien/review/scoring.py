"""Reviews (drafts, submission, reminders), the call's aggregated results, the unit's
decisions and the published assessments."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import rfc8785
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import User
from sangkien.core.events import record_event
from sangkien.initiatives.services import initiative_transition
from sangkien.review import aggregation
from sangkien.review.models import (
    Assessment,
    Call,
    CallState,
    Criterion,
    Decision,
    Entry,
    Review,
    ReviewAssignment,
    ReviewState,
)
from sangkien.review.services import _locked, _require_manager


def _score(value: Any, low: int, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except InvalidOperation:
        return Decimal("NaN")
    return score if score.is_finite() and low <= score <= high else Decimal("NaN")


@transaction.atomic
def review_save(assignment: ReviewAssignment, actor: User, *, scores: Mapping[str, Any],
                justifications: Mapping[str, str], comment: str = "",
                confidence: int | str | None = None, submit: bool = False) -> Review:
    """Save a draft, or submit. A draft may be incomplete; a submission needs a score and a
    justification for every criterion and a confidence, before the deadline."""
    assignment = ReviewAssignment.objects.select_for_update().select_related("call").get(
        pk=assignment.pk)
    call = assignment.call
    if assignment.expert_id != actor.pk or assignment.withdrawn_at is not None:
        raise PermissionDenied("only the assigned expert may review this initiative")
    review, _created = Review.objects.select_for_update().get_or_create(assignment=assignment)
    if review.state == ReviewState.SUBMITTED:
        raise ValidationError(_("This review is already submitted."))
    if call.state != CallState.REVIEWING or timezone.now() > call.reviews_due:
        raise ValidationError(_("Reviews for this call closed on %(due)s.") % {
            "due": timezone.localtime(call.reviews_due).strftime("%d/%m/%Y %H:%M")})
    errors: dict[str, list[Any]] = {}
    clean_scores: dict[str, str] = {}
    clean_text: dict[str, str] = {}
    for criterion in call.criteria.all():
        key = str(criterion.pk)
        score = _score(scores.get(key), call.scale_low, call.scale_high)
        text = (justifications.get(key) or "").strip()
        if score is not None and score.is_nan():
            errors[f"score_{key}"] = [_("A score from %(low)s to %(high)s.") % {
                "low": call.scale_low, "high": call.scale_high}]
        elif score is not None:
            clean_scores[key] = str(score)
        elif submit:
            errors[f"score_{key}"] = [_("Score every criterion before submitting.")]
        if text:
            clean_text[key] = text[:5000]
        elif submit:
            errors[f"justification_{key}"] = [_("Justify every score before submitting.")]
    level = None
    if confidence not in (None, ""):
        try:
            level = int(str(confidence))
        except ValueError:
            level = 0
        if not 1 <= level <= 5:
            errors["confidence"] = [_("Confidence is from 1 (low) to 5 (expert).")]
    elif submit:
        errors["confidence"] = [_("Say how confident you are before submitting.")]
    if errors:
        raise ValidationError(errors)
    review.scores, review.justifications = clean_scores, clean_text
    review.comment, review.confidence = comment.strip()[:10000], level
    if submit:
        review.state, review.submitted_at = ReviewState.SUBMITTED, timezone.now()
    review.save()
    record_event("review.submitted" if submit else "review.draft_saved", review, actor=actor,
                 unit=call.unit, payload={"call": call.code,
                                          "initiative": assignment.initiative_id})
    return review


def reviews_remind(hours: int = 48) -> int:
    """Remind every assigned expert whose review is due within `hours` and not submitted;
    once per review. Returns how many were reminded (run by `sangkien review remind`)."""
    now = timezone.now()
    due = ReviewAssignment.objects.filter(
        withdrawn_at__isnull=True, call__state=CallState.REVIEWING,
        call__reviews_due__gt=now, call__reviews_due__lte=now + timedelta(hours=hours),
    ).exclude(review__state=ReviewState.SUBMITTED).exclude(review__reminded_at__isnull=False)
    count = 0
    for assignment in due.select_related("call", "initiative"):
        with transaction.atomic():
            review, _c = Review.objects.get_or_create(assignment=assignment)
            review.reminded_at = now
            review.save(update_fields=["reminded_at"])
            record_event("review.reminded", review, unit=assignment.call.unit,
                         payload={"call": assignment.call.code, "expert": assignment.expert_id,
                                  "initiative": assignment.initiative_id})
            count += 1
    return count


@dataclass(frozen=True)
class Results:
    call: Call
    criteria: list[Criterion]
    result: aggregation.CallResult
    entries: dict[int, Entry]  # initiative id → entry
    reviews: dict[int, list[Review]]  # initiative id → submitted reviews, in a stable order


def call_results(call: Call) -> Results:
    criteria = list(call.criteria.all())
    entries = {e.initiative_id: e for e in call.entries.select_related("initiative")}
    submitted = list(Review.objects.filter(
        assignment__call=call, state=ReviewState.SUBMITTED,
        assignment__withdrawn_at__isnull=True).select_related("assignment").order_by("pk"))
    sheets = [aggregation.Sheet(
        r.assignment.initiative_id, r.assignment.expert_id,
        tuple(float(r.scores[str(c.pk)]) for c in criteria), r.confidence or 3)
        for r in submitted]
    result = aggregation.aggregate(sheets, [float(c.weight) for c in criteria],
                                   call.scale_low, call.scale_high, method=call.aggregation,
                                   threshold=float(call.disagreement))
    reviews: dict[int, list[Review]] = {}
    for r in submitted:
        reviews.setdefault(r.assignment.initiative_id, []).append(r)
    return Results(call, criteria, result, entries, reviews)


@transaction.atomic
def entry_decide(entry: Entry, actor: User, decision: str, reason: str) -> Entry:
    """The unit's decision on one initiative of the call; moves the initiative's lifecycle."""
    entry = Entry.objects.select_for_update().select_related("call", "initiative").get(
        pk=entry.pk)
    _require_manager(entry.call, actor)
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Choose selected or not selected.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the decision.")]})
    if entry.decision:
        raise ValidationError(_("This initiative is already decided."))
    if not Review.objects.filter(assignment__call=entry.call, state=ReviewState.SUBMITTED,
                                 assignment__initiative=entry.initiative).exists():
        raise ValidationError(_("Decide only after at least one review is submitted."))
    initiative_transition(entry.initiative, "select" if decision == Decision.SELECTED
                          else "not_select", actor, reason)
    entry.decision, entry.decision_reason = decision, reason.strip()
    entry.decided_at = timezone.now()
    entry.save(update_fields=["decision", "decision_reason", "decided_at"])
    record_event("review.decided", entry, actor=actor, unit=entry.call.unit,
                 payload={"call": entry.call.code, "initiative": entry.initiative_id,
                          "decision": decision})
    return entry


def assessment_content(results: Results, initiative_id: int) -> dict[str, Any]:
    """What the public sees: criteria, aggregated scores, anonymised comments and the rank —
    never a reviewer's name, and the reviewers numbered in a fixed order."""
    row = next(r for r in results.result.initiatives if r.initiative == initiative_id)
    entry = results.entries[initiative_id]
    reviews = results.reviews.get(initiative_id, [])
    return {
        "call": results.call.code,
        "initiative": initiative_id,
        "criteria": [{"name": c.name, "weight": str(c.weight), "score": round(s, 2)}
                     for c, s in zip(results.criteria, row.criteria, strict=True)],
        "scale": [results.call.scale_low, results.call.scale_high],
        "reviews": row.reviews,
        "total": round(row.robust, 2),
        "calibrated": round(row.calibrated, 2),
        "rank": row.rank, "rank_low": row.rank_low, "rank_high": row.rank_high,
        "of": len(results.result.initiatives),
        "comments": [{"reviewer": n, "text": r.comment} for n, r in
                     enumerate(reviews, start=1) if r.comment],
        "decision": entry.decision, "reason": entry.decision_reason,
    }


@transaction.atomic
def call_publish(call: Call, actor: User) -> list[Assessment]:
    """Publish every decided initiative's assessment as a new version (a registry entry)."""
    call = _locked(call)
    _require_manager(call, actor)
    undecided = call.entries.filter(decision="").count()
    if undecided:
        raise ValidationError(_("%(n)s initiative(s) still need a decision.") % {"n": undecided})
    results = call_results(call)
    published = []
    for initiative_id in results.entries:
        if initiative_id not in {r.initiative for r in results.result.initiatives}:
            continue
        content = assessment_content(results, initiative_id)
        last = Assessment.objects.filter(call=call, initiative_id=initiative_id).first()
        digest = hashlib.sha256(rfc8785.dumps(content)).hexdigest()
        if last is not None and last.content_sha256 == digest:
            continue
        assessment = Assessment.objects.create(
            call=call, initiative_id=initiative_id, version=(last.version + 1) if last else 1,
            content=content, content_sha256=digest)
        record_event("review.assessment_published", assessment, actor=actor, unit=call.unit,
                     payload={"call": call.code, "initiative": initiative_id,
                              "version": assessment.version, "sha256": digest})
        published.append(assessment)
    call.state = CallState.DECIDED
    call.save(update_fields=["state"])
    return published
