"""Scheduled reports: the spreadsheet and the PDF carry the dashboard's figures for the same
period and scope, are made once per period, and are read only within the reader's scope."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from matching_data import route_provinces, submit
from openpyxl import load_workbook
from personas import HA_NOI, HO_CHI_MINH
from pypdf import PdfReader

from sangkien.accounts.models import ProcessingUnit
from sangkien.core.events import deliver_pending
from sangkien.core.models import Event
from sangkien.initiatives import services as intake
from sangkien.ioc import reports, selectors
from sangkien.ioc.models import Report
from sangkien.ioc.selectors import Figures, Filters

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WEEK = (date(2026, 11, 9), date(2026, 11, 15))  # Monday to Sunday
TODAY = date(2026, 11, 18)  # a Wednesday of the week after


def at(day, hour=9):
    """The clock while the people of the scenario act, so their events bear that time."""
    return time_machine.travel(datetime(*day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def scenario(proposer, officer_hanoi, officer_hcm, hanoi_unit, hcm_unit):
    """Hà Nội receives two initiatives in the week and screens three (one received in
    October, late); Ho Chi Minh City receives one and starts screening it."""
    route_provinces((hanoi_unit, HA_NOI), (hcm_unit, HO_CHI_MINH))
    checks = hanoi_unit.screening_checklist
    with at((2026, 10, 26)):
        old = submit(proposer, "Cảm biến độ mặn", "Đo độ mặn nước tưới.")
    with at((2026, 11, 9)):
        dryer = submit(proposer, "Máy sấy cà phê", "Sấy bằng năng lượng mặt trời.")
        duplicate = submit(proposer, "Máy sấy cà phê 2", "Trùng với máy sấy.")
        southern = submit(proposer, "Lọc nước phèn", "Lọc nước phèn cho hộ gia đình.",
                          province=HO_CHI_MINH)
    with at((2026, 11, 10)):
        intake.initiative_transition(dryer, "start_screening", officer_hanoi)
        intake.initiative_transition(dryer, "accept_for_review", officer_hanoi, checks=checks)
        intake.initiative_transition(duplicate, "start_screening", officer_hanoi)
        intake.initiative_transition(duplicate, "reject", officer_hanoi, reason="Trùng lặp.")
        intake.initiative_transition(southern, "start_screening", officer_hcm)
    with at((2026, 11, 11)):  # due on 2 November: late
        intake.initiative_transition(old, "start_screening", officer_hanoi)
        intake.initiative_transition(old, "accept_for_review", officer_hanoi, checks=checks)
    deliver_pending("ioc.rollups")
    return {"hanoi": hanoi_unit, "hcm": hcm_unit}


def known(figures: Figures) -> dict:
    """The report's figures read straight off `selectors.figures`, by metric key."""
    return {**{f"stage:{stage}": n for stage, n in figures.stage_counts},
            "open_items": figures.open_items, "received": figures.received,
            "ended": sum(figures.ended.values()), "adopted": figures.adopted,
            "screened": figures.screened, "screened_on_time": figures.screened_on_time,
            "screened_share": figures.screened_share, "council_share": figures.council_share,
            "reviewed_share": figures.reviewed_share,
            "screening_median": figures.screening_median,
            "screening_p90": figures.screening_p90}


def labelled(values: dict) -> dict:
    """Keyed by the metric's label in the active language, as the files show them."""
    return {str(m.label): values[m.key] for m in reports.METRICS}


def xlsx_sheets(data: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book}


def xlsx_figures(data: bytes) -> tuple[dict, dict[str, dict]]:
    """The totals (label → value) and each row of the second sheet (name → label → value)
    of a report spreadsheet, read back as a reader's program would."""
    sheets = list(xlsx_sheets(data).values())
    header = sheets[0].index((str(translation.gettext("Figure")), translation.gettext("Value")))
    totals = dict(sheets[0][header + 1:])
    head, *rows = sheets[1]
    return totals, {row[0]: dict(zip(head[1:], row[1:], strict=True)) for row in rows}


def pdf_lines(data: bytes) -> list[str]:
    return [line for page in PdfReader(io.BytesIO(data)).pages
            for line in page.extract_text().splitlines()]


def pdf_row(name: str, metrics, values: dict) -> str:
    return " ".join([name, *(reports.shown(m.kind, values[m.key]) for m in metrics)])


def every_unit() -> frozenset[int]:
    return frozenset(ProcessingUnit.objects.values_list("pk", flat=True))


