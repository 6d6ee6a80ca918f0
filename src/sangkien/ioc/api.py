"""JSON figures of the operations centre: the dashboard's numbers in the caller's scope
(the browser session decides which units), and the public per-unit aggregates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.security import django_auth

from sangkien.accounts.models import ProcessingUnit
from sangkien.ioc import selectors
from sangkien.ioc.dashboard import filter_form, read_filters, reader_units
from sangkien.ioc.selectors import Figures

router = Router(tags=["operations"])


class FigureQuery(Schema):
    start: date | None = None
    end: date | None = None
    unit: int | None = None
    province: int | None = None
    field: str = ""
    category: str = ""


class UnitFigures(Schema):
    unit: str
    name: str
    in_stage: dict[str, int]
    open_items: int
    received: int
    ended: dict[str, int]
    screened_on_time: int
    screened: int
    council_on_time: int
    councils: int
    reviews_on_time: int
    reviews: int
    screening_median_days: float | None
    screening_p90_days: float | None


class Figures_(Schema):
    start: date
    end: date
    totals: UnitFigures
    units: list[UnitFigures]


def _figures(code: str, name: str, f: Figures) -> dict[str, Any]:
    return {"unit": code, "name": name, "in_stage": dict(f.stage_counts),
            "open_items": f.open_items, "received": f.received, "ended": dict(f.ended),
            "screened_on_time": f.screened_on_time, "screened": f.screened,
            "council_on_time": f.on_time("council"), "councils": f.decided("council"),
            "reviews_on_time": f.on_time("reviewed"), "reviews": f.decided("reviewed"),
            "screening_median_days": f.screening_median, "screening_p90_days": f.screening_p90}


@router.get("/operations/figures", response=Figures_, auth=django_auth,
            summary="The operations centre's figures in your units")
def figures(request: HttpRequest, query: Query[FigureQuery]) -> dict[str, Any]:
    units = reader_units(request.user)
    data = {k: v for k, v in query.dict().items() if v not in (None, "")}
    filters = read_filters(filter_form(data, units), units)
    per_unit = selectors.figures(filters, by="unit")
    names = {u.pk: u for u in units}
    return {"start": filters.start, "end": filters.end,
            "totals": _figures("", "", selectors.figures(filters).get(None, Figures())),
            "units": [_figures(names[pk].code, names[pk].name, f)
                      for pk, f in sorted(per_unit.items(), key=lambda p: names[p[0]].name)]}


class PublicUnit(Schema):
    unit: str
    name: str
    open_items: int
    received: int
    screened_on_time: int
    screened: int
    screening_median_days: float | None


@router.get("/operations/transparency", response=list[PublicUnit],
            summary="Every unit's aggregate figures (public): counts and median times")
def transparency(request: HttpRequest, start: date | None = None,
                 end: date | None = None) -> list[dict[str, Any]]:
    all_units = list(ProcessingUnit.objects.order_by("name"))
    form = filter_form({k: v for k, v in {"start": start, "end": end}.items() if v},
                       all_units, public=True)
    per_unit = selectors.figures(read_filters(form, all_units), by="unit")
    return [{"unit": u.code, "name": u.name, "open_items": f.open_items,
             "received": f.received, "screened_on_time": f.screened_on_time,
             "screened": f.screened, "screening_median_days": f.screening_median}
            for u in all_units if (f := per_unit.get(u.pk))]
