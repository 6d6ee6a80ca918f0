"""The registry's public face: checkpoints, proofs and entries for mirrors and auditors,
receipts for authors, and a page that verifies a receipt for anyone."""

from __future__ import annotations

import base64
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sangkien.core.ratelimit import rate_limited
from sangkien.initiatives import selectors as initiative_selectors
from sangkien.registry import selectors, services, tiles
from sangkien.registry.keys import verifier
from sangkien.registry.models import Checkpoint, LogEntry, LogHead, TreeNode
from sangkien.registry.receipts import sha256_of, verify_receipt

MAX_ENTRIES_PER_REQUEST = 1000
MAX_RECEIPT_BYTES = 1024 * 1024


def _b64(items: list[bytes]) -> list[str]:
    return [base64.b64encode(item).decode() for item in items]


def _whole_number(value: str | None, name: str) -> int:
    if value is None or not value.isdigit():
        raise ValueError(name)
    return int(value)


@require_GET
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed checkpoint, as a C2SP signed note (text/plain)."""
    latest = Checkpoint.objects.order_by("-size").first() or services.checkpoint_sign()
    if latest is None:
        raise Http404("the log is empty")
    return HttpResponse(latest.note, content_type="text/plain; charset=utf-8")


@require_GET
def checkpoints(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/checkpoints.html", {
        "checkpoints": Checkpoint.objects.order_by("-size")[:200],
        "verifier_key": str(verifier()), "size": LogHead.objects.filter(pk=1)
        .values_list("size", flat=True).first() or 0,
    })


def _problem(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@require_GET
def consistency(request: HttpRequest) -> JsonResponse:
    """GET ?first=M&second=N: the RFC 9162 consistency proof between two tree sizes."""
    try:
        first = _whole_number(request.GET.get("first"), "first")
        second = _whole_number(request.GET.get("second"), "second")
    except ValueError as error:
        return _problem(_("%(name)s must be a whole number") % {"name": error})
    size = LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0
    if not first <= second <= size:
        return _problem(_("need first ≤ second ≤ %(size)s, the size of the log") % {
            "size": size})
    return JsonResponse({"first": first, "second": second,
                         "first_root": base64.b64encode(services.root_at(first)).decode(),
                         "second_root": base64.b64encode(services.root_at(second)).decode(),
                         "proof": _b64(services.consistency_proof(first, second))})


@require_GET
def entries(request: HttpRequest) -> JsonResponse:
    """GET ?start=I&end=J: entries [I, J) with their leaf hashes, for mirrors."""
    try:
        start = _whole_number(request.GET.get("start", "0"), "start")
        end = _whole_number(request.GET.get("end"), "end")
    except ValueError as error:
        return _problem(_("%(name)s must be a whole number") % {"name": error})
    if not start <= end or end - start > MAX_ENTRIES_PER_REQUEST:
        return _problem(_("ask for at most %(max)s entries, start ≤ end") % {
            "max": MAX_ENTRIES_PER_REQUEST})
    rows = LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index")
    return JsonResponse({"entries": [{"index": e.index, "entry": e.body,
                                      "leaf_hash": e.leaf_hash} for e in rows]})


def _readable_version(request: HttpRequest, pk: int, number: int) -> Any:
    initiative, confidential = initiative_selectors.initiative_visible_to(request.user, pk)
    version = initiative.versions.filter(number=number).first() if confidential else None
    if version is None:
        raise Http404
    return version


@require_GET
def receipt_json(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _readable_version(request, pk, number)
    entry = selectors.entry_for_version(pk, number)
    receipt = selectors.receipt_for(entry) if entry else None
    if receipt is None:
        return _problem(_("The receipt is being prepared; try again in a minute."), 409)
    response = JsonResponse(receipt, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (f'attachment; filename="receipt-{pk}-v{version.number}'
                                       f'.json"')
    return response


@require_GET
def receipt_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = _readable_version(request, pk, number)
    entry = selectors.entry_for_version(pk, number)
    receipt = selectors.receipt_for(entry) if entry else None
    return render(request, "registry/receipt.html", {
        "version": version, "initiative": version.initiative, "receipt": receipt,
        "entry": json.loads(receipt["entry"]) if receipt else None,
    })


@require_GET
def version_content(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The version's content exactly as hashed: the file `sangkien verify` checks."""
    version = _readable_version(request, pk, number)
    data = json.dumps(version.content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()
    response = HttpResponse(data, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="content-{pk}-v{number}.json"'
    return response


@require_http_methods(["GET", "POST"])
@rate_limited("receipt-verify", limit=30, seconds=60)
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a receipt (and files); the check runs here as `sangkien verify` would."""
    report, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("receipt")
        if upload is None or upload.size is None or upload.size > MAX_RECEIPT_BYTES:
            error = _("Choose a receipt file (JSON, at most 1 MB).")
        else:
            try:
                receipt = json.loads(upload.read().decode("utf-8"))
                hashes = {f.name or "file": sha256_of(f.chunks())
                          for f in request.FILES.getlist("files")}
                report = verify_receipt(receipt, hashes, trusted_key=str(verifier()))
            except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
                error = _("This file is not a receipt (JSON).")
    return render(request, "registry/verify.html", {
        "report": report, "error": error, "verifier_key": str(verifier())})


@require_GET
def tile(request: HttpRequest, path: str) -> HttpResponse:
    """tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>] of the C2SP tlog-tiles layout."""
    try:
        level, index, width = tiles.parse_tile_path(path)
    except ValueError as error:
        raise Http404(str(error)) from None
    first = index * tiles.TILE_WIDTH
    if level == "entries":
        rows = list(LogEntry.objects.filter(index__gte=first, index__lt=first + width)
                    .order_by("index").values_list("body", flat=True))
        data = tiles.entry_bundle([body.encode() for body in rows]) if len(rows) == width \
            else None
    else:
        hashes = list(TreeNode.objects.filter(
            level=int(level) * tiles.TILE_HEIGHT, position__gte=first,
            position__lt=first + width).order_by("position").values_list("hash", flat=True))
        data = b"".join(bytes.fromhex(h) for h in hashes) if len(hashes) == width else None
    if data is None:  # not (yet) complete to this width
        raise Http404("no such tile")
    response = HttpResponse(data, content_type="application/octet-stream")
    # A tile never changes once it exists: the log only grows.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
