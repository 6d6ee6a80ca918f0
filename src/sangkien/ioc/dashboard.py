"""What the dashboard shows for a reader and a set of filters: the tiles, the charts, the
rankings and the forecast, all from `selectors` (the page, the stream and the API share
this, so they cannot disagree)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import ProcessingUnit, User
from sangkien.core.calendar import work_calendar
from sangkien.core.fields import FIELDS
from sangkien.geo.models import Province
from sangkien.initiatives.models import Category
from sangkien.ioc import charts, forecast, selectors
from sangkien.ioc.models import ItemStage, Rollup, Target
from sangkien.ioc.selectors import STAGE_LABELS, Figures, Filters

AGE_LABELS = (_("up to 7 days"), _("8–30 days"), _("31–90 days"), _("over 90 days"))
DEFAULT_TARGET = 95.0  # % screened on time, until a leader sets one


def _major_fields() -> list[tuple[str, Any]]:
    vietnamese = (get_language() or "vi").startswith("vi")
    return [("", _("All fields"))] + [(f.code, f.name_vi if vietnamese else f.name_en)
                                      for f in FIELDS if "." not in f.code]


class FilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Unit"), required=False,
                                  queryset=ProcessingUnit.objects.none(),
                                  empty_label=_("All my units"))
    province = forms.ModelChoiceField(label=_("Province"), required=False,
                                      queryset=Province.objects.order_by("name"),
                                      empty_label=_("All provinces"))
    field = forms.ChoiceField(label=_("Field"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])

    def __init__(self, *args: Any, units: list[ProcessingUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ProcessingUnit.objects.filter(  # type: ignore[attr-defined]
            pk__in=[u.pk for u in units]).order_by("name")
        self.fields["field"].choices = _major_fields()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        if start and end and (end - start).days > 3 * 366:
            self.add_error("start", _("A period can be at most three years long."))
        return data

    def filters(self, units: list[ProcessingUnit]) -> Filters:
        """The filters asked for, or the last 30 days of every unit in scope when the form
        is empty (an invalid form must not be turned into filters)."""
        data = self.cleaned_data if self.is_bound else {}
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - timedelta(days=29)
        unit, province = data.get("unit"), data.get("province")
        return Filters(frozenset(u.pk for u in units), start, end,
                       unit.pk if unit else None, province.pk if province else None,
                       data.get("field") or "", data.get("category") or "")


def reader_units(user: Any) -> list[ProcessingUnit]:
    """The units whose figures the reader may see; refused if there are none."""
    units = list(selectors.units_in_scope(user))
    if not units:
        raise PermissionDenied(_("The operations centre is for officers of a processing unit."))
    return units


def filter_form(data: Any, units: list[ProcessingUnit], *, public: bool = False
                ) -> FilterForm:
    """The filters as asked (unbound when nothing is asked). Another unit is refused, not
    "not found"; the public chooses a period only."""
    form = FilterForm(data or None, units=units)
    if public:
        for name in ("unit", "province", "field", "category"):
            del form.fields[name]
    if form.is_bound and not form.is_valid() and "unit" in form.errors:
        raise PermissionDenied(_("This unit is not one of yours."))
    return form


def read_filters(form: FilterForm, units: list[ProcessingUnit]) -> Filters:
    """The form's filters; a ValidationError naming each field's rule when it is invalid."""
    if form.is_bound and not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    return form.filters(units)


@dataclass
class Ranked:
    name: str
    figures: Figures
    target: float
    key: int = 0
    metric: str = "screened"  # the deadline ranked on: screenings, or an expert's reviews

    @property
    def on_time(self) -> int:
        return self.figures.on_time(self.metric)

    @property
    def decided(self) -> int:
        return self.figures.decided(self.metric)

    @property
    def share_percent(self) -> float | None:
        share = self.figures.on_time_share(self.metric)
        return None if share is None else 100 * share

    @property
    def meets_target(self) -> bool | None:
        share = self.share_percent
        return None if share is None else share >= self.target


def targets_by_unit() -> tuple[dict[int, float], float]:
    targets: dict[int | None, float] = {t.unit_id: float(t.on_time_share)
                                        for t in Target.objects.all()}
    default = targets.pop(None, DEFAULT_TARGET)
    return {k: v for k, v in targets.items() if k is not None}, default


def _ranking(rows: list[Ranked]) -> list[Ranked]:
    """Best on-time share first; those with nothing decided last."""
    return sorted(rows, key=lambda r: (r.share_percent is None, -(r.share_percent or 0),
                                       r.name))


def unit_ranking(filters: Filters) -> list[Ranked]:
    targets, default = targets_by_unit()
    per_unit = selectors.figures(filters, by="unit")
    units = ProcessingUnit.objects.filter(pk__in=per_unit).order_by("name")
    return _ranking([Ranked(u.name, per_unit[u.pk], targets.get(u.pk, default), u.pk)
                     for u in units])


def person_ranking(filters: Filters, metric: str) -> list[Ranked]:
    """Officers by screening decisions (``screened``) or experts by reviews (``reviewed``)."""
    _targets, default = targets_by_unit()
    per_person = selectors.figures(filters, by="person")
    people = {u.pk: u for u in User.objects.filter(
        pk__in=[p for p, f in per_person.items() if p and f.decided(metric)])}
    return _ranking([Ranked(person.full_name or person.email, per_person[pk], default, pk,
                            metric) for pk, person in people.items()])


def province_rows(filters: Filters) -> list[tuple[Province, Figures]]:
    per_province = selectors.figures(filters, by="province")
    provinces = Province.objects.filter(pk__in=per_province).order_by("name")
    return [(p, per_province[p.pk]) for p in provinces]


def expected_completions(filters: Filters, today: date) -> list[forecast.Expected]:
    """Every item waiting for screening in scope, with its expected decision day."""
    calendar = work_calendar(range(today.year - 1, today.year + 3))
    window_start = today - timedelta(days=28)  # about 20 working days
    window = calendar.working_days_between(window_start, today)
    decided = dict(filters.narrow(Rollup.objects.filter(
        metric="screened", span="d", day__gt=window_start, day__lte=today))
        .values_list("unit").annotate(total=Sum("n")).order_by())
    queues: dict[int, list[tuple[int, date | None]]] = defaultdict(list)
    for item, unit, due in (filters.narrow(ItemStage.objects.filter(
            stage__in=("submitted", "screening"))).order_by("since", "item")
            .values_list("item", "unit", "screening_due")):
        queues[unit].append((item, due))
    result = []
    for unit, queue in queues.items():
        per_day = forecast.rate(int(decided.get(unit, 0)), window)
        result.extend(forecast.expected_days(queue, per_day, today, calendar))
    return result


def context(filters: Filters, query: str, today: date | None = None) -> dict[str, Any]:
    """Everything the figures fragment renders; `query` is the filters' query string, for
    the links that drill down."""
    today = today or timezone.localdate()
    totals = selectors.figures(filters).get(None, Figures())
    flow = selectors.inflow_outflow(filters)
    top = max([max(i, o) for _d, i, o in flow] + [1])
    backlog = selectors.backlog_by_age(filters, today)
    expected = expected_completions(filters, today)
    stage_link = "?figure=in_stage:{}&" + query
    return {
        "filters": filters, "query": query, "totals": totals,
        "answered": selectors.answered_demands(filters.start, filters.end, filters.province),
        "stage_bars": charts.bars([(str(STAGE_LABELS[s]), n, stage_link.format(s))
                                   for s, n in totals.stage_counts]),
        "age_bars": charts.bars([(str(label), n, "") for label, n in zip(
            AGE_LABELS, backlog, strict=True)]),
        "flow": flow, "flow_top": top,
        "inflow_line": charts.polyline([i for _d, i, _o in flow], top=top),
        "outflow_line": charts.polyline([o for _d, _i, o in flow], top=top),
        "likely_late": sum(e.likely_late for e in expected),
        "units": unit_ranking(filters),
        "officers": person_ranking(filters, "screened"),
        "experts": person_ranking(filters, "reviewed"),
        "provinces": province_rows(filters),
        "stages": list(STAGE_LABELS.items()),
    }
