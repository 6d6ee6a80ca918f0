"""Receipts: everything needed to prove, offline and years later, what was received and when.

A receipt holds the log entry (canonical JSON), its index, the inclusion proof up to a signed
checkpoint, and the verifier key of the log. `verify_receipt` needs no database and no
network; given files, it also says whether each one is the content or an attachment the entry
names. Pure: the standard library and this package's merkle and note modules only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import rfc8785

from sangkien.registry import merkle
from sangkien.registry.note import Checkpoint, NoteError, Verifier, open_note

FORMAT = "sangkien-receipt/1"


def build_receipt(entry_json: str, index: int, checkpoint_note: str, proof: list[bytes],
                  verifier: Verifier) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "log": verifier.name,
        "verifier_key": str(verifier),
        "index": index,
        "entry": entry_json,
        "inclusion_proof": [base64.b64encode(p).decode() for p in proof],
        "checkpoint": checkpoint_note,
    }


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # name → what it matched, or "no match"

    @property
    def ok(self) -> bool:
        return not self.problems and all(v != "no match" for v in self.files.values())


def verify_receipt(receipt: Mapping[str, Any], file_hashes: Mapping[str, str] | None = None,
                   trusted_key: str | None = None) -> Report:
    """`file_hashes` maps a file's name to its SHA-256 (hex); see `sha256_of`."""
    """Check signature, inclusion and entry; each check that fails is named in the report."""
    report = Report()
    try:
        if receipt.get("format") != FORMAT:
            raise NoteError(f"not a receipt of format {FORMAT}")
        embedded = Verifier.parse(str(receipt["verifier_key"]))
        verifier = Verifier.parse(trusted_key) if trusted_key else embedded
        if trusted_key and str(verifier) != str(embedded):
            report.problems.append("the receipt names another key than the trusted one")
        checkpoint = Checkpoint.parse(open_note(str(receipt["checkpoint"]), verifier))
        report.facts.append(f"checkpoint signed by {verifier.name} (key {verifier.key_id.hex()})"
                            f": tree of {checkpoint.size} entries")
        entry_json = str(receipt["entry"])
        entry = json.loads(entry_json)
        if rfc8785.dumps(entry).decode() != entry_json:
            report.problems.append("the entry is not in canonical JSON (RFC 8785)")
        index = int(receipt["index"])
        proof = [base64.b64decode(p, validate=True) for p in receipt["inclusion_proof"]]
        leaf = merkle.leaf_hash(entry_json.encode())
        if merkle.verify_inclusion(leaf, index, checkpoint.size, proof, checkpoint.root):
            report.facts.append(f"entry {index} is in the signed tree")
        else:
            report.problems.append("the inclusion proof does not lead to the signed root")
    except (NoteError, KeyError, TypeError, ValueError) as error:
        report.problems.append(str(error) or type(error).__name__)
        return report
    named = {entry.get("content_sha256"): "the content of the version"}
    for attachment in entry.get("attachments", []):
        named.setdefault(attachment.get("sha256"), "an attachment of the version")
    for name, digest in (file_hashes or {}).items():
        report.files[name] = named.get(digest, "no match")
    return report


def sha256_of(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
