"""Every write to a call before scoring: the call and its rubric, its initiatives, invitations,
bids, conflicts of interest, and the assignment of reviewers.

One guard, `_assign_pairs`, is the only place a ReviewAssignment is created: it re-checks
conflicts (stored and freshly detected) and loads under the call's row lock, so no path —
solver, fair mode, manual, repair — can assign a conflicted pair or overload an expert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import ProcessingUnit, Role, User
from sangkien.accounts.permissions import has_role
from sangkien.core.events import record_event
from sangkien.initiatives.lifecycle import State
from sangkien.initiatives.models import Initiative
from sangkien.initiatives.services import is_officer_of
from sangkien.review import conflicts as coi
from sangkien.review.facts import expert_facts, initiative_facts
from sangkien.review.models import (
    Bid,
    BidValue,
    Call,
    CallState,
    ConflictOfInterest,
    ConflictSource,
    Criterion,
    Entry,
    Invitation,
    InvitationState,
    ReviewAssignment,
)

# Decision 2266/QĐ-TTg (2025): the five criteria for breakthrough initiatives, equal weights.
BREAKTHROUGH_RUBRIC = (
    (_("Novelty and creativity"), _("What is new, and how creative the solution is.")),
    (_("Breakthrough"), _("Removes a major bottleneck in institutions, technology, resources "
                          "or the development model.")),
    (_("Feasibility"), _("Technology, resources and a clear roadmap.")),
    (_("Impact and spill-over"), _("Effect on national targets and beyond the proposer.")),
    (_("Mobilising social resources"), _("Ability to attract investment and partners.")),
)
# Decree 13/2012's test of an initiative: new, applicable, beneficial.
ORDINARY_RUBRIC = (
    (_("Novelty"), _("Not yet applied or disclosed where it is proposed.")),
    (_("Applicability"), _("Can be applied by others, with the steps described.")),
    (_("Benefits"), _("Economic, social or environmental benefit, and how it was measured.")),
)


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: Decimal | int | str
    description: str = ""


def _require_manager(call_or_unit: Call | ProcessingUnit, actor: User) -> None:
    unit = call_or_unit.unit if isinstance(call_or_unit, Call) else call_or_unit
    if not is_officer_of(actor, unit):
        raise PermissionDenied("only an officer of the call's unit may do this")


def _locked(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def _check_rubric(criteria: Sequence[CriterionInput]) -> list[tuple[str, Decimal, str]]:
    if not criteria:
        raise ValidationError({"criteria": [_("A rubric needs at least one criterion.")]})
    checked = []
    for c in criteria:
        try:
            weight = Decimal(str(c.weight))
        except ArithmeticError:
            weight = Decimal(0)
        if not c.name.strip() or not weight.is_finite() or weight <= 0 or weight >= 1000:
            raise ValidationError({"criteria": [
                _("Each criterion needs a name and a weight above 0 and below 1000.")]})
        checked.append((c.name.strip(), weight, c.description.strip()))
    return checked


@transaction.atomic
def call_create(actor: User, unit: ProcessingUnit, *, code: str, title: str,
                invitations_due: datetime, reviews_due: datetime, description: str = "",
                fields: Sequence[str] = (), categories: Sequence[str] = (),
                reviewers_per_initiative: int = 3, max_load: int = 8, blind: str = "single",
                scale: tuple[int, int] = (0, 10),
                criteria: Sequence[CriterionInput] | None = None) -> Call:
    """Open a call in preparation. Without a rubric, breakthrough calls get Decision 2266's
    five criteria and others Decree 13's three, all with equal weights."""
    _require_manager(unit, actor)
    errors: dict[str, list[Any]] = {}
    if Call.objects.filter(code=code).exists():
        errors["code"] = [_("A call with this code already exists.")]
    if reviews_due <= invitations_due:
        errors["reviews_due"] = [_("Reviews must be due after invitations are answered.")]
    if not 1 <= reviewers_per_initiative <= 10:
        errors["reviewers_per_initiative"] = [_("Between 1 and 10 reviewers per initiative.")]
    if not 1 <= max_load <= 200:
        errors["max_load"] = [_("An expert's load must be between 1 and 200.")]
    if scale[1] <= scale[0]:
        errors["scale_high"] = [_("The highest score must be above the lowest.")]
    if criteria is None:
        default = BREAKTHROUGH_RUBRIC if "breakthrough" in categories or not categories \
            else ORDINARY_RUBRIC
        criteria = [CriterionInput(str(n), 1, str(d)) for n, d in default]
    try:
        rubric = _check_rubric(criteria)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    call = Call.objects.create(
        code=code, title=title.strip(), description=description, unit=unit, fields=list(fields),
        categories=list(categories), reviewers_per_initiative=reviewers_per_initiative,
        max_load=max_load, blind=blind, scale_low=scale[0], scale_high=scale[1],
        invitations_due=invitations_due, reviews_due=reviews_due, created_by=actor)
    Criterion.objects.bulk_create(Criterion(call=call, position=i, name=n, weight=w,
                                            description=d) for i, (n, w, d) in enumerate(rubric))
    record_event("review.call_created", call, actor=actor, unit=unit,
                 payload={"code": code, "criteria": [n for n, _w, _d in rubric]})
    return call


