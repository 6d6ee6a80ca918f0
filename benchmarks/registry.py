"""The registry at 1,000,000 entries: durable appends per second on PostgreSQL, inclusion
proofs per second and their 99th-percentile latency (in memory and from the database), proof
size against log2(n), and the same proof workload on pymerkle run side by side.

    python benchmarks/registry.py                 # 1,000,000 entries
    python benchmarks/registry.py --smoke         # 20,000 entries, fewer repetitions (CI)

The log is loaded into a database of its own (sangkien_bench_registry, emptied first) with
COPY, from a tree computed in memory by our merkle module: the benchmark measures proving
and appending at that size, not loading. Appends then go through `registry_append`, the code
the event consumer runs, one committed transaction per append and in batches of 500 (as the
consumer delivers them).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sangkien_bench_registry"


def _configure(url: str) -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__)))
    from catalogue import _create_database  # the same helper as the catalogue benchmark

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SANGKIEN_MODE", "development")
    os.environ["DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sangkien.settings"
    _create_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def _memory_proofs(size: int, proofs: int) -> tuple[float, float, object]:
    from pymerkle import InmemoryTree

    from sangkien.registry.merkle import Tree

    entries = [n.to_bytes(8, "big") for n in range(size)]
    started = time.perf_counter()
    ours = Tree()
    for entry in entries:
        ours.append(entry)
    ours_build = time.perf_counter() - started
    started = time.perf_counter()
    theirs = InmemoryTree(algorithm="sha256")
    for entry in entries:
        theirs.append_entry(entry)
    theirs_build = time.perf_counter() - started
    assert ours.root() == theirs.get_root(), "the two implementations disagree"
    rng = random.Random(1)
    picks = [rng.randrange(size) for _ in range(proofs)]
    started = time.perf_counter()
    for index in picks:
        ours.inclusion_proof(index, size)
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for index in picks:
        theirs.prove_inclusion(index + 1, size)  # pymerkle counts leaves from 1
    theirs_seconds = time.perf_counter() - started
    print(f"build in memory: ours {ours_build:.1f} s, pymerkle {theirs_build:.1f} s "
          f"({theirs_build / ours_build:.1f}×)")
    print(f"inclusion proofs in memory at {size:,}: ours {_rate(proofs, ours_seconds)}, "
          f"pymerkle {_rate(proofs, theirs_seconds)} — ratio {theirs_seconds / ours_seconds:.1f}×")
    return ours_seconds, theirs_seconds, ours


def _load(tree: object, size: int) -> None:
    """Empty the benchmark's registry tables and COPY the whole tree in."""
    from django.db import connection

    from sangkien.registry.merkle import edge_root
    from sangkien.registry.models import LogHead

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_logentry, registry_treenode, registry_checkpoint")
        raw = cursor.cursor
        with raw.copy("COPY registry_treenode (level, position, hash) FROM STDIN") as copy:
            level, count = 0, size
            while count:
                for position in range(count):
                    copy.write_row((level, position, tree.node(level, position).hex()))
                level, count = level + 1, count // 2
        with raw.copy("COPY registry_logentry (index, kind, subject_type, subject_id, version, "
                      "body, leaf_hash, created_at) FROM STDIN") as copy:
            for index in range(size):
                copy.write_row((index, "bench.entry", "bench", str(index), 0,
                                f'{{"n":{index}}}', tree.leaf(index).hex(), "2026-01-01"))
        cursor.execute("VACUUM ANALYZE registry_treenode")
        cursor.execute("VACUUM ANALYZE registry_logentry")
    edge, level = [], size.bit_length()
    for bit in range(level - 1, -1, -1):  # the complete subtrees of size's binary digits
        if size >> bit & 1:
            edge.append(tree.node(bit, (size >> (bit + 1)) << 1).hex())
    LogHead.objects.update_or_create(pk=1, defaults={"size": size, "edge": edge})
    assert edge_root([bytes.fromhex(h) for h in edge]) == tree.root()
    seconds = time.perf_counter() - started
    print(f"loaded {size:,} entries and their subtree hashes in {seconds:.1f} s")


def _database_proofs(size: int, proofs: int) -> None:
    from sangkien.registry import merkle, services

    root = services.root_at(size)
    rng = random.Random(2)
    latencies, lengths = [], []
    for _ in range(proofs):
        index = rng.randrange(size)
        started = time.perf_counter()
        proof = services.inclusion_proof(index, size)
        latencies.append((time.perf_counter() - started) * 1000)
        lengths.append(len(proof))
        if len(latencies) <= 20:  # a few are checked end to end
            from sangkien.registry.models import LogEntry

            leaf = bytes.fromhex(LogEntry.objects.get(index=index).leaf_hash)
            assert merkle.verify_inclusion(leaf, index, size, proof, root)
    print(f"inclusion proofs from PostgreSQL at {size:,}: median "
          f"{statistics.median(latencies):.2f} ms, p99 {_percentile(latencies, 99):.2f} ms, "
          f"{1000 / statistics.mean(latencies):,.0f}/s; one query each")
    print(f"proof length: {min(lengths)}–{max(lengths)} hashes "
          f"(log2 n = {math.log2(size):.1f}), {max(lengths) * 32} bytes at most")


def _proof_sizes(tree: object, size: int) -> None:
    from sangkien.registry.merkle import inclusion_proof

    print("proof size against log2(n):")
    for n in sorted({*(16 ** k for k in range(1, 6) if 16 ** k <= size), size}):
        longest = max(len(inclusion_proof(i, n, tree.node)) for i in (0, n // 3, n - 1))
        print(f"  n = {n:>9,}: {longest:>2} hashes, ceil(log2 n) = {math.ceil(math.log2(n))}")


def _appends(single: int, batched: int) -> None:
    from django.contrib.contenttypes.models import ContentType

    from sangkien.registry.models import LogHead
    from sangkien.registry.services import NewEntry, registry_append, registry_append_many

    subject = ContentType.objects.first()
    run = f"bench.{time.time_ns()}"
    start_size = LogHead.objects.get(pk=1).size
    started = time.perf_counter()
    for n in range(single):
        registry_append(run, subject, n, {"n": n})  # each its own committed transaction
    one_by_one = time.perf_counter() - started
    started = time.perf_counter()
    for first in range(single, single + batched, 500):  # as the event consumer appends
        registry_append_many([NewEntry(run, subject, n, {"n": n})
                              for n in range(first, min(first + 500, single + batched))])
    in_batches = time.perf_counter() - started
    end_size = LogHead.objects.get(pk=1).size
    assert end_size - start_size == single + batched, "an append went missing"
    print(f"durable appends on PostgreSQL at {start_size:,}+: one per transaction "
          f"{_rate(single, one_by_one)}; in batches of 500 {_rate(batched, in_batches)}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    options = parser.parse_args(argv)
    size = 20_000 if options.smoke else options.entries
    proofs = 2_000 if options.smoke else 20_000
    _configure(options.database_url)
    _, _, tree = _memory_proofs(size, proofs)
    _proof_sizes(tree, size)
    _load(tree, size)
    _database_proofs(size, 500 if options.smoke else 5_000)
    _appends(200 if options.smoke else 2_000, 1_000 if options.smoke else 10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
