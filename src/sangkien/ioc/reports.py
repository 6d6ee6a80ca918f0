"""Scheduled reports of the operations centre: the dashboard's own figures for a past week or
month, for one unit (with its people) or for every unit, as a spreadsheet and a PDF.

Every number comes from `selectors.figures`, so a report and the dashboard for the same
period and scope agree; this module only lays the numbers out.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import fontpkg_be_vietnam_pro
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font

from sangkien.accounts.models import ProcessingUnit, User
from sangkien.core.events import record_event
from sangkien.ioc import selectors
from sangkien.ioc.models import Report
from sangkien.ioc.pipeline import OPEN_STAGES
from sangkien.ioc.selectors import STAGE_LABELS, Figures, Filters

FONT_DIR = fontpkg_be_vietnam_pro.ROOT / "files"  # installed from PyPI, never kept in the repo
# fpdf2 subsets the font with fontTools, which logs every glyph at INFO level.
logging.getLogger("fontTools").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Metric:
    """One figure of a report: `kind` says how it is shown (count, share 0–1, working days)."""

    key: str
    label: Promise
    kind: str
    value: Callable[[Figures], int | float | None]


def _in_stage(stage: str) -> Callable[[Figures], int]:
    return lambda figures: dict(figures.stage_counts)[stage]


NOW = [Metric(f"stage:{stage}", STAGE_LABELS[stage], "count", _in_stage(stage))
       for stage in OPEN_STAGES] + [
    Metric("open_items", gettext_lazy("Open items"), "count", lambda f: f.open_items)]
PERIOD = [
    Metric("received", gettext_lazy("Received in the period"), "count", lambda f: f.received),
    Metric("ended", gettext_lazy("Ended in the period"), "count",
           lambda f: sum(f.ended.values())),
    Metric("adopted", gettext_lazy("Adopted"), "count", lambda f: f.adopted),
    Metric("screened", gettext_lazy("Screened"), "count", lambda f: f.screened),
    Metric("screened_on_time", gettext_lazy("Screened on time"), "count",
           lambda f: f.screened_on_time),
    Metric("screened_share", gettext_lazy("Share screened on time"), "share",
           lambda f: f.screened_share),
    Metric("council_share", gettext_lazy("Review councils formed on time"), "share",
           lambda f: f.council_share),
    Metric("reviewed_share", gettext_lazy("Reviews submitted on time"), "share",
           lambda f: f.reviewed_share),
    Metric("screening_median", gettext_lazy("Screening time, median (working days)"), "days",
           lambda f: f.screening_median),
    Metric("screening_p90", gettext_lazy("Screening time, 90th percentile (working days)"),
           "days", lambda f: f.screening_p90),
]
METRICS = NOW + PERIOD


def metric_values(figures: Figures) -> dict[str, int | float | None]:
    """The report's figures by metric key: what both renderings show (and what a test of
    another page can compare with)."""
    return {metric.key: metric.value(figures) for metric in METRICS}


# --- periods and content -----------------------------------------------------------------

def report_period(kind: str, today: date) -> tuple[date, date]:
    """The last complete ISO week (Monday–Sunday) or calendar month before `today`."""
    if kind == Report.Kind.WEEKLY:
        start = today - timedelta(days=today.weekday() + 7)
        return start, start + timedelta(days=6)
    if kind == Report.Kind.MONTHLY:
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    raise ValueError(f"unknown kind of report {kind!r}")


def report_filters(report: Report) -> Filters:
    """The filters a report was made with: its period, and its unit or every unit."""
    every = frozenset(ProcessingUnit.objects.values_list("pk", flat=True))
    return Filters(units=every, start=report.start, end=report.end, unit=report.unit_id)


@dataclass
class ReportContent:
    title: str
    scope: str
    start: date
    end: date
    made_on: date
    totals: Figures
    units: list[tuple[str, Figures]] = field(default_factory=list)
    people: list[tuple[str, Figures]] = field(default_factory=list)


def report_content(filters: Filters, units: Sequence[ProcessingUnit], kind: str = ""
                   ) -> ReportContent:
    """The figures of a report, in the active language: the totals, one row per unit of
    `units`, and one per person when the report is about a single unit."""
    totals = selectors.figures(filters).get(None, Figures())
    by_unit = selectors.figures(filters, by="unit")
    people: list[tuple[str, Figures]] = []
    if filters.unit is not None:
        by_person = selectors.figures(filters, by="person")
        names = {user.pk: str(user) for user in User.objects.filter(pk__in=by_person)}
        people = sorted(((names.get(pk) or _("Not held by an officer"), figures)
                         for pk, figures in by_person.items()), key=lambda row: row[0])
    single = next((u for u in units if u.pk == filters.unit), None)
    titles: dict[str, str] = {Report.Kind.WEEKLY: _("Weekly report"),
                              Report.Kind.MONTHLY: _("Monthly report")}
    return ReportContent(
        title=titles.get(kind, _("Report")),
        scope=single.name if single else _("All units"),
        start=filters.start, end=filters.end, made_on=timezone.localdate(), totals=totals,
        units=[(unit.name, by_unit.get(unit.pk, Figures())) for unit in units],
        people=people)


# --- spreadsheet ---------------------------------------------------------------------------

_EXCEL_FORMATS = {"count": "0", "share": "0.0%", "days": "0.0"}


def _sheet_title(text: str) -> str:
    # Excel refuses these characters and titles longer than 31 characters.
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def _period_line(content: ReportContent) -> str:
    return _("From %(start)s to %(end)s; open items as on %(made)s") % {
        "start": _date(content.start), "end": _date(content.end),
        "made": _date(content.made_on)}


def render_xlsx(content: ReportContent) -> bytes:
    """A sheet of totals, one of units and, for a single unit, one of people; numbers are
    numbers and shares percentages, so officers can compute with them."""
    book = Workbook()
    sheet = book.worksheets[0]  # a new workbook has one sheet
    sheet.title = _sheet_title(_("Totals"))
    sheet.append([f"{content.title}: {content.scope}"])
    sheet.append([_period_line(content)])
    sheet.append([])
    sheet.append([_("Figure"), _("Value")])
    for cell in (*sheet[1], *sheet[4]):
        cell.font = Font(bold=True)
    for metric in METRICS:
        sheet.append([str(metric.label), metric.value(content.totals)])
        sheet.cell(sheet.max_row, 2).number_format = _EXCEL_FORMATS[metric.kind]
    sheet.column_dimensions["A"].width = 48
    tables = [(_("Units"), _("Unit"), content.units)]
    if content.people:
        tables.append((_("People"), _("Person"), content.people))
    for title, heading, rows in tables:
        sheet = book.create_sheet(_sheet_title(title))
        sheet.append([heading, *(str(metric.label) for metric in METRICS)])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for name, figures in rows:
            sheet.append([name, *(metric.value(figures) for metric in METRICS)])
            for column, metric in enumerate(METRICS, start=2):
                sheet.cell(sheet.max_row, column).number_format = _EXCEL_FORMATS[metric.kind]
        sheet.column_dimensions["A"].width = 44
        sheet.freeze_panes = "B2"
    book.properties.creator = "Sáng Kiến"
    book.properties.title = f"{content.title}: {content.scope}"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


# --- PDF -----------------------------------------------------------------------------------

def _date(day: date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def shown(kind: str, value: int | float | None) -> str:
    """A figure as the PDF prints it, in the active language's number format (which cuts
    decimals off: round first, as Excel does)."""
    if value is None:
        return "—"
    if kind == "share":
        return f"{formats.number_format(round(value * 100, 1), 1)}%"
    if kind == "days":
        return formats.number_format(round(value, 1), 1)
    return str(value)


def _nfc(text: str) -> str:
    # Letters with combining marks would be drawn mark by mark; the font has every
    # precomposed Vietnamese letter.
    return unicodedata.normalize("NFC", text)


class _ReportPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("BeVietnamPro", size=8)
        self.cell(0, 6, f"Sáng Kiến · {self.page_no()}/{{nb}}", align="C")


def _pdf_table(pdf: FPDF, heading: str, metrics: list[Metric],
               rows: list[tuple[str, Figures]]) -> None:
    widths = (70, *([22] * len(metrics)))
    with pdf.table(col_widths=widths, text_align=("LEFT", *(["RIGHT"] * len(metrics))),
                   line_height=5, first_row_as_headings=True) as table:
        table.row([_nfc(heading), *(_nfc(str(m.label)) for m in metrics)])
        for name, figures in rows:
            table.row([_nfc(name), *(shown(m.kind, m.value(figures)) for m in metrics)])
    pdf.ln(4)


def render_pdf(content: ReportContent) -> bytes:
    """The same figures on landscape A4, in Be Vietnam Pro (embedded, so the diacritics print
    and copy as text): totals, then the units and the people, each in two tables (open
    items now; the period)."""
    pdf = _ReportPDF(orientation="landscape", format="A4")
    pdf.add_font("BeVietnamPro", "", FONT_DIR / "BeVietnamPro-Regular.ttf")
    pdf.add_font("BeVietnamPro", "B", FONT_DIR / "BeVietnamPro-Bold.ttf")
    pdf.set_title(_nfc(f"{content.title}: {content.scope}"))
    pdf.set_author("Sáng Kiến")
    pdf.set_lang(translation.get_language() or "vi")
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("BeVietnamPro", "B", 16)
    pdf.multi_cell(0, 8, _nfc(f"{content.title}: {content.scope}"), new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font("BeVietnamPro", "", 10)
    pdf.multi_cell(0, 6, _nfc(_period_line(content)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    with pdf.table(col_widths=(110, 40), width=150, align="LEFT",
                   text_align=("LEFT", "RIGHT"), line_height=6) as table:
        table.row([_nfc(_("Figure")), _nfc(_("Value"))])
        for metric in METRICS:
            table.row([_nfc(str(metric.label)), shown(metric.kind,
                                                      metric.value(content.totals))])
    pdf.ln(4)
    pdf.set_font("BeVietnamPro", "", 8)
    for heading, rows in ((_("Unit"), content.units), (_("Person"), content.people)):
        if rows:
            _pdf_table(pdf, heading, NOW, rows)
            _pdf_table(pdf, heading, PERIOD, rows)
    return bytes(pdf.output())


# --- the scheduled run --------------------------------------------------------------------

def reports_generate(today: date | None = None) -> list[Report]:
    """Make, in Vietnamese, the report of the last complete week and month for every unit
    and for all units together, unless it exists; returns the reports made. Running it
    again, or twice at once, makes nothing new (the unique constraints decide)."""
    today = today or timezone.localdate()
    units = list(ProcessingUnit.objects.order_by("name"))
    every = frozenset(unit.pk for unit in units)
    made = []
    with translation.override("vi"):
        for kind in Report.Kind:
            start, end = report_period(kind, today)
            done = set(Report.objects.filter(kind=kind, start=start)
                       .values_list("unit", flat=True))
            for unit in [None, *units]:
                if (unit.pk if unit else None) in done:
                    continue
                filters = Filters(units=every, start=start, end=end,
                                  unit=unit.pk if unit else None)
                content = report_content(filters, [unit] if unit else units, kind)
                report = _report_save(kind, start, end, unit, render_xlsx(content),
                                      render_pdf(content))
                if report is not None:
                    made.append(report)
    return made


def _report_save(kind: str, start: date, end: date, unit: ProcessingUnit | None,
                 xlsx: bytes, pdf: bytes) -> Report | None:
    try:
        with transaction.atomic():
            report = Report.objects.create(kind=kind, start=start, end=end, unit=unit,
                                           xlsx=xlsx, pdf=pdf)
            record_event("ioc.report_generated", report, unit=unit, payload={
                "kind": str(kind), "start": start.isoformat(), "end": end.isoformat()})
    except IntegrityError:
        return None  # another run made it meanwhile
    return report


# --- reading ---------------------------------------------------------------------------------

def reports_in_scope(user: Any) -> QuerySet[Report]:
    """The reports a reader may open: those of their units, and the all-units reports for
    those who see every unit. The files themselves are left for the download."""
    rows = Report.objects.defer("xlsx", "pdf").select_related("unit").order_by(
        "-start", "kind", F("unit__name").asc(nulls_first=True), "pk")  # all units first
    if selectors.sees_every_unit(user):
        return rows
    return rows.filter(unit__in=selectors.units_in_scope(user))


def report_readable(user: Any, report: Report) -> bool:
    if selectors.sees_every_unit(user):
        return True
    return report.unit_id is not None and selectors.units_in_scope(user).filter(
        pk=report.unit_id).exists()