@transaction.atomic
def call_add_initiatives(call: Call, actor: User, initiatives: Iterable[Initiative]) -> int:
    """Put initiatives under review by the call's unit into the call; returns how many."""
    call = _locked(call)
    _require_manager(call, actor)
    if call.state == CallState.DECIDED:
        raise ValidationError(_("The call is decided; it takes no more initiatives."))
    added = 0
    for initiative in initiatives:
        if initiative.unit_id != call.unit_id or initiative.state != State.IN_REVIEW:
            raise ValidationError({"initiatives": [
                _("“%(title)s” is not under review by this unit.") % {
                    "title": initiative.title}]})
        if call.categories and initiative.category not in call.categories:
            raise ValidationError({"initiatives": [
                _("“%(title)s” is not of a category this call takes.") % {
                    "title": initiative.title}]})
        _entry, created = Entry.objects.get_or_create(call=call, initiative=initiative)
        added += created
    if added:
        record_event("review.initiatives_added", call, actor=actor, unit=call.unit,
                     payload={"count": added})
    return added


@transaction.atomic
def call_invite(call: Call, actor: User, experts: Iterable[User]) -> list[Invitation]:
    call = _locked(call)
    _require_manager(call, actor)
    if call.state not in (CallState.DRAFT, CallState.INVITING):
        raise ValidationError(_("Experts can be invited only before the assignment."))
    invited = []
    for expert in experts:
        if not has_role(expert, Role.EXPERT):
            raise ValidationError({"experts": [_("%(name)s is not in the expert network.") % {
                "name": expert}]})
        invitation, created = Invitation.objects.get_or_create(call=call, expert=expert)
        if created:
            invited.append(invitation)
            record_event("review.invited", invitation, actor=actor, unit=call.unit,
                         payload={"call": call.code, "expert": expert.pk})
    if call.state == CallState.DRAFT:
        call.state = CallState.INVITING
        call.save(update_fields=["state"])
    return invited


@transaction.atomic
def invitation_answer(invitation: Invitation, actor: User, accept: bool,
                      note: str = "") -> Invitation:
    """The expert accepts or declines. Declining after assignment withdraws their reviews
    that have not been submitted and repairs the assignment around them."""
    invitation = Invitation.objects.select_for_update().select_related("call").get(
        pk=invitation.pk)
    if invitation.expert_id != actor.pk:
        raise PermissionDenied("only the invited expert may answer")
    if accept and timezone.now() > invitation.call.invitations_due:
        raise ValidationError(_("The invitation closed on %(due)s.") % {
            "due": timezone.localtime(invitation.call.invitations_due).strftime("%d/%m/%Y")})
    invitation.state = InvitationState.ACCEPTED if accept else InvitationState.DECLINED
    invitation.answered_at = timezone.now()
    invitation.note = note.strip()[:300]
    invitation.save(update_fields=["state", "answered_at", "note"])
    record_event(f"review.invitation_{invitation.state}", invitation, actor=actor,
                 unit=invitation.call.unit, payload={"call": invitation.call.code})
    if not accept:
        from sangkien.review.assigning import withdraw_and_repair

        withdraw_and_repair(invitation.call, actor, ReviewAssignment.objects.filter(
            call=invitation.call, expert=actor, withdrawn_at__isnull=True),
            reason=str(_("The expert declined the invitation.")))
    return invitation


