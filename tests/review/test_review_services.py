"""Calls end to end through the services: conflicts never assigned by any path, loads kept,
infeasible calls explained, bad scores refused with nothing changed, assessments published."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from personas import make_user

from sangkien.accounts.models import Membership, Organisation, OrganisationKind, Role
from sangkien.core.events import deliver_pending
from sangkien.registry.models import LogEntry
from sangkien.review import assigning, scoring, services
from sangkien.review.models import (
    Assessment,
    AssignmentRun,
    Call,
    CallState,
    ConflictOfInterest,
    Review,
    ReviewAssignment,
    RunState,
)

pytestmark = pytest.mark.django_db


def run(call, officer, fair=False):
    started = assigning.assignment_run_start(call, officer, fair=fair)
    assigning.assignment_run_execute(started.pk)
    started.refresh_from_db()
    return started


def active(call):
    return set(ReviewAssignment.objects.filter(call=call, withdrawn_at__isnull=True)
               .values_list("initiative_id", "expert_id"))


def assert_rules_hold(call):
    pairs = active(call)
    conflicted = set(ConflictOfInterest.objects.filter(call=call).values_list(
        "initiative_id", "expert_id"))
    assert not pairs & conflicted
    loads = {}
    for _i, e in pairs:
        loads[e] = loads.get(e, 0) + 1
    assert max(loads.values()) <= call.max_load


def test_a_call_without_a_rubric_gets_the_five_criteria_of_decision_2266(call):
    # Stored in the language of the officer who opens the call (English here).
    assert [c.name for c in call.criteria.all()] == [
        "Novelty and creativity", "Breakthrough", "Feasibility", "Impact and spill-over",
        "Mobilising social resources"]
    assert [c.weight for c in call.criteria.all()] == [1] * 5


def test_a_bad_call_is_refused_and_nothing_is_created(officer_hanoi, hanoi_unit):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.call_create(officer_hanoi, hanoi_unit, code="x", title="X",
                             invitations_due=now + timedelta(days=5), reviews_due=now,
                             reviewers_per_initiative=0,
                             criteria=[services.CriterionInput("Novelty", "-1")])
    assert set(error.value.message_dict) == {"reviews_due", "reviewers_per_initiative",
                                             "criteria"}
    assert not hanoi_unit.calls.exists()


def test_the_optimal_run_assigns_k_each_and_explains_every_pair(call, experts, officer_hanoi):
    finished = run(call, officer_hanoi)
    assert finished.state == RunState.DONE and finished.result["optimal"]
    call.refresh_from_db()
    assert call.state == CallState.REVIEWING
    pairs = ReviewAssignment.objects.filter(call=call)
    assert pairs.count() == 4 * 2
    salinity = pairs.get(initiative__title="Cảm biến độ mặn cho ruộng lúa",
                         expert__full_name="GS. Phạm Văn Cảm")
    assert salinity.explanation["fields"] == ["2.2"]
    assert "bien" in " ".join(salinity.explanation["shared_terms"])
    assert_rules_hold(call)


def test_a_conflict_is_never_assigned_by_the_solver_nor_by_hand(call, experts, officer_hanoi,
                                                                proposer):
    # The salinity expert worked at the proposer's company until last year.
    company = Organisation.objects.create(name="Công ty Cảm Biến Việt",
                                          kind=OrganisationKind.ENTERPRISE)
    Membership.objects.create(organisation=company, user=proposer)
    Membership.objects.create(organisation=company, user=experts[0],
                              ended_on=timezone.localdate() - timedelta(days=300))
    assert services.conflicts_check(call)  # checked on its own, nothing stored yet
    assert not ConflictOfInterest.objects.exists()
    finished = run(call, officer_hanoi)
    assert finished.state == RunState.DONE, finished.message
    assert_rules_hold(call)
    assert not any(e == experts[0].pk for _i, e in active(call))
    conflict = ConflictOfInterest.objects.filter(expert=experts[0]).first()
    assert conflict.rule == "organisation" and conflict.detail == "Công ty Cảm Biến Việt"
    before = ReviewAssignment.objects.count()
    with pytest.raises(ValidationError, match="conflict of interest"):
        assigning.assignment_manual(call, officer_hanoi, conflict.initiative, experts[0])
    assert ReviewAssignment.objects.count() == before


def test_a_declined_expert_is_replaced_touching_nothing_else(call, experts, officer_hanoi):
    Call.objects.filter(pk=call.pk).update(max_load=3)
    call.refresh_from_db()
    run(call, officer_hanoi)
    before = active(call)
    leaving = next(e for _i, e in sorted(before))
    person = next(x for x in experts if x.pk == leaving)
    call.invitations.filter(expert=person).update(state="invited")
    services.invitation_answer(call.invitations.get(expert=person), person, accept=False)
    after = active(call)
    assert not any(e == leaving for _i, e in after)
    lost = {p for p in before if p[1] == leaving}
    assert before - after == lost  # only the declined expert's pairs went
    assert len(after) == len(before)  # and each was refilled
    assert_rules_hold(call)


def test_a_late_conflict_withdraws_the_pair_and_refills_it(call, experts, officer_hanoi):
    Call.objects.filter(pk=call.pk).update(max_load=3)
    call.refresh_from_db()
    run(call, officer_hanoi)
    initiative_id, expert_id = sorted(active(call))[0]
    expert = next(x for x in experts if x.pk == expert_id)
    services.conflict_declare(call, expert, call.initiatives.get(pk=initiative_id),
                              "Tôi từng hướng dẫn tác giả")
    after = active(call)
    assert (initiative_id, expert_id) not in after
    assert len([p for p in after if p[0] == initiative_id]) == 2
    assert_rules_hold(call)


def test_an_infeasible_call_says_how_many_slots_are_missing(call, officer_hanoi):
    people = [make_user(f"few{n}@example.vn", f"Chuyên gia {n}", roles=(Role.EXPERT,))
              for n in range(3)]
    services.call_invite(call, officer_hanoi, people)
    for person in people:
        services.invitation_answer(call.invitations.get(expert=person), person, True)
    finished = run(call, officer_hanoi)  # 4 initiatives × 2 = 8 slots, 3 experts × 2 = 6
    assert finished.state == RunState.FAILED
    assert finished.result["missing"] == 2
    assert "2 reviewer slot(s) cannot be filled" in finished.message
    assert not ReviewAssignment.objects.exists()
    call.refresh_from_db()
    assert call.state == CallState.INVITING


def test_a_cancelled_run_assigns_nothing(call, experts, officer_hanoi):
    started = assigning.assignment_run_start(call, officer_hanoi)
    assigning.assignment_run_cancel(started, officer_hanoi)
    assert assigning.assignment_run_execute(started.pk) == RunState.CANCELLED
    assert AssignmentRun.objects.get(pk=started.pk).state == RunState.CANCELLED
    assert not ReviewAssignment.objects.exists()


def scores_for(call, value):
    return {str(c.pk): value for c in call.criteria.all()}


def test_bad_scores_are_refused_and_nothing_changes(call, experts, officer_hanoi):
    run(call, officer_hanoi)
    assignment = ReviewAssignment.objects.filter(call=call).first()
    expert = assignment.expert
    text = scores_for(call, "Có căn cứ.")
    cases = [
        ({"scores": scores_for(call, 11), "justifications": text, "confidence": 3}, "score_"),
        ({"scores": scores_for(call, 7), "justifications": {}, "confidence": 3},
         "justification_"),
        ({"scores": scores_for(call, 7), "justifications": text, "confidence": 9},
         "confidence"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            scoring.review_save(assignment, expert, submit=True, **kwargs)
        assert any(name.startswith(field) for name in error.value.message_dict)
    assert not Review.objects.exists()
    stranger = next(x for x in experts if x != expert and not ReviewAssignment.objects.filter(
        expert=x, initiative=assignment.initiative).exists())
    with pytest.raises(PermissionDenied):
        scoring.review_save(assignment, stranger, scores=scores_for(call, 5),
                            justifications=text, confidence=3, submit=True)
    Call.objects.filter(pk=call.pk).update(reviews_due=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="closed"):
        scoring.review_save(assignment, expert, scores=scores_for(call, 5),
                            justifications=text, confidence=3, submit=True)
    assert not Review.objects.exists()


def test_a_draft_can_be_incomplete_and_a_submission_is_final(call, experts, officer_hanoi):
    run(call, officer_hanoi)
    assignment = ReviewAssignment.objects.filter(call=call).first()
    first = next(iter(scores_for(call, 8)))
    review = scoring.review_save(assignment, assignment.expert, scores={first: 8},
                                 justifications={})
    assert review.state == "draft" and review.scores == {first: "8"}
    scoring.review_save(assignment, assignment.expert, scores=scores_for(call, 8),
                        justifications=scores_for(call, "Tốt."), confidence=4, submit=True)
    with pytest.raises(ValidationError, match="already submitted"):
        scoring.review_save(assignment, assignment.expert, scores=scores_for(call, 1),
                            justifications=scores_for(call, "Đổi ý."), confidence=4,
                            submit=True)
    assert Review.objects.get().scores[first] == "8"


def test_reminders_go_once_to_those_who_have_not_submitted(call, experts, officer_hanoi):
    run(call, officer_hanoi)
    Call.objects.filter(pk=call.pk).update(reviews_due=timezone.now() + timedelta(hours=20))
    assert scoring.reviews_remind() == 8
    assert scoring.reviews_remind() == 0
    deliver_pending("review.notifications")
    expert = ReviewAssignment.objects.first().expert
    assert expert.notifications.filter(text__startswith="Reminder").exists()


def test_decision_and_publication_hide_reviewer_names_and_enter_the_registry(
        call, experts, officer_hanoi):
    run(call, officer_hanoi)
    for n, assignment in enumerate(ReviewAssignment.objects.filter(call=call).order_by("pk")):
        scoring.review_save(assignment, assignment.expert, scores=scores_for(call, 4 + n % 5),
                            justifications=scores_for(call, "Lý do."), confidence=3,
                            comment=f"Nhận xét {n}", submit=True)
    with pytest.raises(ValidationError, match="still need a decision"):
        scoring.call_publish(call, officer_hanoi)
    for entry in call.entries.all():
        scoring.entry_decide(entry, officer_hanoi, "selected", "Đạt yêu cầu.")
    published = scoring.call_publish(call, officer_hanoi)
    assert len(published) == 4
    names = [e.full_name for e in experts] + [e.email for e in experts]
    for assessment in published:
        text = str(assessment.content)
        assert not any(name in text for name in names)
        assert assessment.content["comments"][0]["reviewer"] == 1
    ranks = sorted(a.content["rank"] for a in published)
    assert ranks[0] == 1
    deliver_pending("review.registry")
    assert LogEntry.objects.filter(kind="assessment").count() == 4
    assert Assessment.objects.filter(call=call).count() == 4
    assert scoring.call_publish(call, officer_hanoi) == []  # unchanged: no new version
