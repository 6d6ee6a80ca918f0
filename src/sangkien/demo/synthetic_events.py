"""`seed_events(n)`: a synthetic event log for the operations-centre benchmark.

Lifecycle-legal histories of initiatives across the seeded units and their officers, over
two years: receipt, screening, acceptance, return and resubmission, rejection, selection,
adoption. Written in bulk (COPY on PostgreSQL), without queuing delivery, so the benchmark
decides when the roll-ups read them. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from sangkien.accounts.models import ProcessingUnit
from sangkien.core.models import Event

START = datetime(2024, 11, 1, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
DAYS = 730
FIRST_ITEM = 10_000_000  # subject ids far above real initiatives


def _history(rng: random.Random) -> list[tuple[str, dict[str, str], int]]:
    """(type, payload, days after the previous step) of one initiative, to its last step."""
    steps: list[tuple[str, dict[str, str], int]] = [("initiative.submitted", {}, 0)]

    def go(name: str, source: str, target: str, wait: int) -> None:
        steps.append((f"initiative.{name}", {"from": source, "to": target}, wait))

    while True:
        go("start_screening", "submitted", "screening", rng.randint(0, 6))
        outcome = rng.random()
        if outcome < 0.15:
            go("return_for_revision", "screening", "returned", rng.randint(0, 5))
            if rng.random() < 0.6:
                steps.append(("initiative.resubmitted", {}, rng.randint(2, 20)))
                continue
            return steps
        if outcome < 0.30:
            go("reject", "screening", "not_selected", rng.randint(0, 5))
            return steps
        go("accept_for_review", "screening", "in_review", rng.randint(0, 5))
        if rng.random() < 0.5:
            go("not_select", "in_review", "not_selected", rng.randint(10, 60))
            return steps
        go("select", "in_review", "selected", rng.randint(10, 60))
        if rng.random() < 0.5:
            go("start_adoption", "selected", "in_adoption", rng.randint(5, 30))
            go("mark_adopted", "in_adoption", "adopted", rng.randint(30, 120))
        return steps


def rows(n: int, units: list[tuple[int, int, list[int | None]]], seed: int = 7
         ) -> Iterator[tuple[str, datetime, str, int | None, int, int, str]]:
    """n events (type, time, subject id, actor, unit, province, payload JSON) in time order
    within each item; items start uniformly over `DAYS`."""
    rng = random.Random(seed)
    made, item = 0, FIRST_ITEM
    while made < n:
        item += 1
        unit, province, officers = units[rng.randrange(len(units))]
        moment = START + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(480))
        for kind, payload, wait in _history(rng):
            moment += timedelta(days=wait)
            actor = None if kind.endswith("submitted") else rng.choice(officers)
            if kind.endswith("submitted"):
                payload = {"received_at": moment.isoformat()}
            yield kind, moment, str(item), actor, unit, province, json.dumps(payload)
            made += 1
            if made == n:
                return


def seed_events(n: int, seed: int = 7) -> int:
    """Append n synthetic events; returns how many were written."""
    if n < 1:
        raise ValueError(f"the number of events must be positive, not {n!r}")
    units: list[tuple[int, int, list[int | None]]] = []
    for processing in ProcessingUnit.objects.prefetch_related("territory", "postings"):
        provinces = [p.pk for p in processing.territory.all()] or [1]
        officers: list[int | None] = [p.user_id for p in processing.postings.all()]
        units.extend((processing.pk, province, officers or [None]) for province in provinces)
    if not units:
        raise ValueError("seed people and units first: sangkien seed --scale 1")
    table = Event._meta.db_table
    columns = "type, occurred_at, subject_type, subject_id, actor_id, unit_id, province_id, payload"
    # Histories interleave in time, as in a real log: ids follow time, like real commits.
    events = sorted(rows(n, units, seed), key=lambda r: r[1])
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for kind, moment, item, actor, unit, province, payload in events:
                    copy.write_row((kind, moment, "initiatives.initiative", item, actor, unit,
                                    province, payload))
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                [(k, m, "initiatives.initiative", i, a, u, p, j) for k, m, i, a, u, p, j in events])
    return len(events)