def test_report_files_carry_the_dashboard_figures_of_the_period(scenario, officer_hanoi):
    hanoi, hcm = scenario["hanoi"], scenario["hcm"]
    made = reports.reports_generate(TODAY)
    weekly = {r.unit_id: r for r in made if r.kind == "weekly"}
    assert (weekly[None].start, weekly[None].end) == WEEK
    total = selectors.figures(Filters(every_unit(), *WEEK))[None]
    by_unit = selectors.figures(Filters(every_unit(), *WEEK), by="unit")
    # What the scenario makes, counted by hand.
    assert (total.received, total.screened, total.screened_on_time) == (3, 3, 2)
    assert (by_unit[hanoi.pk].received, by_unit[hanoi.pk].screened_on_time) == (2, 2)
    assert by_unit[hcm.pk].received == 1 and by_unit[hcm.pk].screened == 0
    assert dict(total.stage_counts) == {"submitted": 0, "screening": 1, "returned": 0,
                                        "in_review": 2, "selected": 0, "in_adoption": 0}
    assert total.ended == {"not_selected": 1}

    with translation.override("vi"):
        # The spreadsheet: numbers as numbers, equal to the selectors' figures.
        totals, units = xlsx_figures(bytes(weekly[None].xlsx))
        assert totals == pytest.approx(labelled(known(total)))
        assert units[hanoi.name] == pytest.approx(labelled(known(by_unit[hanoi.pk])))
        assert units[hcm.name] == pytest.approx(labelled(known(by_unit[hcm.pk])))
        received, share = str(reports.PERIOD[0].label), str(reports.PERIOD[5].label)
        assert (totals[received], totals[share]) == (3, pytest.approx(2 / 3))
        book = load_workbook(io.BytesIO(bytes(weekly[None].xlsx)))
        share_cell = next(row[1] for row in book.worksheets[0].iter_rows() if row[0].value == share)
        assert share_cell.number_format == "0.0%"

        # The PDF: the same figures, as printed, and its Vietnamese intact.
        lines = pdf_lines(bytes(weekly[None].pdf))
        for metric in reports.METRICS:
            value = known(total)[metric.key]
            assert f"{metric.label} {reports.shown(metric.kind, value)}" in lines
        assert "Tiếp nhận 0" in lines and "Sàng lọc 1" in lines
        assert f"{share} 66,7%" in lines
        for unit in (hanoi, hcm):
            figures = known(by_unit[unit.pk])
            assert pdf_row(unit.name, reports.NOW, figures) in lines
            assert pdf_row(unit.name, reports.PERIOD, figures) in lines

        # A unit's report: its own figures, and its officer's.
        mine = selectors.figures(Filters(every_unit(), *WEEK, unit=hanoi.pk))[None]
        totals, _units = xlsx_figures(bytes(weekly[hanoi.pk].xlsx))
        assert totals == pytest.approx(labelled(known(mine)))
        assert hcm.name not in str(xlsx_sheets(bytes(weekly[hanoi.pk].xlsx)))
        sheets = xlsx_sheets(bytes(weekly[hanoi.pk].xlsx))
        head, *rows = list(sheets.values())[2]
        officer = dict(zip(head, next(r for r in rows if r[0] == officer_hanoi.full_name),
                           strict=True))
        assert (officer[str(reports.PERIOD[3].label)], officer[received]) == (3, 0)
        assert officer[str(reports.STAGE_LABELS["in_review"])] == 2
        assert pdf_row(officer_hanoi.full_name, reports.PERIOD, known(selectors.figures(
            Filters(every_unit(), *WEEK, unit=hanoi.pk), by="person")[officer_hanoi.pk])
        ) in pdf_lines(bytes(weekly[hanoi.pk].pdf))

    # The month before: only the initiative received in October.
    monthly = next(r for r in made if r.kind == "monthly" and r.unit_id is None)
    assert (monthly.start, monthly.end) == (date(2026, 10, 1), date(2026, 10, 31))
    with translation.override("vi"):
        totals, _units = xlsx_figures(bytes(monthly.xlsx))
    assert totals[received] == 1


def test_headers_follow_the_active_language(scenario):
    filters, units = Filters(every_unit(), *WEEK), list(ProcessingUnit.objects.all())
    for language, stage in (("en", "Received"), ("vi", "Tiếp nhận")):
        with translation.override(language):
            sheets = xlsx_sheets(reports.render_xlsx(reports.report_content(filters, units)))
            head = list(sheets.values())[1][0]
            assert head[0] == translation.gettext("Unit") and stage in head


def test_period_is_the_last_complete_week_or_month():
    assert reports.report_period("weekly", date(2026, 11, 16)) == WEEK  # a Monday
    assert reports.report_period("weekly", date(2026, 11, 22)) == WEEK  # a Sunday
    assert reports.report_period("monthly", date(2026, 1, 1)) == (date(2025, 12, 1),
                                                                  date(2025, 12, 31))
    assert reports.report_period("monthly", date(2028, 3, 31)) == (date(2028, 2, 1),
                                                                   date(2028, 2, 29))
    with pytest.raises(ValueError, match="kind"):
        reports.report_period("daily", date(2026, 11, 16))


