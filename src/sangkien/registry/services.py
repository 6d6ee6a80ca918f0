"""Appending to the log, signing checkpoints, and reading proofs back from storage.

Appends take the one `LogHead` row with SELECT … FOR UPDATE, so concurrent appends from any
number of processes get consecutive indexes with no gap and no duplicate; the entry, the
subtree hashes it completes and the new head commit together. Signing a checkpoint is a
separate step after the commit: a crash in between loses nothing, because the next checkpoint
covers every entry stored so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rfc8785
from django.conf import settings
from django.db import connection, models, transaction

from sangkien.registry import merkle
from sangkien.registry.keys import signer
from sangkien.registry.models import Checkpoint, LogEntry, LogHead, TreeNode
from sangkien.registry.note import Checkpoint as CheckpointText
from sangkien.registry.note import sign_note


def canonical(body: Mapping[str, Any]) -> bytes:
    return rfc8785.dumps(dict(body))


@dataclass(frozen=True)
class NewEntry:
    kind: str
    subject: models.Model
    version: int
    body: Mapping[str, Any]

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.kind, self.subject._meta.label_lower, str(self.subject.pk), self.version)


def registry_append(kind: str, subject: models.Model, version: int,
                    body: Mapping[str, Any]) -> LogEntry:
    """Add one entry (or return the one already there for this subject and version)."""
    return registry_append_many([NewEntry(kind, subject, version, body)])[0]


@transaction.atomic
def registry_append_many(items: Sequence[NewEntry]) -> list[LogEntry]:
    """Append entries in order under one lock of the head; those already in the log (an event
    delivered twice) are returned as they are, not appended again."""
    head = LogHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # a flushed database; the migration normally makes the row
        LogHead.objects.get_or_create(pk=1)
        head = LogHead.objects.select_for_update().get(pk=1)
    existing = _existing({item.key for item in items})
    edge = [bytes.fromhex(h) for h in head.edge]
    size, entries, nodes, out = head.size, [], [], []
    for item in items:
        if item.key in existing:
            out.append(existing[item.key])
            continue
        body = canonical(item.body)
        leaf = merkle.leaf_hash(body)
        edge, made = merkle.edge_append(edge, size, leaf)
        kind, subject_type, subject_id, version = item.key
        entry = LogEntry(index=size, kind=kind, subject_type=subject_type,
                         subject_id=subject_id, version=version, body=body.decode(),
                         leaf_hash=leaf.hex())
        entries.append(entry)
        existing[item.key] = entry
        out.append(entry)
        nodes += [TreeNode(level=level, position=position, hash=digest.hex())
                  for level, position, digest in made]
        size += 1
    if entries:
        LogEntry.objects.bulk_create(entries)
        TreeNode.objects.bulk_create(nodes)
        head.size, head.edge = size, [h.hex() for h in edge]
        head.save(update_fields=["size", "edge"])
        _queue_signing()
    return out


def _existing(keys: set[tuple[str, str, str, int]]) -> dict[tuple[str, str, str, int], LogEntry]:
    groups: dict[tuple[str, str], set[str]] = {}
    for kind, subject_type, subject_id, _ in keys:
        groups.setdefault((kind, subject_type), set()).add(subject_id)
    match = models.Q(pk__in=[])
    for (kind, subject_type), ids in groups.items():
        match |= models.Q(kind=kind, subject_type=subject_type, subject_id__in=sorted(ids))
    if not groups:
        return {}
    found = {(e.kind, e.subject_type, e.subject_id, e.version): e
             for e in LogEntry.objects.filter(match)}
    return {key: entry for key, entry in found.items() if key in keys}


def _signing_queued() -> None:
    """Marks, among the transaction's on-commit callbacks, that a signing is queued."""


def _queue_signing() -> None:
    """One checkpoint signing per transaction, however many entries it appends."""

    if any(entry[1] is _signing_queued for entry in connection.run_on_commit):
        return
    from sangkien.registry.tasks import sign_checkpoint

    transaction.on_commit(sign_checkpoint.enqueue)
    transaction.on_commit(_signing_queued)


