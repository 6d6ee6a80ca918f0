"""Reads of the log: receipts for a version, entries for mirrors."""

from __future__ import annotations

from typing import Any

from sangkien.registry import services
from sangkien.registry.consumers import INITIATIVE_VERSION
from sangkien.registry.keys import verifier
from sangkien.registry.models import Checkpoint, LogEntry
from sangkien.registry.receipts import build_receipt


def entry_for_version(initiative_id: int, number: int) -> LogEntry | None:
    found: LogEntry | None = LogEntry.objects.filter(
        kind=INITIATIVE_VERSION, subject_type="initiatives.initiative",
        subject_id=str(initiative_id), version=number).first()
    return found


def receipt_for(entry: LogEntry) -> dict[str, Any] | None:
    """The receipt against the latest checkpoint (signed now if none covers the entry yet)."""
    checkpoint: Checkpoint | None = Checkpoint.objects.order_by("-size").first()
    if checkpoint is None or checkpoint.size <= entry.index:
        checkpoint = services.checkpoint_sign()
    if checkpoint is None or checkpoint.size <= entry.index:
        return None
    proof = services.inclusion_proof(entry.index, checkpoint.size)
    return build_receipt(entry.body, entry.index, checkpoint.note, proof, verifier())
