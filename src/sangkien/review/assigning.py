"""Assigning reviewers: solver runs in the background with progress and cancellation, manual
assignment, and repair after a decline or a late conflict.

Every path ends in `_assign_pairs`, which refuses a conflicted pair, an expert past the
call's load, an expert who has not accepted, or an initiative past its reviewer count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import ExpertProfile, User
from sangkien.core.events import record_event
from sangkien.initiatives.models import Initiative
from sangkien.matching.vectors import text_similarity
from sangkien.review import affinity as aff
from sangkien.review import assignment as solver
from sangkien.review import conflicts as coi
from sangkien.review.facts import expert_facts, initiative_facts
from sangkien.review.models import (
    AssignmentRun,
    Call,
    CallState,
    Entry,
    InvitationState,
    Origin,
    ReviewAssignment,
    ReviewState,
    RunState,
)
from sangkien.review.services import _locked, _require_manager, conflicts_detect, loads


@dataclass
class CallMatrix:
    """A call's initiatives × accepted experts, with what the solver and explanations need."""

    initiatives: list[Initiative]
    experts: list[User]
    affinity: np.ndarray
    text: np.ndarray
    conflicts: np.ndarray
    bids: dict[tuple[int, int], str]
    initiative_texts: list[str]
    expert_texts: list[str]
    expert_fields: list[list[str]]

    def explain(self, i: int, j: int) -> dict[str, Any]:
        return asdict(aff.explain(self.initiatives[i].fields, self.expert_fields[j],
                                  self.initiative_texts[i], self.expert_texts[j],
                                  float(self.text[i, j]), self.bids.get((i, j))))


def call_matrix(call: Call) -> CallMatrix:
    initiatives = [e.initiative for e in Entry.objects.filter(call=call).select_related(
        "initiative").order_by("initiative_id")]
    experts = list(User.objects.filter(review_invitations__call=call,
                                       review_invitations__state=InvitationState.ACCEPTED)
                   .order_by("pk"))
    profiles = {p.user_id: p for p in ExpertProfile.objects.filter(user__in=experts)}
    empty = ExpertProfile()
    expert_fields = [list(profiles.get(e.pk, empty).fields) for e in experts]
    expert_texts = [" ".join([*profiles.get(e.pk, empty).keywords,
                              profiles.get(e.pk, empty).biography,
                              profiles.get(e.pk, empty).publications]) for e in experts]
    initiative_texts = [f"{i.title} {i.summary} {i.novelty} {i.description}"
                        for i in initiatives]
    row = {i.pk: n for n, i in enumerate(initiatives)}
    col = {e.pk: n for n, e in enumerate(experts)}
    bids = {(row[b.initiative_id], col[b.expert_id]): b.value
            for b in call.bids.all() if b.initiative_id in row and b.expert_id in col}
    text = text_similarity(initiative_texts, expert_texts)
    affinity = aff.affinity_matrix([i.fields for i in initiatives], expert_fields,
                                   initiative_texts, expert_texts, bids,
                                   similarity=lambda _a, _b: text)
    conflicted = np.zeros((len(initiatives), len(experts)), dtype=bool)
    for initiative_id, expert_id in call.conflicts.values_list("initiative_id", "expert_id"):
        if initiative_id in row and expert_id in col:
            conflicted[row[initiative_id], col[expert_id]] = True
    return CallMatrix(initiatives, experts, affinity, text, conflicted, bids, initiative_texts,
                      expert_texts, expert_fields)


def _fresh_conflicts(call: Call, pairs: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """Pairs conflicted now: stored conflicts, and the rules run again on today's facts."""
    initiatives = Initiative.objects.filter(pk__in={i for i, _e in pairs})
    experts = User.objects.filter(pk__in={e for _i, e in pairs})
    found = coi.find_conflicts(initiative_facts(list(initiatives)),
                               expert_facts(list(experts), call), timezone.localdate(),
                               call.conflict_years)
    stored = set(call.conflicts.values_list("initiative_id", "expert_id"))
    return (stored | {(c.initiative, c.expert) for c in found}) & set(pairs)


def _assign_pairs(call: Call, actor: User, pairs: Sequence[tuple[int, int]], origin: str,
                  details: dict[tuple[int, int], tuple[float, dict[str, Any]]],
                  extra: bool = False) -> list[ReviewAssignment]:
    """The one way to create assignments (call row locked by the caller)."""
    conflicted = _fresh_conflicts(call, pairs)
    if conflicted:
        raise ValidationError(_("%(n)s pair(s) have a conflict of interest and cannot be "
                                "assigned.") % {"n": len(conflicted)})
    accepted = set(call.invitations.filter(state=InvitationState.ACCEPTED)
                   .values_list("expert_id", flat=True))
    if any(e not in accepted for _i, e in pairs):
        raise ValidationError(_("Only experts who accepted the invitation can be assigned."))
    load = loads(call)
    count: dict[int, int] = {}
    for initiative_id, n in call.assignments.filter(withdrawn_at__isnull=True).values_list(
            "initiative_id").annotate(n=Count("id")).values_list("initiative_id", "n"):
        count[initiative_id] = n
    active = set(call.assignments.filter(withdrawn_at__isnull=True)
                 .values_list("initiative_id", "expert_id"))
    for initiative_id, expert_id in pairs:
        if (initiative_id, expert_id) in active:
            raise ValidationError(_("This expert is already assigned to this initiative."))
        load[expert_id] = load.get(expert_id, 0) + 1
        count[initiative_id] = count.get(initiative_id, 0) + 1
        if load[expert_id] > call.max_load:
            raise ValidationError(_("An expert would review more than %(L)s initiatives.") % {
                "L": call.max_load})
        if count[initiative_id] > call.reviewers_per_initiative + (1 if extra else 0):
            raise ValidationError(_("An initiative would get more than %(k)s reviewers.") % {
                "k": call.reviewers_per_initiative})
    created = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(call=call, initiative_id=i, expert_id=e, origin=origin,
                         affinity=details.get((i, e), (0.0, {}))[0],
                         explanation=details.get((i, e), (0.0, {}))[1]) for i, e in pairs)
    if pairs:
        record_event("review.assigned", call, actor=actor, unit=call.unit,
                     payload={"origin": origin, "pairs": [list(p) for p in pairs]})
    return created


