"""Recommendations with reasons: demands for an initiative, initiatives and experts for a
demand, initiatives for an investor.

Candidates come from the index, searched with the item's own text as the query; the blend
of text, fields and province in `recommend.reasons` orders them. Only public text is
searched and quoted, except the initiative's own text when its reader may read it all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sangkien.accounts.models import ExpertProfile
from sangkien.initiatives.models import Demand, DemandState, Initiative
from sangkien.initiatives.selectors import NOT_LISTED, field_and_subfields
from sangkien.matching.collection import Collection, Filter, Hit
from sangkien.matching.documents import Texts, demand_texts, expert_texts, initiative_texts
from sangkien.matching.duplicates import document_query
from sangkien.matching.models import InvestorInterest
from sangkien.matching.recommend import Reasons, reasons
from sangkien.matching.search import collections

CANDIDATES = 30


@dataclass(frozen=True)
class Recommendation:
    item: Any  # an Initiative, a Demand or an ExpertProfile
    reasons: Reasons


def _rank(collection: Collection, hits: Sequence[Hit], source: str, fields: Sequence[str],
          province: int | None, targets: dict[int, Any], texts_of: Callable[[Any], Texts],
          limit: int) -> list[Recommendation]:
    """Candidates in order of the blended score; their public text gives the reasons."""
    best = max((h.score for h in hits), default=0.0) or 1.0
    ranked = []
    for hit in hits:
        target = targets.get(hit.object_id)
        if target is None:
            continue
        texts = texts_of(target)
        ranked.append(Recommendation(target, reasons(
            hit.score / best, source, texts.public, fields, texts.facts.fields,
            province is not None and texts.facts.province == province,
            collection.segment.idf)))
    ranked.sort(key=lambda r: -r.reasons.score)
    return ranked[:limit]


def demands_for_initiative(initiative: Initiative, whole_text: bool,
                           limit: int = 5) -> list[Recommendation]:
    """Open demands the initiative may answer, on the text its reader may read."""
    texts = initiative_texts(initiative)
    source = texts.full if whole_text else texts.public
    public, _ = collections()
    hits, _ = public.search(document_query(source),
                            Filter(kinds=frozenset({"demand"}), state=DemandState.OPEN),
                            CANDIDATES)
    demands = Demand.objects.select_related("province").in_bulk([h.object_id for h in hits])
    return _rank(public, hits, source, initiative.fields, initiative.province_id, demands,
                 demand_texts, limit)


def initiatives_for_demand(demand: Demand, limit: int = 5) -> list[Recommendation]:
    """Listed initiatives that may solve the demand, from any province, on public text."""
    source = demand_texts(demand).public
    public, _ = collections()
    hits, _ = public.search(document_query(source), Filter(kinds=frozenset({"initiative"})),
                            CANDIDATES)
    found = (Initiative.objects.exclude(state__in=NOT_LISTED).select_related("province")
             .in_bulk([h.object_id for h in hits]))
    return _rank(public, hits, source, demand.fields, demand.province_id, found,
                 initiative_texts, limit)


def experts_for_demand(demand: Demand, limit: int = 5) -> list[Recommendation]:
    """Available experts whose profile fits the demand (for officers and the orderer)."""
    source = demand_texts(demand).public
    _, full = collections()
    hits, _ = full.search(document_query(source),
                          Filter(kinds=frozenset({"expert"}), listed_only=False,
                                 state="available"), CANDIDATES)
    profiles = {p.user_id: p for p in ExpertProfile.objects.select_related("user").filter(
        user_id__in=[h.object_id for h in hits], available=True)}
    return _rank(full, hits, source, demand.fields, demand.province_id, profiles,
                 expert_texts, limit)


def initiatives_for_investor(interest: InvestorInterest, limit: int = 20,
                             ) -> list[Recommendation]:
    """Listed initiatives in the investor's fields and provinces, those matching their
    keywords first. With no keywords, the newest in their fields and provinces."""
    provinces = set(interest.provinces.values_list("pk", flat=True))
    codes = tuple(c for f in interest.fields for c in field_and_subfields(f))
    public, _ = collections()
    rule = Filter(kinds=frozenset({"initiative"}), fields=codes)
    hits: list[Hit] = []
    if interest.keywords.strip():
        hits, _ = public.search(document_query(interest.keywords), rule, CANDIDATES * 4)
    newest = (Initiative.objects.exclude(state__in=NOT_LISTED)
              .order_by("-first_received_at").values_list("pk", "fields", "province_id"))
    seen = {h.object_id for h in hits}
    hits += [Hit("initiative", pk, 0.0) for pk, fields, province in newest[:2000]
             if pk not in seen and (not codes or set(fields) & set(codes))
             and (not provinces or province in provinces)][:CANDIDATES * 4]
    found = (Initiative.objects.exclude(state__in=NOT_LISTED).select_related("province")
             .in_bulk([h.object_id for h in hits]))
    if codes:
        found = {pk: i for pk, i in found.items() if set(i.fields) & set(codes)}
    ranked = _rank(public, hits, interest.keywords, interest.fields, None, found,
                   initiative_texts, len(found))
    if provinces:
        ranked = [Recommendation(r.item, Reasons(
            round(r.reasons.score + (0.1 if r.item.province_id in provinces else 0), 4),
            r.reasons.text_score, r.reasons.terms, r.reasons.fields,
            r.item.province_id in provinces)) for r in ranked]
        ranked.sort(key=lambda r: -r.reasons.score)
    return ranked[:limit]
