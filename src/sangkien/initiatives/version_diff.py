"""What changed between two frozen versions of an initiative (pure: standard library only).

Text is compared word by word, keeping the whitespace, so that the equal and deleted segments
put back together give exactly the old text and the equal and inserted ones the new text.
Lists (fields, authors with their shares, attachments by hash) are compared item by item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

EQUAL, INSERT, DELETE, SKIP = "equal", "insert", "delete", "skip"
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]+")  # spaces, words, punctuation


@dataclass(frozen=True)
class Segment:
    op: str  # equal, insert, delete; skip marks unchanged text left out by `collapse`
    text: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    segments: tuple[Segment, ...]
    is_list: bool = False  # then each segment is one item


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_sequences(old: Sequence[str], new: Sequence[str], glue: str = "") -> list[Segment]:
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(EQUAL, glue.join(old[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment(DELETE, glue.join(old[i1:i2])))
        if j2 > j1:
            segments.append(Segment(INSERT, glue.join(new[j1:j2])))
    return segments


def diff_items(old: Sequence[str], new: Sequence[str]) -> list[Segment]:
    """One segment per item, so that each can be shown on its own line."""
    return [Segment(group.op, item) for group in diff_sequences(old, new, glue="\n")
            for item in group.text.split("\n")]


def diff_text(old: str, new: str) -> list[Segment]:
    return diff_sequences(tokens(old), tokens(new))


def collapse(segments: Sequence[Segment], context: int = 12) -> list[Segment]:
    """Shorten long unchanged runs to `context` words on each side of a change."""
    out: list[Segment] = []
    for n, segment in enumerate(segments):
        parts = tokens(segment.text)  # words and the spaces between them
        keep = 2 * context
        if segment.op != EQUAL or len(parts) <= 2 * keep + 2:
            out.append(segment)
            continue
        head = "".join(parts[:keep]) if n > 0 else ""
        tail = "".join(parts[-keep:]) if n < len(segments) - 1 else ""
        out += [s for s in (Segment(EQUAL, head), Segment(SKIP, "…"), Segment(EQUAL, tail))
                if s.text]
    return out


def _items(value: Any) -> list[str]:
    """A list field as comparable, readable items."""
    items = []
    for item in value or []:
        if isinstance(item, Mapping) and "sha256" in item:
            items.append(f"{item.get('name', '')} (SHA-256 {str(item['sha256'])[:12]}…)")
        elif isinstance(item, Mapping) and "share" in item:
            share = Decimal(str(item["share"])).normalize()  # "60.00" reads as 60%
            items.append(f"{item.get('name', '')} {share:f}%")
        else:
            items.append(str(item))
    return items


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def diff_versions(old: Mapping[str, Any], new: Mapping[str, Any],
                  old_files: Sequence[Mapping[str, Any]] = (),
                  new_files: Sequence[Mapping[str, Any]] = ()) -> list[FieldChange]:
    """The fields that differ, in the order of `new` (then fields only `old` has)."""
    changes = []
    names = [*new, *(name for name in old if name not in new)]
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if isinstance(before, list) or isinstance(after, list):
            changes.append(FieldChange(name, tuple(diff_items(_items(before), _items(after))),
                                       is_list=True))
        else:
            changes.append(FieldChange(name, tuple(diff_text(_text(before), _text(after)))))
    if _items(old_files) != _items(new_files):
        changes.append(FieldChange("attachments", tuple(
            diff_items(_items(old_files), _items(new_files))), is_list=True))
    return changes