def checkpoint_sign() -> Checkpoint | None:
    """Sign the current tree head unless the latest checkpoint already covers it."""
    head = LogHead.objects.filter(pk=1).first()
    if head is None or head.size == 0:
        return None
    latest: Checkpoint | None = Checkpoint.objects.order_by("-size").first()
    if latest is not None and latest.size >= head.size:
        return latest
    root = merkle.edge_root([bytes.fromhex(h) for h in head.edge])
    note = sign_note(CheckpointText(settings.REGISTRY_ORIGIN, head.size, root).text(),
                     signer())
    checkpoint: Checkpoint = Checkpoint.objects.get_or_create(
        size=head.size, defaults={"root": root.hex(), "note": note})[0]
    return checkpoint


def stored_nodes(wanted: Iterable[tuple[int, int]]) -> merkle.NodeLookup:
    """One query for every node a proof needs, as a lookup for `merkle`'s functions."""
    wanted = set(wanted)
    if not wanted:
        return lambda level, position: bytes(merkle.HASH_SIZE)
    found = {(level, position): bytes.fromhex(digest)
             for level, position, digest in _fetch_nodes(sorted(wanted))}
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"the log's storage lacks subtree hashes {sorted(missing)[:5]}")
    return lambda level, position: found[(level, position)]


def _fetch_nodes(keys: list[tuple[int, int]]) -> Iterable[tuple[int, int, str]]:
    if connection.vendor == "postgresql":
        # Pairs as two arrays: one index probe each, and a statement that is always the same.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n.level, n.position, n.hash FROM registry_treenode n JOIN "
                "unnest(%s::smallint[], %s::bigint[]) AS k(level, position) "
                "ON n.level = k.level AND n.position = k.position",
                [[k[0] for k in keys], [k[1] for k in keys]])
            return list(cursor.fetchall())
    match = models.Q(pk__in=[])
    for level in {level for level, _ in keys}:
        match |= models.Q(level=level, position__in=[p for lv, p in keys if lv == level])
    return TreeNode.objects.filter(match).values_list("level", "position", "hash")


def inclusion_proof(index: int, size: int) -> list[bytes]:
    needed = merkle.nodes_needed(lambda node: merkle.inclusion_proof(index, size, node))
    return merkle.inclusion_proof(index, size, stored_nodes(needed))


def consistency_proof(first: int, second: int) -> list[bytes]:
    needed = merkle.nodes_needed(lambda node: merkle.consistency_proof(first, second, node))
    return merkle.consistency_proof(first, second, stored_nodes(needed))


def root_at(size: int) -> bytes:
    needed = merkle.nodes_needed(lambda node: merkle.root(size, node))
    return merkle.root(size, stored_nodes(needed))


def registry_audit() -> tuple[int, list[str]]:
    """Recompute the tree from the stored entries; name every entry that storage altered,
    removed or reordered, and every checkpoint the entries no longer match."""
    from sangkien.registry.keys import verifier
    from sangkien.registry.note import NoteError, open_note

    problems: list[str] = []
    tree = merkle.Tree()
    leaves = {n.position: n.hash for n in TreeNode.objects.filter(level=0).only(
        "position", "hash")}
    expected = 0
    for entry in LogEntry.objects.order_by("index").iterator(chunk_size=5000):
        while expected < entry.index:
            problems.append(f"entry {expected} is missing (removed from storage)")
            tree.append_leaf_hash(bytes.fromhex(leaves.get(expected, "00" * 32)))
            expected += 1
        leaf = merkle.leaf_hash(entry.body.encode())
        if leaf.hex() != entry.leaf_hash:
            problems.append(f"entry {entry.index} was altered: its text no longer hashes to "
                            "its leaf hash")
        elif leaves.get(entry.index) != leaf.hex():
            problems.append(f"entry {entry.index} was altered or moved: it is not the leaf "
                            "the tree recorded at that position")
        tree.append_leaf_hash(leaf)
        expected += 1
    head = LogHead.objects.filter(pk=1).first()
    if head is not None and head.size != tree.size:
        problems.append(f"the log should hold {head.size} entries; storage has {tree.size}")
    key = verifier()
    for checkpoint in Checkpoint.objects.order_by("size"):
        try:
            open_note(checkpoint.note, key)
        except NoteError:
            problems.append(f"checkpoint {checkpoint.size} does not carry a valid signature")
        if checkpoint.size > tree.size:
            problems.append(f"checkpoint {checkpoint.size} covers entries that are gone")
        elif tree.root(checkpoint.size).hex() != checkpoint.root:
            problems.append(f"checkpoint {checkpoint.size} no longer matches the entries "
                            "before it")
    return tree.size, problems
