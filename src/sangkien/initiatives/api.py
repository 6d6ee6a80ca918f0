"""JSON endpoints for initiatives and demands: thin, the same services and rules as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from ninja.throttling import BaseThrottle

from sangkien.accounts.models import Organisation, ProcessingUnit
from sangkien.accounts.selectors import unit_for_officer
from sangkien.api.throttles import WriteThrottle
from sangkien.geo.models import Province, Ward
from sangkien.initiatives import demands, selectors, services
from sangkien.initiatives import schemas as s
from sangkien.initiatives.models import Demand, DemandState, Initiative
from sangkien.initiatives.services import DESCRIPTION_FIELDS, AuthorShare

router = Router(tags=["initiatives"])
demand_router = Router(tags=["demands"])

MAX_PAGE_SIZE = 100
SUBMIT_LIMIT: list[BaseThrottle] = [WriteThrottle("api-submit", limit=30, seconds=300)]
CREATE_LIMIT: list[BaseThrottle] = [WriteThrottle("api-create", limit=20, seconds=3600)]


class CatalogueQuery(Schema):
    q: str = ""
    field: str = ""
    province: int | None = None
    state: str = ""
    category: str = ""
    trl: int | None = None
    sort: str = "newest"
    page: int = 1
    page_size: int = 20


class DemandQuery(Schema):
    q: str = ""
    field: str = ""
    province: int | None = None
    state: str = DemandState.OPEN
    page: int = 1
    page_size: int = 20


def _page(items: QuerySet[Any], page: int, page_size: int) -> tuple[int, list[Any]]:
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValidationError({"page_size" if page >= 1 else "page": _(
            "page must be 1 or more and page_size between 1 and %(max)s") % {
                "max": MAX_PAGE_SIZE}})
    start = (page - 1) * page_size
    return items.count(), list(items[start:start + page_size])


def _place(place: Province | Ward | None) -> dict[str, Any] | None:
    return {"code": place.code, "name": place.name} if place is not None else None


def _listed(item: Initiative) -> dict[str, Any]:
    return {"id": item.pk, "title": item.title, "summary": item.summary, "fields": item.fields,
            "trl": item.trl, "category": item.category, "state": item.state,
            "province": _place(item.province), "first_received_at": item.first_received_at,
            "url": reverse("initiatives:detail", args=[item.pk])}


@router.get("/initiatives", response=s.InitiativePage, summary="The public catalogue")
def initiative_list(request: HttpRequest, query: Query[CatalogueQuery]) -> dict[str, Any]:
    filters = selectors.CatalogueFilters(
        q=query.q[:200], field=query.field, province=query.province, state=query.state,
        category=query.category, trl=query.trl, sort=query.sort)
    count, items = _page(selectors.catalogue(filters), query.page, query.page_size)
    return {"count": count, "page": query.page, "page_size": query.page_size,
            "items": [_listed(item) for item in items]}


@router.get("/initiatives/mine", response=list[s.InitiativeListItem], auth=django_auth,
            summary="The caller's own initiatives, drafts included")
def initiative_mine(request: HttpRequest) -> list[dict[str, Any]]:
    return [_listed(item) for item in selectors.initiatives_of(request.user)]  # type: ignore[arg-type]


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    initiative, confidential = selectors.initiative_visible_to(request.user, pk)
    out = {**_listed(initiative), "ward": _place(initiative.ward),
           "demand": initiative.demand_id,
           "organisation": initiative.organisation.name if initiative.organisation else None,
           "unit": {"code": initiative.unit.code, "name": initiative.unit.name}
           if initiative.unit else None,
           "description_public": initiative.description_public, "confidential": confidential}
    if confidential or initiative.description_public:
        out.update({name: getattr(initiative, name) for name in DESCRIPTION_FIELDS})
    if confidential:
        out.update(
            money_saved=initiative.money_saved,
            money_saved_method=initiative.money_saved_method,
            screening_due=initiative.screening_due,
            authors=[{"name": a.name, "share": a.share} for a in initiative.authors.all()],
            attachments=[{"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size,
                          "sha256": a.sha256,
                          "url": reverse("initiatives:attachment", args=[pk, a.pk])}
                         for a in initiative.attachments.filter(removed_at__isnull=True)],
            versions=[{"number": v.number, "content_sha256": v.content_sha256,
                       "received_at": v.received_at, "attachments": v.attachments}
                      for v in initiative.versions.order_by("number")],
            allowed_transitions=selectors.allowed_transitions(request.user, initiative),
        )
    return out


@router.get("/initiatives/{pk}", response=s.InitiativeDetail,
            summary="One initiative: public parts, and confidential parts for its readers")
def initiative_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request, pk)


def _content(data: dict[str, Any]) -> dict[str, Any]:
    """Ids from the wire to the rows the services take; an unknown id names its field."""
    content = dict(data)
    lookups = {"province": Province, "ward": Ward, "demand": Demand,
               "organisation": Organisation}
    for name, model in lookups.items():
        if content.get(name) is not None:
            row = model._default_manager.filter(pk=content[name]).first()
            if row is None:
                raise ValidationError({name: _("There is no %(field)s with the code %(code)s.")
                                       % {"field": name, "code": content[name]}})
            content[name] = row
    return content


def _authors(authors: list[s.AuthorIn] | None) -> list[AuthorShare] | None:
    if authors is None:
        return None
    return [AuthorShare(name=a.name, share=a.share, email=a.email) for a in authors]


@router.post("/initiatives", response={201: s.InitiativeDetail}, auth=django_auth,
             throttle=CREATE_LIMIT, summary="Create a draft")
def initiative_create(request: HttpRequest, payload: s.InitiativeIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    authors = _authors(payload.authors) or []
    data.pop("authors")
    initiative = services.initiative_create(request.user, _content(data),  # type: ignore[arg-type]
                                            authors)
    return Status(201, _detail(request, initiative.pk))


@router.patch("/initiatives/{pk}", response=s.InitiativeDetail, auth=django_auth,
              throttle=SUBMIT_LIMIT,
              summary="Change a draft (or a returned initiative); only the fields sent")
def initiative_update(request: HttpRequest, pk: int,
                      payload: s.InitiativePatch) -> dict[str, Any]:
    initiative, _confidential = selectors.initiative_visible_to(request.user, pk)
    data = payload.dict(exclude_unset=True)
    authors = _authors(payload.authors) if "authors" in data else None
    data.pop("authors", None)
    services.initiative_update(initiative, request.user,  # type: ignore[arg-type]
                               _content(data), authors)
    return _detail(request, pk)


@router.post("/initiatives/{pk}/submit", response=s.InitiativeDetail, auth=django_auth,
             throttle=SUBMIT_LIMIT, summary="Submit, or resubmit after a return")
def initiative_submit(request: HttpRequest, pk: int) -> dict[str, Any]:
    initiative, _confidential = selectors.initiative_visible_to(request.user, pk)
    services.initiative_submit(initiative, request.user)  # type: ignore[arg-type]
    return _detail(request, pk)


@router.post("/initiatives/{pk}/transitions/{name}", response=s.InitiativeDetail,
             auth=django_auth, throttle=SUBMIT_LIMIT,
             summary="A lifecycle step: withdraw, start_screening, return_for_revision, reject, "
                     "accept_for_review, select, not_select, start_adoption, mark_adopted, close")
def initiative_transition(request: HttpRequest, pk: int, name: str,
                          payload: s.TransitionIn) -> dict[str, Any]:
    initiative, _confidential = selectors.initiative_visible_to(request.user, pk)
    if name in ("submit", "resubmit"):
        services.initiative_submit(initiative, request.user)  # type: ignore[arg-type]
    else:
        services.initiative_transition(initiative, name, request.user,  # type: ignore[arg-type]
                                       reason=payload.reason, checks=payload.checks)
    return _detail(request, pk)


@router.post("/initiatives/{pk}/reassign", response=s.InitiativeDetail, auth=django_auth,
             throttle=SUBMIT_LIMIT, summary="Send to another processing unit, with a reason")
def initiative_reassign(request: HttpRequest, pk: int, payload: s.ReassignIn) -> dict[str, Any]:
    initiative, _confidential = selectors.initiative_visible_to(request.user, pk)
    unit = ProcessingUnit.objects.filter(code=payload.unit).first()
    if unit is None:
        raise ValidationError({"unit": _("There is no unit with the code %(code)s.")
                               % {"code": payload.unit}})
    services.initiative_reassign(initiative, unit, request.user,  # type: ignore[arg-type]
                                 payload.reason)
    return _detail(request, pk)


@router.get("/units/{code}/queue", response=list[s.QueueItem], auth=django_auth,
            summary="What waits for a unit, due first (its officers only)")
def unit_queue(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    unit = unit_for_officer(request.user, code)  # type: ignore[arg-type]
    return [{"id": i.pk, "title": i.title, "state": i.state, "province": _place(i.province),
             "received_at": i.received_at, "screening_due": i.screening_due,
             "url": reverse("initiatives:detail", args=[i.pk])}
            for i in selectors.unit_queue([unit.pk])]


# --- demands ------------------------------------------------------------------------------


def _demand(demand: Demand) -> dict[str, Any]:
    return {**{name: getattr(demand, name) for name in (
        "id", "title", "problem", "outcome", "budget_min", "budget_max", "deadline", "fields",
        "contact_name", "contact_email", "contact_phone", "state", "created_at")},
        "province": _place(demand.province), "awarded_to": demand.awarded_to_id,
        "organisation": demand.organisation.name if demand.organisation else None,
        "url": reverse("demands:detail", args=[demand.pk])}


@demand_router.get("/demands", response=s.DemandPage, summary="Demands, the open ones by default")
def demand_list(request: HttpRequest, query: Query[DemandQuery]) -> dict[str, Any]:
    filters = selectors.DemandFilters(q=query.q[:200], field=query.field,
                                      province=query.province,
                                      state="" if query.state == "all" else query.state)
    count, items = _page(selectors.demand_list(filters), query.page, query.page_size)
    return {"count": count, "page": query.page, "page_size": query.page_size,
            "items": [_demand(d) for d in items]}


@demand_router.get("/demands/{pk}", response=s.DemandOut)
def demand_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _demand(get_object_or_404(Demand.objects.select_related("province", "organisation"),
                                     pk=pk))


@demand_router.post("/demands", response={201: s.DemandOut}, auth=django_auth,
                    throttle=CREATE_LIMIT, summary="Post a demand (orderers)")
def demand_post(request: HttpRequest, payload: s.DemandIn) -> Status[dict[str, Any]]:
    demand = demands.demand_post(request.user, _content(payload.dict()))  # type: ignore[arg-type]
    return Status(201, _demand(demand))


@demand_router.post("/demands/{pk}/close", response=s.DemandOut, auth=django_auth,
                    throttle=SUBMIT_LIMIT)
def demand_close(request: HttpRequest, pk: int, payload: s.CloseIn) -> dict[str, Any]:
    demand = demands.demand_close(get_object_or_404(Demand, pk=pk),
                                  request.user, payload.reason)  # type: ignore[arg-type]
    return _demand(demand)


@demand_router.post("/demands/{pk}/award", response=s.DemandOut, auth=django_auth,
                    throttle=SUBMIT_LIMIT)
def demand_award(request: HttpRequest, pk: int, payload: s.AwardIn) -> dict[str, Any]:
    demand = get_object_or_404(Demand, pk=pk)
    initiative = selectors.demand_answers(demand).filter(pk=payload.initiative).first()
    if initiative is None:
        raise ValidationError({"initiative": _("This initiative does not answer this demand.")})
    return _demand(demands.demand_award(demand, initiative, request.user))  # type: ignore[arg-type]

