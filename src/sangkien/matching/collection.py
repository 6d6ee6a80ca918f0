"""A searchable collection: documents of several kinds, their filterable facts, a built BM25
segment and the documents changed since it was built (pure, no Django).

The platform keeps two collections. The public one holds only text anyone may read, so its
statistics, scores, snippets and reasons owe nothing to confidential text; the full one holds
each initiative's whole text, and a reader only ever gets from it the initiatives they may
read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sangkien.matching.bm25 import Segment

KINDS = ("initiative", "demand", "expert")


@dataclass(frozen=True)
class Facts:
    """What a document can be filtered on; `listed` is false for anything the public may not
    find (drafts, withdrawn initiatives, closed demands are still listed)."""

    kind: str
    object_id: int
    listed: bool = True
    province: int | None = None
    unit: int | None = None
    state: str = ""
    category: str = ""
    trl: int | None = None
    fields: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.object_id)


@dataclass(frozen=True)
class Filter:
    """Which documents a search may return. `fields` matches any of the codes given; a unit
    set and an id set, when given, admit a document that is in either (what a reader may
    read: their units' initiatives and the ones they author or review)."""

    kinds: frozenset[str] = frozenset(KINDS)
    listed_only: bool = True
    province: int | None = None
    state: str = ""
    category: str = ""
    trl: int | None = None
    fields: tuple[str, ...] = ()
    readable_units: frozenset[int] | None = None
    readable_ids: frozenset[int] | None = None
    unreadable_units: frozenset[int] | None = None  # the complement: initiatives not read
    unreadable_ids: frozenset[int] | None = None
    exclude: frozenset[tuple[str, int]] = frozenset()

    def admits(self, facts: Facts) -> bool:
        if facts.kind not in self.kinds or (self.listed_only and not facts.listed):
            return False
        if self.province is not None and facts.province != self.province:
            return False
        if (self.state and facts.state != self.state) or (
                self.category and facts.category != self.category):
            return False
        if self.trl is not None and facts.trl != self.trl:
            return False
        if self.fields and not set(self.fields) & set(facts.fields):
            return False
        if (self.readable_units is not None or self.readable_ids is not None) and not (
                facts.unit in (self.readable_units or ()) or
                facts.object_id in (self.readable_ids or ())):
            return False
        if facts.kind == "initiative" and (facts.unit in (self.unreadable_units or ()) or
                                           facts.object_id in (self.unreadable_ids or ())):
            return False
        return facts.key not in self.exclude


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    score: float


class _Columns:
    """The facts of the built documents as arrays, so a filter is a few vector operations."""

    def __init__(self, facts: Sequence[Facts]) -> None:
        self.kind = np.array([KINDS.index(f.kind) for f in facts], dtype=np.int8)
        self.object_id = np.array([f.object_id for f in facts], dtype=np.int64)
        self.listed = np.array([f.listed for f in facts], dtype=bool)
        self.province = np.array([f.province or -1 for f in facts], dtype=np.int32)
        self.unit = np.array([f.unit or -1 for f in facts], dtype=np.int32)
        self.trl = np.array([f.trl or -1 for f in facts], dtype=np.int8)
        self.labels = sorted({f.state for f in facts} | {f.category for f in facts})
        index = {label: i for i, label in enumerate(self.labels)}
        self.state = np.array([index[f.state] for f in facts], dtype=np.int16)
        self.category = np.array([index[f.category] for f in facts], dtype=np.int16)
        self.field_codes = sorted({c for f in facts for c in f.fields})
        code_index = {c: i for i, c in enumerate(self.field_codes)}
        self.fields = np.zeros((len(facts), max(len(self.field_codes), 1)), dtype=bool)
        for row, f in enumerate(facts):
            for code in f.fields:
                self.fields[row, code_index[code]] = True
        self.rows = {f.key: row for row, f in enumerate(facts)}
        self.facts = list(facts)

    def mask(self, rule: Filter) -> np.ndarray:
        keep = np.isin(self.kind, [KINDS.index(k) for k in rule.kinds])
        if rule.listed_only:
            keep &= self.listed
        if rule.province is not None:
            keep &= self.province == rule.province
        for wanted, column in ((rule.state, self.state), (rule.category, self.category)):
            if wanted:
                keep &= column == (self.labels.index(wanted) if wanted in self.labels else -1)
        if rule.trl is not None:
            keep &= self.trl == rule.trl
        if rule.fields:
            columns = [self.field_codes.index(c) for c in rule.fields if c in self.field_codes]
            keep &= self.fields[:, columns].any(axis=1) if columns else False
        if rule.readable_units is not None or rule.readable_ids is not None:
            keep &= (np.isin(self.unit, list(rule.readable_units or ())) |
                     np.isin(self.object_id, list(rule.readable_ids or ())))
        if rule.unreadable_units or rule.unreadable_ids:
            keep &= ~((self.kind == KINDS.index("initiative")) &
                      (np.isin(self.unit, list(rule.unreadable_units or ())) |
                       np.isin(self.object_id, list(rule.unreadable_ids or ()))))
        for key in rule.exclude:
            row = self.rows.get(key)
            if row is not None:
                keep[row] = False
        return keep


@dataclass
class Collection:
    segment: Segment
    columns: _Columns
    changed: dict[tuple[str, int], tuple[Facts, list[str]]] = field(default_factory=dict)

    @classmethod
    def build(cls, documents: Sequence[tuple[Facts, Sequence[str]]]) -> Collection:
        return cls(Segment.build([tokens for _, tokens in documents]),
                   _Columns([facts for facts, _ in documents]))

    def with_changes(self, changes: Iterable[tuple[Facts, list[str]]]) -> Collection:
        """This collection with documents added or replaced since the build (not copied)."""
        changed = dict(self.changed)
        for facts, tokens in changes:
            changed[facts.key] = (facts, tokens)
        return Collection(self.segment, self.columns, changed)

    @property
    def size(self) -> int:
        return self.segment.n_docs + sum(1 for k in self.changed if k not in self.columns.rows)

    def vocabulary(self) -> set[str] | dict[str, int]:
        if not self.changed:
            return self.segment.vocabulary
        return set(self.segment.vocabulary) | {t for _, ts in self.changed.values() for t in ts}

    def search(self, tokens: Sequence[str], rule: Filter, limit: int = 10,
               ) -> tuple[list[Hit], int]:
        """The best `limit` documents the rule admits, best first, and how many matched
        (scored above zero) in all."""
        if not tokens or limit <= 0:
            return [], 0
        hits: list[Hit] = []
        total = 0
        if self.segment.n_docs:
            scores = self.segment.scores(tokens)
            keep = self.columns.mask(rule) & (scores > 0)
            for key in self.changed:
                row = self.columns.rows.get(key)
                if row is not None:
                    keep[row] = False
            candidates = np.flatnonzero(keep)
            total += len(candidates)
            if len(candidates) > limit:
                best = np.argpartition(-scores[candidates], limit - 1)[:limit]
                candidates = candidates[best]
            hits += [Hit(KINDS[self.columns.kind[r]], int(self.columns.object_id[r]),
                         float(scores[r])) for r in candidates]
        admitted = [(f, t) for f, t in self.changed.values() if rule.admits(f)]
        if admitted:
            scores = self.segment.score_documents(tokens, [t for _, t in admitted])
            found = [Hit(f.kind, f.object_id, float(s))
                     for (f, _), s in zip(admitted, scores, strict=True) if s > 0]
            hits += found
            total += len(found)
        hits.sort(key=lambda h: (-h.score, h.kind, h.object_id))
        return hits[:limit], total

    def save(self, directory: Path) -> None:
        self.segment.save(directory)
        (directory / "facts.json").write_text(json.dumps(
            [[f.kind, f.object_id, f.listed, f.province, f.unit, f.state, f.category, f.trl,
              list(f.fields)] for f in self.columns.facts], ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> Collection:
        rows = json.loads((directory / "facts.json").read_text())
        facts = [Facts(k, i, bool(li), p, u, s, c, t, tuple(fs))
                 for k, i, li, p, u, s, c, t, fs in rows]
        return cls(Segment.load(directory), _Columns(facts))

    @classmethod
    def empty(cls) -> Collection:
        return cls(Segment.build([]), _Columns([]))
