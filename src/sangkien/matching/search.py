"""Searching the index as a given reader, with snippets cut from what that reader may read.

Anyone searches the public collection. A reader who may read some initiatives' confidential
text (their authors, the officers of the handling unit, experts assigned in a single-blind
call, admins) has those initiatives scored on their whole text from the full collection,
and every other initiative on its public text; officers and admins also find experts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sangkien.accounts.models import Role
from sangkien.accounts.permissions import has_role, is_admin
from sangkien.matching.collection import Collection, Filter, Hit
from sangkien.matching.indexing import facts_from_json, split
from sangkien.matching.models import IndexBuild, IndexCounter, SearchDocument
from sangkien.matching.text import TypoFixer, is_folded, is_unigram, query_tokens


@dataclass
class _Loaded:
    epoch: str
    build_id: int | None
    seen: int
    public: Collection
    full: Collection
    fixers: dict[int, TypoFixer]


_lock = threading.Lock()
_loaded: _Loaded | None = None


def collections() -> tuple[Collection, Collection]:
    """The public and full collections as of now: the latest build plus what changed since.

    Each process keeps the build it loaded (memory-mapped) and reads only the documents
    written after the generation it has seen, so a search costs a few small queries.
    """
    global _loaded
    counter = IndexCounter.objects.filter(pk=1).values_list("epoch", "generation").first()
    epoch, generation = counter or ("", 0)
    build = IndexBuild.objects.order_by("-id").values("id", "generation", "directory").first()
    with _lock:
        loaded = _loaded
        if (loaded is None or loaded.epoch != epoch
                or loaded.build_id != (build["id"] if build else None)):
            loaded = _load(epoch, build)
        if generation > loaded.seen:
            loaded = _with_changes(loaded)
        _loaded = loaded
        return loaded.public, loaded.full


def _load(epoch: str, build: Any) -> _Loaded:
    if build is None or not Path(build["directory"]).exists():
        return _Loaded(epoch, build["id"] if build else None, 0, Collection.empty(),
                       Collection.empty(), {})
    directory = Path(build["directory"])
    return _Loaded(epoch, build["id"], build["generation"],
                   Collection.load(directory / "public"), Collection.load(directory / "full"),
                   {})


def _with_changes(loaded: _Loaded) -> _Loaded:
    rows = list(SearchDocument.objects.filter(generation__gt=loaded.seen)
                .values_list("kind", "object_id", "facts", "public_tokens", "full_tokens",
                             "generation").order_by("generation"))
    if not rows:
        return loaded
    public, full = [], []
    for kind, object_id, data, public_tokens, full_tokens, _ in rows:
        to_public, to_full = split(kind, facts_from_json(data, kind, object_id),
                                   public_tokens, full_tokens)
        if to_public is not None:
            public.append(to_public)
        if to_full is not None:
            full.append(to_full)
    return _Loaded(loaded.epoch, loaded.build_id, rows[-1][-1],
                   loaded.public.with_changes(public), loaded.full.with_changes(full), {})


def _fixer(collection: Collection) -> TypoFixer:
    """Typos are corrected against the vocabulary of the collection searched, so a public
    query is never corrected towards a word only confidential text contains."""
    with _lock:
        fixers = _loaded.fixers if _loaded is not None else {}
        if id(collection) not in fixers:
            fixers[id(collection)] = TypoFixer(collection.vocabulary())
        return fixers[id(collection)]


@dataclass(frozen=True)
class Reader:
    """What a user may search beyond the public text."""

    everything: bool = False
    units: frozenset[int] = frozenset()
    initiatives: frozenset[int] = frozenset()
    experts: bool = False

    @property
    def reads_confidential(self) -> bool:
        return self.everything or bool(self.units) or bool(self.initiatives)

    def may_read(self, unit: int | None, initiative: int) -> bool:
        return self.everything or unit in self.units or initiative in self.initiatives


PUBLIC = Reader()


def reader_of(user: Any) -> Reader:
    if not getattr(user, "is_authenticated", False):
        return PUBLIC
    if is_admin(user):
        return Reader(everything=True, experts=True)
    from sangkien.initiatives.models import Initiative

    units = frozenset(user.postings.values_list("unit_id", flat=True))
    own = set(Initiative.objects.filter(proposer=user).values_list("pk", flat=True))
    own |= set(user.authorships.values_list("initiative_id", flat=True))
    own |= set(user.review_assignments.filter(withdrawn_at__isnull=True, call__blind="single")
               .values_list("initiative_id", flat=True))
    return Reader(units=units, initiatives=frozenset(own),
                  experts=bool(units) or has_role(user, Role.OFFICER))


@dataclass(frozen=True)
class Found:
    """A hit and whether it was scored on the whole (confidential) text."""

    hit: Hit
    whole_text: bool


def search(reader: Reader, query: str, rule: Filter, limit: int = 20) -> tuple[list[Found], int]:
    """The best `limit` documents for the reader, and how many matched in all."""
    public, full = collections()
    if not reader.experts:
        rule = replace(rule, kinds=rule.kinds - {"expert"})
    found: list[Found] = []
    total = 0
    public_kinds = rule.kinds - {"expert"}
    if reader.reads_confidential and "initiative" in rule.kinds:
        readable = (replace(rule, kinds=frozenset({"initiative"}), listed_only=False)
                    if reader.everything else
                    replace(rule, kinds=frozenset({"initiative"}), listed_only=False,
                            readable_units=reader.units, readable_ids=reader.initiatives))
        hits, count = full.search(query_tokens(query, _fixer(full)), readable, limit)
        found += [Found(h, True) for h in hits]
        total += count
        if reader.everything:
            public_kinds -= {"initiative"}
        rule = replace(rule, unreadable_units=reader.units, unreadable_ids=reader.initiatives)
    if public_kinds:
        hits, count = public.search(query_tokens(query, _fixer(public)),
                                    replace(rule, kinds=public_kinds), limit)
        found += [Found(h, False) for h in hits]
        total += count
    if "expert" in rule.kinds:
        experts = replace(rule, kinds=frozenset({"expert"}), listed_only=False,
                          unreadable_units=None, unreadable_ids=None)
        hits, count = full.search(query_tokens(query, _fixer(full)), experts, limit)
        found += [Found(h, False) for h in hits]
        total += count
    found.sort(key=lambda f: (-f.hit.score, f.hit.kind, f.hit.object_id))
    return found[:limit], total


def folded_query_words(query: str) -> set[str]:
    return {t for t in query_tokens(query) if is_unigram(t) and is_folded(t)}
