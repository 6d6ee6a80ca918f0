"""Search hits made readable: the object, its title and a snippet with the matched words
marked, each cut from the text the hit was scored on (public unless the reader may read the
whole)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from sangkien.accounts.models import ExpertProfile
from sangkien.initiatives.models import Demand, Initiative
from sangkien.matching.collection import Filter
from sangkien.matching.documents import demand_texts, expert_texts, initiative_texts
from sangkien.matching.passages import Piece, highlight
from sangkien.matching.search import Reader, folded_query_words, search


@dataclass(frozen=True)
class Row:
    kind: str
    item: Any
    url: str
    title: list[Piece]
    snippet: list[Piece]
    whole_text: bool
    score: float


def _body(text: str, title: str) -> str:
    return text[len(title):].lstrip() if text.startswith(title) else text


def search_rows(reader: Reader, query: str, rule: Filter, limit: int = 20,
                ) -> tuple[list[Row], int]:
    found, total = search(reader, query, rule, limit)
    wanted = folded_query_words(query)
    ids: dict[str, list[int]] = {}
    for f in found:
        ids.setdefault(f.hit.kind, []).append(f.hit.object_id)
    initiatives = Initiative.objects.select_related("province").in_bulk(ids.get("initiative", []))
    demands = Demand.objects.select_related("province").in_bulk(ids.get("demand", []))
    experts = {p.user_id: p for p in ExpertProfile.objects.select_related("user").filter(
        user_id__in=ids.get("expert", []))}
    rows = []
    for f in found:
        kind, pk = f.hit.kind, f.hit.object_id
        item: Any
        if kind == "initiative" and pk in initiatives:
            texts = initiative_texts(initiatives[pk])
            item, url = initiatives[pk], reverse("initiatives:detail", args=[pk])
        elif kind == "demand" and pk in demands:
            texts = demand_texts(demands[pk])
            item, url = demands[pk], reverse("demands:detail", args=[pk])
        elif kind == "expert" and pk in experts:
            texts = expert_texts(experts[pk])
            item, url = experts[pk], ""
        else:
            continue
        text = texts.full if f.whole_text else texts.public
        rows.append(Row(kind, item, url, highlight(texts.title, wanted, 40),
                        highlight(_body(text, texts.title), wanted), f.whole_text,
                        f.hit.score))
    return rows, total
