"""The public catalogue at scale: the page /initiatives/ and the API list /api/v1/initiatives,
filtered and searched, with and without the catalogue indexes, on PostgreSQL.

    python benchmarks/catalogue.py                    # 100,000 initiatives
    python benchmarks/catalogue.py --smoke            # 2,000 initiatives, a few repetitions (CI)
    python benchmarks/catalogue.py --initiatives 20000 --repeat 10

Data comes from `sangkien seed --scale 1 --initiatives N` in a database of its own (created if
missing, kept between runs). Requests go through Django's test client in this process, so the
figures are the application's time (routing, queries, templates, JSON) without network. The
baseline is the same data and the same requests after dropping the indexes of migration
initiatives/0005 inside a transaction that is rolled back afterwards.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sangkien_bench"

# What visitors do: browse, search with and without diacritics, filter, sort, page deep.
MIXES: list[tuple[str, dict[str, Any]]] = [
    ("newest", {}),
    ("search accented", {"q": "năng lượng mặt trời"}),
    ("search unaccented", {"q": "nuoc thai lang nghe"}),
    ("field", {"field": "2"}),
    ("province", {"province": 79}),
    ("field + province + TRL", {"field": "4.1", "province": 1, "trl": 6}),
    ("search + state", {"q": "cam bien", "state": "in_review"}),
    ("sort by title", {"sort": "title"}),
    ("deep page", {"page": 200}),
]


def _configure(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SANGKIEN_MODE", "development")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sangkien.settings"
    _create_database(url)
    import django

    django.setup()


def _create_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    name = config["NAME"]
    with psycopg.connect(host=config["HOST"], port=config["PORT"] or 5432,
                         user=config["USER"], password=config["PASSWORD"] or None,
                         dbname="postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def _prepare(count: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from sangkien.demo import seed
    from sangkien.demo.seed_initiatives import seed_initiatives

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(scale=1)
    made, seconds = seed_initiatives(1, count)
    from sangkien.initiatives.models import Initiative
    from sangkien.matching.indexing import rebuild
    from sangkien.matching.models import SearchDocument

    # Bulk-seeded rows have no events, so the search index (which a query now goes through)
    # is built from them directly, once.
    if SearchDocument.objects.filter(kind="initiative").count() < Initiative.objects.count():
        build = rebuild()
        print(f"search index: {build.documents:,} documents built in {build.seconds:.1f} s")
    with connection.cursor() as cursor:
        # As autovacuum would have done on a live server: statistics and the visibility map
        # (without it a fresh bulk load cannot use index-only scans for the counts).
        cursor.execute("VACUUM ANALYZE initiatives_initiative")
    print(f"data: {count:,} seeded initiatives ({made:,} added now in {seconds:.1f} s; "
          f"preparation {time.perf_counter() - started:.1f} s)")


def _timed(get: Callable[[], Any], repeat: int) -> list[float]:
    get()  # warm: the first request pays for imports and template compilation
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = get()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:300]!r}")
    return times


def _endpoints(client: Any) -> dict[str, Callable[[dict[str, Any]], Any]]:
    return {"page /initiatives/": lambda params: client.get("/initiatives/", params),
            "API /api/v1/initiatives": lambda params: client.get("/api/v1/initiatives", params)}


def _measure(repeat: int) -> dict[str, dict[str, list[float]]]:
    from django.test import Client

    client = Client()
    results: dict[str, dict[str, list[float]]] = {}
    for endpoint, get in _endpoints(client).items():
        results[endpoint] = {name: _timed(lambda g=get, p=params: g(p), repeat)
                             for name, params in MIXES}
    return results


def _query_counts() -> dict[str, tuple[int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client, counts = Client(), {}
    sizes = {"page /initiatives/": "per_page", "API /api/v1/initiatives": "page_size"}
    for endpoint, get in _endpoints(client).items():
        found = []
        for size in (20, 100):
            with CaptureQueriesContext(connection) as queries:
                get({"q": "he thong", sizes[endpoint]: size})
            found.append(len(queries))
        counts[endpoint] = (found[0], found[1])
    return counts


def _without_indexes(repeat: int) -> dict[str, dict[str, list[float]]]:
    from django.db import connection, transaction

    indexes = importlib.import_module(
        "sangkien.initiatives.migrations.0005_catalogue_search_indexes")
    with transaction.atomic():
        with connection.cursor() as cursor:
            for name in indexes.INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        results = _measure(repeat)
        transaction.set_rollback(True)  # the indexes come back with the rollback
    return results


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _report(indexed: dict[str, dict[str, list[float]]],
            baseline: dict[str, dict[str, list[float]]]) -> None:
    print(f"\n{'endpoint / request':44} {'median ms':>10} {'p95 ms':>8} "
          f"{'baseline p95':>13} {'ratio':>7}")
    for endpoint, mixes in indexed.items():
        all_ours = [t for times in mixes.values() for t in times]
        all_base = [t for times in baseline[endpoint].values() for t in times]
        for name, times in mixes.items():
            ours, base = _percentile(times, 95), _percentile(baseline[endpoint][name], 95)
            print(f"  {name:42} {statistics.median(times):10.1f} {ours:8.1f} "
                  f"{base:13.1f} {base / ours:6.1f}×")
        print(f"{endpoint + ' (all requests)':44} {statistics.median(all_ours):10.1f} "
              f"{_percentile(all_ours, 95):8.1f} {_percentile(all_base, 95):13.1f} "
              f"{_percentile(all_base, 95) / _percentile(all_ours, 95):6.1f}×")
        print(f"{'':44} median ratio baseline/indexed: "
              f"{statistics.median(all_base) / statistics.median(all_ours):.1f}×\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--smoke", action="store_true", help="small and quick, for CI")
    parser.add_argument("--database-url", default=None)
    options = parser.parse_args(argv)
    count = 2_000 if options.smoke else options.initiatives
    repeat = 3 if options.smoke else options.repeat
    url = options.database_url or (DEFAULT_URL + "_smoke" if options.smoke else DEFAULT_URL)
    _configure(url)
    _prepare(count)
    counts = _query_counts()
    for endpoint, (small, large) in counts.items():
        verdict = "same" if small == large else "GROWS WITH PAGE SIZE"
        print(f"queries per request, {endpoint}: {small} at 20 rows, {large} at 100 rows "
              f"({verdict})")
    indexed = _measure(repeat)
    baseline = _without_indexes(repeat)
    print(f"\n{count:,} initiatives, {repeat} timed requests per line, PostgreSQL")
    _report(indexed, baseline)
    return 0 if all(small == large for small, large in counts.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
