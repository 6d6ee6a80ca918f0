"""Reports of the operations centre: the list in the reader's scope and the downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sangkien.ioc import reports as report_files
from sangkien.ioc import selectors
from sangkien.ioc.models import Report

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PAGE_SIZE = 50


def _require_officer(request: HttpRequest) -> None:
    if not selectors.units_in_scope(request.user).exists():
        raise PermissionDenied(_("The operations centre is for officers of a processing unit."))


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    # A unit gains 64 reports a year; every unit together, thousands.
    page = Paginator(report_files.reports_in_scope(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "ioc/reports.html", {"page": page})


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Reports come as xlsx or pdf."))
    _require_officer(request)
    # Only the file asked for is read: the other may be as large.
    report = get_object_or_404(Report.objects.select_related("unit").only(
        "kind", "start", "unit__code", fmt), pk=pk)
    if not report_files.report_readable(request.user, report):
        raise PermissionDenied(_("This report is for the officers of its unit."))
    name = f"sangkien-{report.kind}-{report.start.isoformat()}"
    if report.unit is not None:
        name += f"-{report.unit.code}"
    response = HttpResponse(bytes(getattr(report, fmt)), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    response["Cache-Control"] = "private, no-store"  # scoped content, never in shared caches
    return response
