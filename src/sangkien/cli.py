"""The `sangkien` command: demo, serve, worker, seed, places, and every Django command.

    sangkien demo [--port N]       embedded SQLite, demo data, server on 127.0.0.1
    sangkien serve [--workers N]   production-style server (gunicorn) against DATABASE_URL
    sangkien worker [--batch]      background worker: delivers domain events, runs tasks
    sangkien seed --scale N [--initiatives M]   synthetic data for benchmarks
    sangkien places load           (re)load the 34 provinces and 3,321 communes/wards
    sangkien verify RECEIPT [FILES…] [--key KEY]   check a receipt offline
    sangkien registry audit|sign|keygen            the registry of submissions
    sangkien <django command>      e.g. sangkien migrate, sangkien createsuperuser
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

OUR_COMMANDS = ("demo", "serve", "worker", "seed", "places")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["verify"]:  # offline: no settings, no database, no network
        return _verify(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangkien.settings")
    if args[:1] == ["serve"]:
        os.environ.setdefault("SANGKIEN_MODE", "production")
    from sangkien.core.env import ConfigError

    try:
        if args[:1] and args[0] in OUR_COMMANDS:
            return _run_ours(args)
        return _run_django(args)
    except ConfigError as exc:
        print(f"sangkien: configuration error: {exc}", file=sys.stderr)
        return 2
    except _database_errors() as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(f"sangkien: database unavailable: {first_line}", file=sys.stderr)
        return 3


def _verify(args: list[str]) -> int:
    import json
    from functools import partial
    from pathlib import Path

    from sangkien.registry.receipts import sha256_of, verify_receipt

    parser = argparse.ArgumentParser(prog="sangkien verify",
                                     description="check a receipt offline, with its files")
    parser.add_argument("receipt", type=Path)
    parser.add_argument("files", type=Path, nargs="*")
    parser.add_argument("--key", help="the log's verifier key, as published (recommended)")
    options = parser.parse_args(args)
    try:
        receipt = json.loads(options.receipt.read_text(encoding="utf-8"))
        hashes = {}
        for path in options.files:
            with path.open("rb") as file:
                hashes[str(path)] = sha256_of(iter(partial(file.read, 1 << 20), b""))
    except (OSError, ValueError) as error:
        print(f"sangkien verify: {error}", file=sys.stderr)
        return 2
    report = verify_receipt(receipt, hashes, trusted_key=options.key)
    for fact in report.facts:
        print(f"ok: {fact}")
    for name, match in report.files.items():
        print(f"{'ok' if match != 'no match' else 'FAIL'}: {name}: {match}")
    for problem in report.problems:
        print(f"FAIL: {problem}")
    if not options.key:
        print("note: checked against the key inside the receipt; pass --key with the "
              "published key to be sure it is the platform's")
    print("VALID" if report.ok else "INVALID")
    return 0 if report.ok else 1


def _database_errors() -> tuple[type[Exception], ...]:
    from django.db.utils import OperationalError

    return (OperationalError,)


def _setup() -> None:
    import django

    django.setup()


def _run_django(args: list[str]) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sangkien", *args])
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sangkien", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the demo on the embedded SQLite database")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-server", action="store_true",
                      help="prepare the database and demo data, then exit")
    serve = sub.add_parser("serve", help="run production-style with gunicorn")
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    worker = sub.add_parser("worker", help="run the background worker")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.add_argument("--interval", type=float, default=1.0)
    seed = sub.add_parser("seed", help="generate synthetic data for benchmarks")
    seed.add_argument("--scale", type=int, default=1)
    seed.add_argument("--initiatives", type=int, default=0,
                      help="also make this many initiatives (bulk, for the catalogue benchmark)")
    seed.add_argument("--events", type=int, default=0,
                      help="also append this many synthetic lifecycle events (bulk, for the "
                           "operations-centre benchmark; not delivered until a worker runs)")
    places = sub.add_parser("places", help="administrative units")
    places.add_argument("action", choices=["load"])
    return parser


def _run_ours(args: list[str]) -> int:
    options = _parser().parse_args(args)
    _setup()
    from django.core.management import call_command

    if options.command == "places":
        from sangkien.geo.services import places_load

        provinces, wards = places_load()
        print(f"{provinces} provinces and {wards} communes/wards loaded")
        return 0
    if options.command == "worker":
        from sangkien.core.tasks import deliver_events

        # Anything committed while no worker ran is picked up at once.
        deliver_events.enqueue()
        call_command("db_worker", batch=options.batch, interval=options.interval,
                     no_startup_delay=True)
        return 0
    if options.command == "serve":
        return _serve(options.workers, options.bind)
    _prepare_database()
    if options.command == "seed":
        from sangkien.demo import seed
        from sangkien.demo.seed_initiatives import seed_initiatives

        try:
            print(seed(scale=options.scale).summary())
            if options.initiatives:
                made, seconds = seed_initiatives(options.scale, options.initiatives)
                print(f"{made:,} initiatives added in {seconds:.1f} s")
            if options.events:
                from sangkien.demo.synthetic_events import seed_events

                started = time.perf_counter()
                written = seed_events(options.events)
                print(f"{written:,} events added in {time.perf_counter() - started:.1f} s")
        except ValueError as exc:
            print(f"sangkien: {exc}", file=sys.stderr)
            return 2
        return 0
    return _demo(options.port, options.no_server)


def _prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)


def _demo(port: int, no_server: bool) -> int:
    from django.core.management import call_command

    from sangkien.demo import DEMO_PASSWORD, load_demo

    result = load_demo()
    print(result.summary())
    print(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
    for role, email in result.accounts:
        print(f"  {role:<10} {email}")
    if no_server:
        return 0
    print(f"\nSáng Kiến demo: http://127.0.0.1:{port}/  (Ctrl+C to stop)\n")
    worker = subprocess.Popen([sys.executable, "-m", "sangkien", "worker"])
    # Stopping the demo (Ctrl+C or SIGTERM) stops its worker too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    return 0


def _serve(workers: int, bind: str) -> int:
    """Migrations are a separate deployment step (`sangkien migrate`): serving never waits
    for the database, so /healthz can report it down instead of the server failing to start."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    command = [sys.executable, "-m", "gunicorn", "sangkien.wsgi:application",
               "--workers", str(workers), "--bind", bind, "--access-logfile", "-",
               # Threads, so that the operations centre's open event streams do not hold
               # every worker.
               "--worker-class", "gthread", "--threads", "8"]
    os.execv(sys.executable, command)  # noqa: S606 - replace this process with the server
    return 0  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
