"""Near-duplicates of an initiative among those already received, from any province.

The new initiative is compared on its whole text, but each earlier one only on its public
text, and passages are cut from that public text: the proposer who sees the warning learns
nothing they could not read in the catalogue, and so does the officer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sangkien.initiatives.models import Initiative
from sangkien.matching.collection import Filter
from sangkien.matching.documents import initiative_texts
from sangkien.matching.models import DuplicateFlag
from sangkien.matching.passages import shared_passages
from sangkien.matching.resemblance import Resemblance, resemblance
from sangkien.matching.search import collections
from sangkien.matching.text import analyse, comparable_words

CANDIDATES = 20
QUERY_TOKENS = 400


@dataclass(frozen=True)
class Similar:
    initiative: Initiative
    resemblance: Resemblance
    passages: list[str]


def document_query(text: str) -> list[str]:
    """A whole document as a query: its distinct tokens, the first few hundred."""
    return list(dict.fromkeys(analyse(text)))[:QUERY_TOKENS]


def similar_initiatives(initiative: Initiative, limit: int = 5) -> list[Similar]:
    """Listed initiatives received before this one that it nearly repeats, closest first."""
    received = initiative.received_at or timezone.now()
    texts = initiative_texts(initiative)
    public, _ = collections()
    rule = Filter(kinds=frozenset({"initiative"}),
                  exclude=frozenset({("initiative", initiative.pk)}))
    hits, _ = public.search(document_query(texts.full), rule, CANDIDATES)
    others = Initiative.objects.select_related("province").in_bulk([h.object_id for h in hits])
    mine = [comparable_words(texts.public), comparable_words(texts.full)]
    found = []
    for hit in hits:
        other = others.get(hit.object_id)
        if (other is None or not other.is_listed or other.first_received_at is None
                or other.first_received_at >= received):
            continue
        their_text = initiative_texts(other).public
        measured = resemblance(mine, comparable_words(their_text), public.segment.idf)
        if measured.is_duplicate:
            found.append(Similar(other, measured, shared_passages(texts.full, their_text)))
    found.sort(key=lambda s: -s.resemblance.score)
    return found[:limit]


def flag_duplicates(initiative: Initiative) -> int:
    """Replace the initiative's duplicate flags by what it resembles now; returns how many."""
    similar = similar_initiatives(initiative)
    with transaction.atomic():
        DuplicateFlag.objects.filter(initiative=initiative).delete()
        DuplicateFlag.objects.bulk_create(
            DuplicateFlag(initiative=initiative, other=s.initiative,
                          score=s.resemblance.score, passages=s.passages) for s in similar)
    return len(similar)
