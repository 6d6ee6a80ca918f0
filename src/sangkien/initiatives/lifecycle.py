"""The life of an initiative as an explicit state machine (pure: no Django).

    draft → submitted → screening → (returned → submitted …) → in review
          → selected → in adoption → adopted → closed
          → not selected → closed
    withdrawn: by the proposer, at any point before a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    RETURNED = "returned"
    IN_REVIEW = "in_review"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    IN_ADOPTION = "in_adoption"
    ADOPTED = "adopted"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


class Party(StrEnum):
    """Who may fire a transition: the initiative's proposer, or an officer of its unit."""

    PROPOSER = "proposer"
    OFFICER = "officer"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    target: State
    party: Party
    needs_reason: bool = False


_BEFORE_DECISION = frozenset(
    {State.DRAFT, State.SUBMITTED, State.SCREENING, State.RETURNED, State.IN_REVIEW}
)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", frozenset({State.DRAFT}), State.SUBMITTED, Party.PROPOSER),
        Transition("resubmit", frozenset({State.RETURNED}), State.SUBMITTED, Party.PROPOSER),
        Transition("withdraw", _BEFORE_DECISION, State.WITHDRAWN, Party.PROPOSER,
                   needs_reason=True),
        Transition("start_screening", frozenset({State.SUBMITTED}), State.SCREENING,
                   Party.OFFICER),
        Transition("return_for_revision", frozenset({State.SCREENING}), State.RETURNED,
                   Party.OFFICER, needs_reason=True),
        Transition("reject", frozenset({State.SCREENING}), State.NOT_SELECTED, Party.OFFICER,
                   needs_reason=True),
        Transition("accept_for_review", frozenset({State.SCREENING}), State.IN_REVIEW,
                   Party.OFFICER),
        Transition("select", frozenset({State.IN_REVIEW}), State.SELECTED, Party.OFFICER,
                   needs_reason=True),
        Transition("not_select", frozenset({State.IN_REVIEW}), State.NOT_SELECTED,
                   Party.OFFICER, needs_reason=True),
        Transition("start_adoption", frozenset({State.SELECTED}), State.IN_ADOPTION,
                   Party.OFFICER),
        Transition("mark_adopted", frozenset({State.IN_ADOPTION}), State.ADOPTED, Party.OFFICER),
        Transition("close", frozenset({State.ADOPTED, State.NOT_SELECTED}), State.CLOSED,
                   Party.OFFICER),
    )
}

# States in which the proposer may still edit the content (a new version freezes on submit).
EDITABLE = frozenset({State.DRAFT, State.RETURNED})
# States an officer's queue shows: waiting for the unit's action.
WAITING_FOR_UNIT = frozenset({State.SUBMITTED, State.SCREENING, State.IN_REVIEW})


class IllegalTransition(Exception):
    """The transition does not exist, or does not start from the current state."""

    def __init__(self, message: str, code: str = "illegal_transition") -> None:
        super().__init__(message)
        self.code = code


def plan(name: str, current: State, party: Party, reason: str = "") -> Transition:
    """The transition `name` from `current` by `party`, or IllegalTransition saying why not."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise IllegalTransition(f"unknown transition {name!r}", "unknown_transition")
    if current not in transition.sources:
        raise IllegalTransition(
            f"cannot {name} an initiative that is {current.value}; "
            f"allowed from: {', '.join(sorted(s.value for s in transition.sources))}"
        )
    if party is not transition.party:
        raise IllegalTransition(
            f"only the {transition.party.value} may {name}", "wrong_party"
        )
    if transition.needs_reason and not reason.strip():
        raise IllegalTransition(f"{name} needs a reason", "reason_required")
    return transition


def available(current: State, party: Party) -> list[Transition]:
    """What `party` can do now, in a stable order, for the buttons on a page."""
    return [t for t in TRANSITIONS.values() if current in t.sources and t.party is party]