def _accepted(call: Call, expert: User) -> None:
    if not call.invitations.filter(expert=expert, state=InvitationState.ACCEPTED).exists():
        raise PermissionDenied("only an expert who accepted the invitation may do this")


@transaction.atomic
def bid_set(call: Call, actor: User, initiative: Initiative, value: str) -> Bid:
    """An expert's interest in one initiative; "conflict" records a declared conflict."""
    _accepted(call, actor)
    if value not in BidValue.values:
        raise ValidationError({"value": [_("Choose eager, willing, not willing or conflict.")]})
    if not call.entries.filter(initiative=initiative).exists():
        raise ValidationError({"initiative": [_("This initiative is not in the call.")]})
    bid, _created = Bid.objects.update_or_create(call=call, initiative=initiative, expert=actor,
                                                 defaults={"value": value})
    if value == BidValue.CONFLICT:
        conflict_declare(call, actor, initiative, str(_("declared in the expert's bid")))
    return bid


@transaction.atomic
def conflict_declare(call: Call, actor: User, initiative: Initiative, reason: str,
                     expert: User | None = None) -> ConflictOfInterest:
    """Self-declaration by an expert, or a conflict an officer records for an expert. Any
    active assignment of the pair is withdrawn at once and repaired."""
    if expert is None or expert == actor:
        expert, source = actor, ConflictSource.DECLARED
        if not call.invitations.filter(expert=actor).exists():
            raise PermissionDenied("only an invited expert may declare a conflict in this call")
    else:
        _require_manager(call, actor)
        source = ConflictSource.OFFICER
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what the conflict is.")]})
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        call=call, initiative=initiative, expert=expert, rule=coi.Rule.DECLARED,
        defaults={"detail": reason.strip()[:300], "source": source})
    record_event("review.conflict_declared", conflict, actor=actor, unit=call.unit,
                 payload={"call": call.code, "initiative": initiative.pk, "expert": expert.pk})
    from sangkien.review.assigning import withdraw_and_repair

    withdraw_and_repair(call, actor, ReviewAssignment.objects.filter(
        call=call, initiative=initiative, expert=expert, withdrawn_at__isnull=True),
        reason=str(_("Conflict of interest: %(reason)s") % {"reason": reason.strip()}))
    return conflict


def conflicts_check(call: Call, experts: Iterable[User] | None = None) -> list[coi.Conflict]:
    """Every conflict between the call's initiatives and these experts (by default the
    invited ones), without storing anything: run it before sending invitations."""
    if experts is None:
        experts = User.objects.filter(review_invitations__call=call)
    initiatives = [e.initiative for e in call.entries.select_related("initiative")]
    return coi.find_conflicts(initiative_facts(initiatives), expert_facts(list(experts), call),
                              timezone.localdate(), call.conflict_years)


@transaction.atomic
def conflicts_detect(call: Call, actor: User | None = None) -> int:
    """Store the detected conflicts of the invited experts; returns how many are new."""
    call = _locked(call)
    if actor is not None:
        _require_manager(call, actor)
    found = conflicts_check(call)
    existing = set(call.conflicts.values_list("initiative_id", "expert_id", "rule"))
    new = [ConflictOfInterest(call=call, initiative_id=c.initiative, expert_id=c.expert,
                              rule=c.rule, detail=c.detail[:300], source=ConflictSource.DETECTED)
           for c in found if (c.initiative, c.expert, c.rule) not in existing]
    ConflictOfInterest.objects.bulk_create(new)
    if new:
        record_event("review.conflicts_detected", call, actor=actor, unit=call.unit,
                     payload={"new": len(new), "total": len(found)})
    return len(new)


def loads(call: Call) -> dict[int, int]:
    return dict(call.assignments.filter(withdrawn_at__isnull=True).values_list("expert_id")
                .annotate(n=Count("id")).values_list("expert_id", "n"))
