"""The operations centre at scale, on PostgreSQL: how fast events fold into the roll-ups, and
how fast the dashboard's figures come from them, against the same figures computed by a plain
GROUP BY over the event table.

    python benchmarks/ioc.py                    # 10,000,000 events
    python benchmarks/ioc.py --smoke            # 50,000 events (CI)
    python benchmarks/ioc.py --events 2000000

Data: `sangkien seed --scale 1 --events N` in a database of its own (recreated each run).
Ingestion reads the log in id order in batches, as the worker does, and runs the consumer's
own code (`moves_from` then `apply_moves`). The baseline computes what a GROUP BY can compute
directly from events — items received per unit in the period, and items in each stage now per
unit (the last step of each item) — and the script checks that both give the same numbers. The
roll-ups' tiles compute those and more (on-time shares, working-day medians, per officer).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from registry import _configure as configure_registry_benchmark

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sangkien_bench_ioc"
BATCH = 5000


def _configure(url: str) -> None:
    """A fresh database each run (the seeded log is not meant to grow), migrated."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432,
                         user=config["USER"], password=config["PASSWORD"] or None,
                         dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
    configure_registry_benchmark(url)  # creates, sets up Django, migrates


def _timed(call, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * len(times)) - 1)], result


def _ingest(events: int) -> None:
    """The log, folded batch by batch as the consumer sees it; then what autovacuum would do
    on a live system (the counts' rows are updated many times over)."""
    from django.db import connection
    from django.db.models import Max

    from sangkien.core.models import Event
    from sangkien.ioc.models import Rollup
    from sangkien.ioc.rollups import apply_moves, moves_from

    # --- ingestion, batch by batch as the consumer sees them -------------------------------
    last = Event.objects.aggregate(last=Max("id"))["last"]
    position, folding, reading = 0, 0.0, 0.0
    while position < last:
        started = time.perf_counter()
        batch = list(Event.objects.filter(id__gt=position).order_by("id")[:BATCH])
        reading += time.perf_counter() - started
        started = time.perf_counter()
        apply_moves(moves_from(batch))
        folding += time.perf_counter() - started
        position = batch[-1].id
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"ingestion: {events / folding:,.0f} events/s into the roll-ups "
          f"({folding / events * 1e6:.1f} µs per event, {BATCH:,} per batch; reading the "
          f"log took {reading / events * 1e6:.1f} µs per event more); "
          f"{Rollup.objects.count():,} roll-up rows")



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--smoke", action="store_true", help="50,000 events, 10 repetitions")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database of the last run: time the figures only")
    args = parser.parse_args()
    events, repeat = (50_000, 10) if args.smoke else (args.events, args.repeat)
    if args.reuse:
        configure_registry_benchmark(args.database_url)
    else:
        _configure(args.database_url)

    from django.db import connection

    from sangkien.accounts.models import ProcessingUnit
    from sangkien.core.models import Event
    from sangkien.demo import seed
    from sangkien.demo.synthetic_events import DAYS, START, seed_events
    from sangkien.ioc.pipeline import OPEN_STAGES
    from sangkien.ioc.selectors import Filters, figures

    if not args.reuse:
        seed(scale=1)
        started = time.perf_counter()
        seed_events(events)
        print(f"seeded {events:,} events in {time.perf_counter() - started:.1f} s")
        _ingest(events)

    # --- the same figures two ways ----------------------------------------------------------
    units = frozenset(ProcessingUnit.objects.values_list("pk", flat=True))
    one = min(units)
    end = (START + timedelta(days=DAYS - 30)).date()
    table = Event._meta.db_table

    def plain(unit: int | None, start: date) -> dict[tuple[str, int], int]:
        where = "AND unit_id = %s" if unit else ""
        params = [unit] if unit else []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT unit_id, count(*) FROM {table} WHERE type = 'initiative.submitted' "  # noqa: S608
                f"AND (occurred_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN %s AND %s "
                f"{where} GROUP BY unit_id", [start, end, *params])
            result = {("received", u): n for u, n in cursor.fetchall()}
            cursor.execute(
                f"SELECT unit_id, stage, count(*) FROM (SELECT DISTINCT ON (subject_id) "  # noqa: S608
                f"unit_id, CASE WHEN type LIKE '%%submitted' THEN 'submitted' "
                f"ELSE payload->>'to' END AS stage FROM {table} "
                f"WHERE subject_type = 'initiatives.initiative' {where} "
                f"ORDER BY subject_id, id DESC) last GROUP BY unit_id, stage", params)
            for u, stage, n in cursor.fetchall():
                result[(stage, u)] = n
        return result

    def rolled(unit: int | None, start: date, by: str = "unit", **more: str):
        return figures(Filters(units, start, end, unit, **more), by=by)

    def comparable(per_unit) -> dict[tuple[str, int], int]:
        result = {}
        for u, f in per_unit.items():
            if f.received:
                result[("received", u)] = f.received
            result.update({(stage, u): n for stage, n in f.in_stage.items() if n})
        return result

    tiles = [("every unit, 30 days", None, end - timedelta(days=29)),
             ("every unit, 365 days", None, end - timedelta(days=364)),
             ("one unit, 30 days", one, end - timedelta(days=29))]
    print(f"\n{'dashboard figures':<34}{'roll-ups median/p95':>22}{'GROUP BY median/p95':>24}"
          f"{'ratio (p95)':>13}")
    for label, unit, start in tiles:
        ours_median, ours_p95, ours = _timed(lambda u=unit, s=start: rolled(u, s), repeat)
        base_median, base_p95, base = _timed(lambda u=unit, s=start: plain(u, s),
                                             max(3, repeat // 10))
        # Same numbers: received in the period, open items in each stage now.
        mine = comparable(ours)
        theirs = {k: v for k, v in base.items()  # type: ignore[union-attr]
                  if k[0] == "received" or k[0] in OPEN_STAGES}
        assert mine == theirs, f"{label}: roll-ups and GROUP BY disagree"
        print(f"{label:<34}{ours_median:>10.1f} /{ours_p95:>7.1f} ms"
              f"{base_median:>12.1f} /{base_p95:>8.1f} ms{base_p95 / ours_p95:>11.0f}×")
    for label, call in (
            ("by officer, 30 days", lambda: rolled(None, end - timedelta(days=29), "person")),
            ("by province, 365 days", lambda: rolled(None, end - timedelta(days=364),
                                                     "province")),
            ("breakthrough, 365 days", lambda: rolled(None, end - timedelta(days=364),
                                                      category="breakthrough"))):
        median, p95, _ = _timed(call, repeat)
        print(f"{label:<34}{median:>10.1f} /{p95:>7.1f} ms   (no GROUP BY equivalent)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