def test_generating_twice_makes_each_report_once(scenario):
    first = reports.reports_generate(TODAY)
    units = ProcessingUnit.objects.count()
    assert len(first) == 2 * (units + 1)
    assert reports.reports_generate(TODAY) == []
    assert Report.objects.count() == 2 * (units + 1)
    assert Event.objects.filter(type="ioc.report_generated").count() == 2 * (units + 1)
    # Another run that got there first: the unique constraints keep one of each, the
    # all-units report (no unit) included.
    for unit in (None, scenario["hanoi"]):
        assert reports._report_save("weekly", *WEEK, unit, b"x", b"y") is None
    assert Report.objects.count() == 2 * (units + 1)
    # The next week is new.
    assert {r.kind for r in reports.reports_generate(date(2026, 11, 25))} == {"weekly"}


@pytest.fixture
def made(scenario):
    reports.reports_generate(TODAY)
    return {(r.kind, r.unit_id): r for r in Report.objects.all()}


def test_officer_sees_and_downloads_only_their_units_reports(client, made, scenario,
                                                              officer_hanoi):
    hanoi, hcm = scenario["hanoi"], scenario["hcm"]
    client.force_login(officer_hanoi)
    page = client.get(reverse("ioc:reports"))
    assert page.status_code == 200
    listed = {r.pk for r in page.context["page"].object_list}
    assert listed == {made["weekly", hanoi.pk].pk, made["monthly", hanoi.pk].pk}
    assert f'data-report="{made["weekly", hcm.pk].pk}"' not in page.content.decode()

    mine = made["weekly", hanoi.pk]
    response = client.get(reverse("ioc:report_download", args=[mine.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert response["Content-Disposition"] == (
        'attachment; filename="sangkien-weekly-2026-11-09-sokhcn-ha-noi.xlsx"')
    assert response.content == bytes(mine.xlsx)
    response = client.get(reverse("ioc:report_download", args=[mine.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")

    for other in (made["weekly", hcm.pk], made["weekly", None]):
        for fmt in ("xlsx", "pdf"):
            url = reverse("ioc:report_download", args=[other.pk, fmt])
            assert client.get(url).status_code == 403
    assert client.get(reverse("ioc:report_download", args=[mine.pk, "docx"])).status_code == 404
    assert client.get(reverse("ioc:report_download", args=[10**9, "pdf"])).status_code == 404


def test_admin_sees_every_report_and_the_all_units_ones(client, made, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("ioc:reports"))
    assert {r.pk for r in page.context["page"].object_list} == {r.pk for r in made.values()}
    everyone = made["weekly", None]
    response = client.get(reverse("ioc:report_download", args=[everyone.pk, "pdf"]))
    assert response["Content-Disposition"] == (
        'attachment; filename="sangkien-weekly-2026-11-09.pdf"')


def test_others_are_kept_out(client, made, proposer):
    report = made["weekly", None]
    for url in (reverse("ioc:reports"), reverse("ioc:report_download", args=[report.pk, "pdf"])):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]
    client.force_login(proposer)  # no unit
    assert client.get(reverse("ioc:reports")).status_code == 403
    assert client.get(reverse("ioc:report_download", args=[report.pk, "pdf"])).status_code == 403


def test_operations_command_makes_the_reports(scenario):
    out = io.StringIO()
    call_command("operations", "reports", "--today", TODAY.isoformat(), stdout=out)
    units = ProcessingUnit.objects.count()
    assert f"{2 * (units + 1)} report(s) made" in out.getvalue()
    assert f"made weekly report {WEEK[0]}–{WEEK[1]}: {scenario['hanoi'].name}" in out.getvalue()
    again = io.StringIO()
    call_command("operations", "reports", "--today", TODAY.isoformat(), stdout=again)
    assert again.getvalue().strip() == "0 report(s) made"


def test_the_dashboard_shows_the_reports_numbers_for_the_same_period_and_unit(
        client, scenario, officer_hanoi):
    import re

    hanoi = scenario["hanoi"]
    report = next(r for r in reports.reports_generate(TODAY)
                  if r.kind == "weekly" and r.unit_id == hanoi.pk)
    with translation.override("vi"):
        totals, _rows = xlsx_figures(bytes(report.xlsx))
        label = {m.key: str(m.label) for m in reports.METRICS}
    client.force_login(officer_hanoi)
    page = client.get(f"/operations/?start={report.start}&end={report.end}").content.decode()

    def tile(name):
        return re.search(rf'data-tile="{name}".*?class="tile__value"[^>]*>([^<]*)<',
                         page, re.S).group(1).strip()

    assert tile("open") == str(totals[label["open_items"]])
    assert tile("received") == str(totals[label["received"]]) == "2"
    assert tile("screened") == f'{round(100 * totals[label["screened_share"]])}%'
    assert tile("screening-time") == "{} / {}".format(
        *(f"{totals[label[k]]:.1f}".replace(".", ",")
          for k in ("screening_median", "screening_p90")))
    for stage in ("submitted", "screening", "in_review"):
        cell = re.search(rf'<tr data-unit="{hanoi.pk}">.*?data-stage="{stage}">(?:<a[^>]*>)?(\d+)',
                         page, re.S).group(1)
        assert int(cell) == totals[label[f"stage:{stage}"]]