@transaction.atomic
def assignment_run_start(call: Call, actor: User, fair: bool = False) -> AssignmentRun:
    call = _locked(call)
    _require_manager(call, actor)
    if call.state != CallState.INVITING:
        raise ValidationError(_("The assignment runs once, after invitations and before "
                                "reviewing; later changes are repairs."))
    if call.runs.filter(state__in=[RunState.QUEUED, RunState.RUNNING]).exists():
        raise ValidationError(_("An assignment is already running for this call."))
    run = AssignmentRun.objects.create(call=call, fair=fair, started_by=actor)
    record_event("review.assignment_started", run, actor=actor, unit=call.unit,
                 payload={"call": call.code, "fair": fair})
    from sangkien.review.tasks import run_assignment

    transaction.on_commit(lambda: run_assignment.enqueue(run.pk))
    return run


@transaction.atomic
def assignment_run_cancel(run: AssignmentRun, actor: User) -> AssignmentRun:
    _require_manager(run.call, actor)
    AssignmentRun.objects.filter(pk=run.pk, state__in=[RunState.QUEUED, RunState.RUNNING]) \
        .update(cancel_requested=True)
    record_event("review.assignment_cancel_requested", run, actor=actor, unit=run.call.unit)
    run.refresh_from_db()
    return run


def _progress(run_id: int) -> solver.Progress:
    def report(phase: str, done: float) -> None:
        AssignmentRun.objects.filter(pk=run_id).update(phase=phase, progress=done)
        if AssignmentRun.objects.filter(pk=run_id, cancel_requested=True).exists():
            raise solver.Cancelled

    return report


def _finish(run_id: int, state: str, message: str = "", **result: Any) -> None:
    AssignmentRun.objects.filter(pk=run_id).update(state=state, message=message, result=result,
                                                   finished_at=timezone.now())


def assignment_run_execute(run_id: int) -> str:
    """The body of the background task: solve, then write the assignment in one transaction.
    Progress is committed as it goes (outside that transaction), so the page can show it."""
    claimed = AssignmentRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, phase="reading")
    if not claimed:
        return "not queued"
    run = AssignmentRun.objects.select_related("call", "started_by").get(pk=run_id)
    call, report = run.call, _progress(run_id)
    try:
        report("conflicts", 0.0)
        conflicts_detect(call)  # today's facts, stored with their reasons before solving
        report("reading", 0.02)
        matrix = call_matrix(call)
        k, limit = call.reviewers_per_initiative, call.max_load
        if run.fair:
            fair = solver.assign_fair(matrix.affinity, k, limit, matrix.conflicts,
                                      progress=report)
            pairs, summary = fair.pairs, {"total": fair.total, "worst": fair.worst,
                                          "worst_bound": fair.worst_bound,
                                          "optimal": fair.optimal}
        else:
            best = solver.assign(matrix.affinity, k, limit, matrix.conflicts, progress=report)
            pairs, summary = best.pairs, {"total": best.total, "bound": best.bound,
                                          "optimal": True}
        report("saving", 0.95)
        with transaction.atomic():
            locked = _locked(call)
            if locked.state != CallState.INVITING:
                raise ValidationError(_("The call moved on while the assignment ran."))
            ids = [(matrix.initiatives[i].pk, matrix.experts[j].pk) for i, j in pairs]
            details = {(matrix.initiatives[i].pk, matrix.experts[j].pk):
                       (float(matrix.affinity[i, j]), matrix.explain(i, j)) for i, j in pairs}
            _assign_pairs(locked, run.started_by, ids, Origin.FAIR if run.fair else Origin.SOLVER,
                          details)
            locked.state = CallState.REVIEWING
            locked.save(update_fields=["state"])
    except solver.Cancelled:
        _finish(run_id, RunState.CANCELLED, str(_("Cancelled; nothing was assigned.")))
        return RunState.CANCELLED
    except solver.InfeasibleCall as error:
        short = {matrix.initiatives[i].pk: n for i, n in error.short.items()}
        _finish(run_id, RunState.FAILED, str(_(
            "%(missing)s reviewer slot(s) cannot be filled: invite more experts, raise the "
            "maximum load, or lower the reviewers per initiative.") % {
            "missing": error.missing}), missing=error.missing, short=short)
        return RunState.FAILED
    except ValidationError as error:
        _finish(run_id, RunState.FAILED, " ".join(error.messages))
        return RunState.FAILED
    _finish(run_id, RunState.DONE, "", pairs=len(pairs), **summary)
    return RunState.DONE


