"""Applying moves to the stored roll-ups: one read of the items' states, one upsert of their
new states, one additive upsert of the counts and one insert of the items behind them per
batch — never a trigger per row."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from sangkien.accounts.models import ProcessingUnit
from sangkien.core.calendar import work_calendar
from sangkien.core.models import Event
from sangkien.initiatives.models import Initiative
from sangkien.ioc.models import _KEY, NO_DAY, ItemStage, Rollup, Step
from sangkien.ioc.pipeline import Item, Key, Move, TabledCalendar, rollup
from sangkien.review.models import Review

UPSERT_ROWS = 500
_ITEM_FIELDS = ["stage", "since", "unit", "province", "screening_due", "person", "field",
                "category", "council_due", "clock"]


def apply_moves(moves: Sequence[Move]) -> int:
    """Fold the moves (in order) into the stored roll-ups; returns how many counts changed."""
    if not moves:
        return 0
    years = {m.day.year for m in moves}
    first, last = min(years) - 1, max(years) + 1
    calendar = TabledCalendar(work_calendar(range(first, last + 1)), date(first, 1, 1),
                              date(last, 12, 31))
    with transaction.atomic():
        items = {row.item: Item(*(getattr(row, name) for name in _ITEM_FIELDS))
                 for row in ItemStage.objects.select_for_update().filter(
                     item__in={m.item for m in moves if not m.tally})}
        states, deltas, records = rollup(moves, calendar, items)
        changed = [(i, *(getattr(s, name) for name in _ITEM_FIELDS))
                   for i, s in states.items() if items.get(i) != s]
        _upsert(ItemStage._meta.db_table, ["item", *_ITEM_FIELDS], changed, ["item"],
                ", ".join(f"{name} = excluded.{name}" for name in _ITEM_FIELDS))
        table = Rollup._meta.db_table
        _upsert(table, [*_KEY, "span", "n"], _spans(deltas), [*_KEY, "span"],
                f"n = {table}.n + excluded.n")
        _insert(Step._meta.db_table, ["item", *_KEY],
                [(item, *_row(key)) for item, key in records])
    return len(deltas)


def _row(key: Key) -> tuple[Any, ...]:
    return (*key[:7], key.day or NO_DAY, key.bucket)


def _spans(deltas: Counter[Key]) -> list[tuple[Any, ...]]:
    """Rows of the daily counts, and of the same counts summed per month."""
    months: Counter[Key] = Counter()
    for key, n in deltas.items():
        if key.day is not None:
            months[key._replace(day=key.day.replace(day=1))] += n
    return ([(*_row(key), "d", n) for key, n in deltas.items() if n]
            + [(*_row(key), "m", n) for key, n in months.items() if n])


# Writes of a batch: on PostgreSQL through COPY (a staging table for the upserts), which
# costs a few µs a row where a statement with thousands of parameters costs tens; elsewhere
# multi-row statements.

def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start:start + UPSERT_ROWS]
            cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                           f"VALUES {_placeholders(len(columns), len(chunk))}",
                           [value for row in chunk for value in row])


def _upsert(table: str, columns: list[str], rows: list[tuple[Any, ...]], key: list[str],
            update: str) -> None:
    if not rows:
        return
    names, conflict = ", ".join(columns), ", ".join(key)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            staging = f"{table}_incoming"
            cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} "  # noqa: S608
                           f"ON COMMIT DELETE ROWS AS SELECT {names} FROM {table} WITH NO DATA")
            with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {staging} "  # noqa: S608
                           f"ON CONFLICT ({conflict}) DO UPDATE SET {update}")
            cursor.execute(f"TRUNCATE {staging}")
            return
        for start in range(0, len(rows), UPSERT_ROWS):
            chunk = rows[start:start + UPSERT_ROWS]
            cursor.execute(f"INSERT INTO {table} ({names}) "  # noqa: S608
                           f"VALUES {_placeholders(len(columns), len(chunk))} "
                           f"ON CONFLICT ({conflict}) DO UPDATE SET {update}",
                           [value for row in chunk for value in row])


def _placeholders(columns: int, rows: int) -> str:
    return ", ".join([f"({', '.join(['%s'] * columns)})"] * rows)


def stored() -> dict[Key, int]:
    """The roll-ups as stored, keyed as `ioc.pipeline` keys them (zeros left out)."""
    return {Key(r.metric, r.unit, r.province, r.field, r.category, r.person, r.stage,
                None if r.day == NO_DAY else r.day, r.bucket): r.n
            for r in Rollup.objects.filter(span="d").exclude(n=0)}


# --- from events --------------------------------------------------------------------------

_SUBMISSIONS = ("initiative.submitted", "initiative.resubmitted")


_HERE = ZoneInfo(settings.TIME_ZONE)


def _day(moment: datetime) -> date:
    return moment.astimezone(_HERE).date()  # timezone.localdate, without its checks


def _major(fields: list[str]) -> str:
    return str(fields[0]).split(".")[0][:2] if fields else ""


def _relevant(event: Event) -> bool:
    if event.subject_type == "initiatives.initiative":
        return (event.type in _SUBMISSIONS or "to" in event.payload
                or event.type == "initiative.reassigned")
    return event.type in ("review.assigned", "review.submitted", "demand.awarded")


def moves_from(events: Iterable[Event]) -> list[Move]:
    """The moves among events: receipts, transitions, reassignments, review councils formed,
    reviews submitted and demands answered."""
    events = [e for e in events if _relevant(e)]
    if not events:
        return []
    allowances = dict(ProcessingUnit.objects.filter(
        pk__in={e.unit_id for e in events if e.unit_id}).values_list("pk", "screening_days"))
    reviews = {str(r.pk): r for r in Review.objects.filter(
        pk__in=[e.subject_id for e in events if e.type == "review.submitted"]
    ).select_related("assignment__call")}
    items: set[int] = set()
    for event in events:
        if event.type == "review.assigned":
            items.update(int(pair[0]) for pair in event.payload.get("pairs", []))
        elif event.type == "review.submitted":
            items.add(int(event.payload["initiative"]))
        elif event.type != "demand.awarded":
            items.add(int(event.subject_id))
    about = {pk: (_major(fields), category) for pk, fields, category in
             Initiative.objects.filter(pk__in=items).values_list("pk", "fields", "category")}
    moves: list[Move] = []
    for event in events:
        day, unit, province = _day(event.occurred_at), event.unit_id or 0, event.province_id or 0
        person = event.actor_id or 0
        if event.type == "review.assigned":
            moves.extend(Move(item, day, unit, province, "council", person=person)
                         for item in dict.fromkeys(int(p[0]) for p in event.payload["pairs"]))
            continue
        if event.type == "review.submitted":
            review = reviews.get(event.subject_id)
            if review is None or review.submitted_at is None:
                continue
            item = int(event.payload["initiative"])
            late = review.submitted_at > review.assignment.call.reviews_due
            field, category = about.get(item, ("", "ordinary"))
            moves.append(Move(item, day, unit, province, "late" if late else "on_time",
                              person=person, field=field, category=category, tally="reviewed"))
            continue
        if event.type == "demand.awarded":
            moves.append(Move(int(event.subject_id), day, 0, province, "", person=person,
                              tally="answered"))
            continue
        item = int(event.subject_id)
        field, category = about.get(item, ("", "ordinary"))
        allowance = allowances.get(unit, 5)
        if event.type in _SUBMISSIONS:
            received: Any = event.payload.get("received_at")
            day = _day(datetime.fromisoformat(received)) if received else day
            moves.append(Move(item, day, unit, province, "submitted", allowance,
                              field=field, category=category))
        elif event.type == "initiative.reassigned":
            moves.append(Move(item, day, unit, province, "", allowance))
        else:
            moves.append(Move(item, day, unit, province, event.payload["to"], allowance,
                              person=person, field=field, category=category))
    return moves
