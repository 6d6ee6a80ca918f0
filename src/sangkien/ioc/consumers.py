"""The operations centre follows the event log: each delivered batch of events becomes one
batch of roll-up updates; each deadline alert notifies the people who answer for it."""

from __future__ import annotations

from sangkien.core.events import consumer
from sangkien.core.models import Event
from sangkien.ioc.alerts import notify_deadline
from sangkien.ioc.rollups import apply_moves, moves_from


@consumer("ioc.rollups", batch=True)
def roll_up(events: list[Event]) -> None:
    apply_moves(moves_from(events))


@consumer("ioc.alerts")
def alert(event: Event) -> None:
    notify_deadline(event)
