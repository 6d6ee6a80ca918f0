"""The state machine alone: every legal path, and every refusal says why."""

import pytest

from sangkien.initiatives.lifecycle import (
    TRANSITIONS,
    IllegalTransition,
    Party,
    State,
    available,
    plan,
)

PROP, OFF = Party.PROPOSER, Party.OFFICER


def walk(*steps):
    state = State.DRAFT
    for name, party in steps:
        state = plan(name, state, party, reason="lý do").target
    return state


def test_the_full_path_to_adoption_and_closure():
    assert walk(("submit", PROP), ("start_screening", OFF), ("return_for_revision", OFF),
                ("resubmit", PROP), ("start_screening", OFF), ("accept_for_review", OFF),
                ("select", OFF), ("start_adoption", OFF), ("mark_adopted", OFF),
                ("close", OFF)) == State.CLOSED


def test_rejection_at_screening_and_closure():
    assert walk(("submit", PROP), ("start_screening", OFF), ("reject", OFF), ("close", OFF)) \
        == State.CLOSED


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.SCREENING,
                                   State.RETURNED, State.IN_REVIEW])
def test_withdrawal_is_possible_before_a_decision(state):
    assert plan("withdraw", state, PROP, "đổi ý").target == State.WITHDRAWN


@pytest.mark.parametrize("state", [State.SELECTED, State.NOT_SELECTED, State.IN_ADOPTION,
                                   State.ADOPTED, State.CLOSED, State.WITHDRAWN])
def test_withdrawal_is_refused_after_a_decision(state):
    with pytest.raises(IllegalTransition, match=f"cannot withdraw an initiative that is {state}"):
        plan("withdraw", state, PROP, "đổi ý")


def test_officer_cannot_submit_and_proposer_cannot_select():
    with pytest.raises(IllegalTransition) as error:
        plan("submit", State.DRAFT, OFF)
    assert error.value.code == "wrong_party"
    with pytest.raises(IllegalTransition) as error:
        plan("select", State.IN_REVIEW, PROP, "tốt")
    assert error.value.code == "wrong_party"


def test_decisions_and_returns_need_a_reason():
    for name, state in [("return_for_revision", State.SCREENING), ("not_select", State.IN_REVIEW),
                        ("reject", State.SCREENING), ("select", State.IN_REVIEW)]:
        with pytest.raises(IllegalTransition) as error:
            plan(name, state, OFF, "   ")
        assert error.value.code == "reason_required"


def test_unknown_transition():
    with pytest.raises(IllegalTransition) as error:
        plan("approve_everything", State.DRAFT, OFF)
    assert error.value.code == "unknown_transition"


def test_every_state_but_the_ends_has_a_way_out():
    for state in State:
        if state in (State.CLOSED, State.WITHDRAWN):
            assert not available(state, PROP) and not available(state, OFF)
        else:
            assert available(state, PROP) or available(state, OFF), state


def test_every_transition_leads_somewhere_new():
    for transition in TRANSITIONS.values():
        assert transition.target not in transition.sources
