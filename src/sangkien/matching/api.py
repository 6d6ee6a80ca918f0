"""JSON search: the same index and the same scope as the search page (the browser session
decides what the caller may read)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sangkien.initiatives.selectors import field_and_subfields
from sangkien.matching.collection import KINDS, Filter
from sangkien.matching.passages import Piece
from sangkien.matching.results import search_rows
from sangkien.matching.search import reader_of
from sangkien.matching.text import MAX_QUERY_CHARS

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS,
                   description="Words in Vietnamese or English, with or without diacritics")
    kind: Literal["", "initiative", "demand", "expert"] = ""
    field: str = ""
    province: int | None = None
    limit: int = Field(20, ge=1, le=100)


class Highlighted(Schema):
    text: str
    marked: bool


class SearchHit(Schema):
    kind: str
    id: int
    title: list[Highlighted]
    snippet: list[Highlighted]
    url: str
    score: float
    whole_text: bool = Field(description="Scored on text only the caller may read")


class SearchResults(Schema):
    total: int
    items: list[SearchHit]


def _pieces(pieces: list[Piece]) -> list[dict[str, Any]]:
    return [{"text": p.text, "marked": p.marked} for p in pieces]


@router.get("/search", response=SearchResults, summary="Search initiatives, demands, experts")
def search(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    from django.core.exceptions import ValidationError

    if not any(ch.isalnum() for ch in query.q):
        raise ValidationError({"q": [_("Type at least one word or number to search for.")]})
    rule = Filter(kinds=frozenset([query.kind] if query.kind else KINDS),
                  province=query.province,
                  fields=field_and_subfields(query.field) if query.field else ())
    rows, total = search_rows(reader_of(request.user), query.q, rule, query.limit)
    return {"total": total, "items": [
        {"kind": r.kind, "id": getattr(r.item, "user_id", None) or r.item.pk,
         "title": _pieces(r.title), "snippet": _pieces(r.snippet), "url": r.url,
         "score": round(r.score, 4), "whole_text": r.whole_text} for r in rows]}