@transaction.atomic
def assignment_manual(call: Call, actor: User, initiative: Initiative,
                      expert: User) -> ReviewAssignment:
    """An officer adds one reviewer, e.g. the extra one a disagreement calls for."""
    call = _locked(call)
    _require_manager(call, actor)
    if call.state != CallState.REVIEWING:
        raise ValidationError(_("Reviewers can be added by hand only while the call is under "
                                "review."))
    matrix = call_matrix(call)
    i = next((n for n, x in enumerate(matrix.initiatives) if x.pk == initiative.pk), None)
    j = next((n for n, x in enumerate(matrix.experts) if x.pk == expert.pk), None)
    if i is None or j is None:
        raise ValidationError(_("Choose an initiative of the call and an expert who accepted."))
    return _assign_pairs(call, actor, [(initiative.pk, expert.pk)], Origin.MANUAL,
                         {(initiative.pk, expert.pk): (float(matrix.affinity[i, j]),
                                                       matrix.explain(i, j))}, extra=True)[0]


@transaction.atomic
def withdraw_and_repair(call: Call, actor: User, assignments: QuerySet[ReviewAssignment],
                        reason: str) -> list[ReviewAssignment]:
    """Withdraw assignments whose review is not submitted, then refill the empty slots,
    changing as few other pairs as possible. Returns the new assignments; slots that cannot
    be filled stay visible as missing on the call's page."""
    call = _locked(call)
    now = timezone.now()
    gone = list(assignments.exclude(review__state=ReviewState.SUBMITTED)
                .select_for_update(of=("self",)))
    for a in gone:
        a.withdrawn_at, a.withdrawn_reason = now, reason[:300]
        a.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    if gone:
        record_event("review.withdrawn", call, actor=actor, unit=call.unit,
                     payload={"pairs": [[a.initiative_id, a.expert_id] for a in gone],
                              "reason": reason})
    if call.state != CallState.REVIEWING or not gone:
        return []
    return _repair(call, actor)


def _repair(call: Call, actor: User) -> list[ReviewAssignment]:
    matrix = call_matrix(call)
    row = {x.pk: n for n, x in enumerate(matrix.initiatives)}
    col = {x.pk: n for n, x in enumerate(matrix.experts)}
    active = list(call.assignments.filter(withdrawn_at__isnull=True).select_related("review"))
    # Submitted or started reviews are fixed: take them out of the problem.
    need = np.full(len(row), call.reviewers_per_initiative)
    capacity = np.full(len(col), call.max_load)
    movable = []
    for a in active:
        if a.initiative_id not in row or a.expert_id not in col:
            continue
        i, j = row[a.initiative_id], col[a.expert_id]
        if hasattr(a, "review"):
            need[i] -= 1
            capacity[j] -= 1
        else:
            movable.append((i, j))
    try:
        result = solver.reassign(matrix.affinity, np.maximum(need, 0),
                                        np.maximum(capacity, 0), movable, matrix.conflicts)
    except solver.InfeasibleCall as error:
        record_event("review.repair_short", call, actor=actor, unit=call.unit,
                     payload={"missing": error.missing})
        return []
    if result.removed:  # a chain of moves: withdraw the pairs the repair gives up
        ids = [(matrix.initiatives[i].pk, matrix.experts[j].pk) for i, j in result.removed]
        now = timezone.now()
        for initiative_id, expert_id in ids:
            call.assignments.filter(initiative_id=initiative_id, expert_id=expert_id,
                                    withdrawn_at__isnull=True).update(
                withdrawn_at=now, withdrawn_reason=str(_("moved by the repair")))
    ids = [(matrix.initiatives[i].pk, matrix.experts[j].pk) for i, j in result.added]
    details = {(matrix.initiatives[i].pk, matrix.experts[j].pk):
               (float(matrix.affinity[i, j]), matrix.explain(i, j)) for i, j in result.added}
    return _assign_pairs(call, actor, ids, Origin.REPAIR, details)


def unassigned_slots(call: Call) -> dict[int, int]:
    """Initiative id → reviewers still missing."""
    have = {e: 0 for e in call.entries.values_list("initiative_id", flat=True)}
    for initiative_id in call.assignments.filter(withdrawn_at__isnull=True).values_list(
            "initiative_id", flat=True):
        have[initiative_id] = have.get(initiative_id, 0) + 1
    return {i: call.reviewers_per_initiative - n for i, n in have.items()
            if n < call.reviewers_per_initiative}
