"""Keeping the search index current: documents written from events, builds on disk.

An event about an initiative, a demand or an expert profile rewrites that object's document
(the worker does it within a second or two of the change); every search then scores the
documents changed since the last build alongside the build itself. Once enough have
changed, a background build folds them in. `sangkien index rebuild` re-reads everything.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.db import transaction

from sangkien.accounts.models import ExpertProfile
from sangkien.initiatives.models import Demand, Initiative
from sangkien.matching.collection import Collection, Facts
from sangkien.matching.documents import Texts, texts_of
from sangkien.matching.models import IndexBuild, IndexCounter, SearchDocument
from sangkien.matching.text import analyse

Key = tuple[str, int]
KEEP_BUILDS = 2


def facts_from_json(data: dict[str, object], kind: str, object_id: int) -> Facts:
    values = {k: v for k, v in data.items() if k in Facts.__dataclass_fields__}
    values["fields"] = tuple(data.get("fields") or ())  # type: ignore[arg-type]
    return Facts(**{**values, "kind": kind, "object_id": object_id})  # type: ignore[arg-type]


def _counter() -> IndexCounter:
    IndexCounter.objects.get_or_create(pk=1)
    return IndexCounter.objects.select_for_update().get(pk=1)


def index_objects(keys: Iterable[Key], *, schedule_build: bool = True) -> int:
    """Rewrite the documents of these objects from their current state; returns how many.

    An object that no longer exists keeps an empty, unlisted document, so the built index
    stops returning it before the next build.
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        return 0
    with transaction.atomic():
        counter = _counter()
        for kind, object_id in keys:
            counter.generation += 1
            texts = texts_of(kind, object_id)
            SearchDocument.objects.update_or_create(
                kind=kind, object_id=object_id, defaults=_document_fields(texts, counter))
        counter.save(update_fields=["generation"])
        if schedule_build and pending_documents() >= settings.SEARCH_MERGE_AFTER:
            from sangkien.matching.tasks import build_search_index

            build_search_index.enqueue()  # its row commits with the documents
    return len(keys)


def _document_fields(texts: Texts | None, counter: IndexCounter) -> dict[str, object]:
    if texts is None:
        return {"public_tokens": "", "full_tokens": "", "facts": {"listed": False},
                "generation": counter.generation}
    facts = asdict(texts.facts)
    del facts["kind"], facts["object_id"]
    full = " ".join(analyse(texts.full)) if texts.full != texts.public else ""
    return {"public_tokens": " ".join(analyse(texts.public)), "full_tokens": full,
            "facts": facts, "generation": counter.generation}


def _built_generation() -> int:
    build = IndexBuild.objects.order_by("-id").first()
    return build.generation if build is not None else 0


def pending_documents() -> int:
    """Documents written since the last build (every search scores them one by one)."""
    return SearchDocument.objects.filter(generation__gt=_built_generation()).count()


def all_keys() -> list[Key]:
    return ([("initiative", pk) for pk in Initiative.objects.values_list("pk", flat=True)] +
            [("demand", pk) for pk in Demand.objects.values_list("pk", flat=True)] +
            [("expert", pk) for pk in ExpertProfile.objects.values_list("user_id", flat=True)])


def split(kind: str, facts: Facts, public_tokens: str, full_tokens: str,
          ) -> tuple[tuple[Facts, list[str]] | None, tuple[Facts, list[str]] | None]:
    """Where a document goes: (public collection, full collection).

    The public collection holds listed initiatives' public text and demands; the full one
    every initiative's whole text and the experts. Unlisted initiatives stay out of the
    public collection altogether, so not even its statistics know their words.
    """
    public = public_tokens.split()
    full = full_tokens.split() if full_tokens else public
    if kind == "initiative":
        return ((facts, public if facts.listed else []), (facts, full))
    if kind == "demand":
        return ((facts, public), None)
    return (None, (facts, full))


def build_index() -> IndexBuild:
    """Build both collections from every document up to the current generation, on disk."""
    started = time.perf_counter()
    generation = IndexCounter.objects.filter(pk=1).values_list("generation", flat=True).first()
    generation = generation or 0
    public: list[tuple[Facts, list[str]]] = []
    full: list[tuple[Facts, list[str]]] = []
    rows = (SearchDocument.objects.filter(generation__lte=generation)
            .values_list("kind", "object_id", "facts", "public_tokens", "full_tokens")
            .order_by("id"))
    for kind, object_id, data, public_tokens, full_tokens in rows.iterator(chunk_size=2000):
        facts = facts_from_json(data, kind, object_id)
        to_public, to_full = split(kind, facts, public_tokens, full_tokens)
        if to_public is not None and (kind != "initiative" or facts.listed):
            public.append(to_public)
        if to_full is not None:
            full.append(to_full)
    directory = Path(settings.SEARCH_INDEX_DIR) / f"build-{uuid.uuid4().hex[:12]}"
    Collection.build(public).save(directory / "public")
    Collection.build(full).save(directory / "full")
    build = IndexBuild.objects.create(generation=generation, directory=str(directory),
                                      documents=len(full) + sum(1 for f, _ in public
                                                                if f.kind == "demand"),
                                      seconds=time.perf_counter() - started)
    _remove_old_builds()
    return build


def _remove_old_builds() -> None:
    """Older builds go; a process still reading one keeps its open files until it reloads."""
    for old in IndexBuild.objects.order_by("-id")[KEEP_BUILDS:]:
        shutil.rmtree(old.directory, ignore_errors=True)
        old.delete()


def rebuild() -> IndexBuild:
    """`sangkien index rebuild`: re-read every object, then build."""
    keys = all_keys()
    live = set(keys)
    gone = [(k, o) for k, o in SearchDocument.objects.values_list("kind", "object_id")
            if (k, o) not in live]
    for start in range(0, len(keys) + len(gone), 1000):
        index_objects((keys + gone)[start:start + 1000], schedule_build=False)
    return build_index()
