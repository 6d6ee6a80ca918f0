"""Reads of initiatives, each scoped to who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, When
from django.http import Http404

from sangkien.accounts.models import FIELD_CODES, User
from sangkien.accounts.permissions import is_admin
from sangkien.core.models import Event
from sangkien.initiatives.lifecycle import WAITING_FOR_UNIT, Party, State, available
from sangkien.initiatives.models import Demand, DemandState, Initiative, InitiativeState

NOT_LISTED = (InitiativeState.DRAFT, InitiativeState.WITHDRAWN)
SORTS = {"newest": "-first_received_at", "oldest": "first_received_at", "title": "title",
         "trl": "-trl"}


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    field: str = ""
    province: int | None = None
    state: str = ""
    category: str = ""
    trl: int | None = None
    sort: str = "newest"


def catalogue(filters: CatalogueFilters) -> QuerySet[Initiative]:
    """The public catalogue: received initiatives, only columns that are public."""
    items = (Initiative.objects.exclude(state__in=NOT_LISTED)
             .select_related("province")
             .only("id", "title", "summary", "fields", "trl", "category", "state",
                   "province__name", "first_received_at"))
    if filters.q.strip():
        ranked = _matches(filters)
        items = items.filter(pk__in=ranked)
        if filters.sort == "relevance" or filters.sort not in SORTS:
            return items.order_by(Case(*[When(pk=pk, then=n) for n, pk in enumerate(ranked)],
                                       default=len(ranked)), "-id")
    if filters.field:
        items = items.filter(_has_field(filters.field))
    if filters.province:
        items = items.filter(province_id=filters.province)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.category:
        items = items.filter(category=filters.category)
    if filters.trl:
        items = items.filter(trl=filters.trl)
    return items.order_by(SORTS.get(filters.sort, SORTS["newest"]), "-id")


SEARCH_LIMIT = 1000  # a query matching more shows its best thousand, as search engines do


def _matches(filters: CatalogueFilters) -> list[int]:
    """Ids of the listed initiatives matching the query, best first, from the search index
    (public text only: the catalogue is the same for everyone)."""
    from sangkien.matching.collection import Filter
    from sangkien.matching.search import PUBLIC, search

    rule = Filter(kinds=frozenset({"initiative"}), province=filters.province,
                  state=filters.state, category=filters.category, trl=filters.trl,
                  fields=field_and_subfields(filters.field) if filters.field else ())
    found, _ = search(PUBLIC, filters.q, rule, SEARCH_LIMIT)
    return [f.hit.object_id for f in found]


def field_and_subfields(code: str) -> tuple[str, ...]:
    return (code, *sorted(c for c in FIELD_CODES if c.startswith(code + ".")))


def _has_field(code: str) -> Q:
    """Initiatives in the field or, for a major field ("2"), in any of its sub-fields."""
    match = Q()
    for one in field_and_subfields(code):
        # SQLite has no JSON containment; the quoted code in the JSON text is exact enough.
        match |= (Q(fields__contains=[one]) if connection.vendor == "postgresql"
                  else Q(fields__icontains=f'"{one}"'))
    return match


def can_read_confidential(user: Any, initiative: Initiative) -> bool:
    """Authors, officers of the handling unit, admins, and experts assigned to review it in a
    single-blind call (in a double-blind call they read it on their review page, without the
    authors' names)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if initiative.proposer_id == user.pk or is_admin(user):
        return True
    if initiative.authors.filter(user=user).exists():
        return True
    unit = initiative.unit
    if unit is not None and unit.postings.filter(user=user).exists():
        return True
    return initiative.review_assignments.filter(
        expert=user, withdrawn_at__isnull=True, call__blind="single").exists()


def allowed_transitions(user: Any, initiative: Initiative) -> list[str]:
    """The lifecycle steps `user` may take on the initiative now."""
    state = State(initiative.state)
    names = []
    if initiative.proposer_id == getattr(user, "pk", None):
        names += [t.name for t in available(state, Party.PROPOSER)]
    unit = initiative.unit
    if unit is not None and (is_admin(user) or unit.postings.filter(user=user).exists()):
        names += [t.name for t in available(state, Party.OFFICER)]
    return names


def initiative_visible_to(user: Any, pk: int) -> tuple[Initiative, bool]:
    """The initiative and whether `user` may read its confidential parts; 404 if neither."""
    initiative = (Initiative.objects.select_related("province", "ward", "unit", "demand",
                                                    "organisation", "proposer")
                  .filter(pk=pk).first())
    if initiative is None:
        raise Http404
    confidential = can_read_confidential(user, initiative)
    if not confidential and not initiative.is_listed:
        raise Http404
    return initiative, confidential


def initiatives_of(user: User) -> QuerySet[Initiative]:
    return (Initiative.objects.filter(Q(proposer=user) | Q(authors__user=user)).distinct()
            .select_related("unit", "province").order_by("-updated_at"))


def unit_queue(unit_ids: list[int]) -> QuerySet[Initiative]:
    """What waits for the unit, what is due first (then the oldest receipt)."""
    return (Initiative.objects.filter(unit_id__in=unit_ids, state__in=list(WAITING_FOR_UNIT))
            .select_related("province", "proposer")
            .annotate(possible_duplicates=Count("duplicate_flags"))
            .order_by(F("screening_due").asc(nulls_last=True), "received_at", "id"))


def timeline(initiative: Initiative) -> list[Event]:
    return list(Event.objects.filter(subject_type="initiatives.initiative",
                                     subject_id=str(initiative.pk))
                .select_related("actor").order_by("id"))


@dataclass(frozen=True)
class DemandFilters:
    q: str = ""
    field: str = ""
    province: int | None = None
    state: str = DemandState.OPEN


def demand_list(filters: DemandFilters) -> QuerySet[Demand]:
    """Demands are public: the orderer wants solvers to find and contact them."""
    items = Demand.objects.select_related("province", "organisation")
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.field:
        items = items.filter(_has_field(filters.field))
    if filters.province:
        items = items.filter(province_id=filters.province)
    if filters.q.strip():
        from sangkien.matching.collection import Filter
        from sangkien.matching.search import PUBLIC, search

        found, _ = search(PUBLIC, filters.q, Filter(kinds=frozenset({"demand"})), SEARCH_LIMIT)
        ranked = [f.hit.object_id for f in found]
        return items.filter(pk__in=ranked).order_by(
            Case(*[When(pk=pk, then=n) for n, pk in enumerate(ranked)], default=len(ranked)))
    return items.order_by("deadline", "-id")


def demand_answers(demand: Demand) -> QuerySet[Initiative]:
    """Initiatives answering the demand that the public may see (title and summary only)."""
    return (Initiative.objects.filter(demand=demand).exclude(state__in=NOT_LISTED)
            .select_related("province").order_by("first_received_at", "id"))
