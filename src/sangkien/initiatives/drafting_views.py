"""The proposer's pages: write a draft, edit it, attach files; and serving attachments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sangkien.core.ratelimit import rate_limited
from sangkien.geo.models import Ward
from sangkien.initiatives import attachments, filetypes, lifecycle, selectors, services
from sangkien.initiatives.forms import (
    AttachmentForm,
    AuthorFormSet,
    InitiativeForm,
    add_service_errors,
    author_initial,
    author_shares,
)
from sangkien.initiatives.models import Attachment, Category, Initiative


def _own_editable(request: HttpRequest, pk: int) -> Initiative:
    initiative = get_object_or_404(Initiative, pk=pk)
    if initiative.proposer_id != request.user.pk:
        raise Http404  # another's draft: do not even confirm it exists
    if initiative.state not in lifecycle.EDITABLE:
        raise PermissionDenied(_("This initiative can no longer be edited."))
    return initiative


def _save(request: HttpRequest, form: InitiativeForm, authors: Any,
          initiative: Initiative | None) -> Initiative | None:
    if not (form.is_valid() and authors.is_valid()):
        return None
    try:
        if initiative is None:
            return services.initiative_create(request.user,  # type: ignore[arg-type]
                                              form.content(), author_shares(authors))
        return services.initiative_update(initiative, request.user,  # type: ignore[arg-type]
                                          form.content(), author_shares(authors))
    except ValidationError as error:
        add_service_errors(form, error, authors)
    return None


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("initiative-create", limit=20, seconds=3600)
def initiative_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    demand = request.GET.get("demand", "")
    if demand.isdigit():
        initial = {"demand": int(demand), "category": Category.ORDERED}
    user = request.user
    form = InitiativeForm(request.POST or None, user=user, initial=initial)  # type: ignore[arg-type]
    authors = AuthorFormSet(request.POST or None, prefix="authors", initial=[
        {"name": getattr(user, "full_name", "") or user.get_username(),
         "email": getattr(user, "email", ""), "share": 100}])
    if request.method == "POST":
        initiative = _save(request, form, authors, None)
        if initiative is not None:
            messages.success(request, _("Draft saved. Attach files if you wish, then submit."))
            return redirect("initiatives:edit", pk=initiative.pk)
    return render(request, "initiatives/edit.html", {"form": form, "authors": authors})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("initiative-edit", limit=60, seconds=300)
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _own_editable(request, pk)
    form = InitiativeForm(request.POST or None, instance=initiative,
                          user=request.user)  # type: ignore[arg-type]
    authors = AuthorFormSet(request.POST or None, prefix="authors",
                            initial=None if request.POST else author_initial(initiative))
    if request.method == "POST":
        if _save(request, form, authors, initiative) is not None:
            messages.success(request, _("Changes saved."))
            return redirect("initiatives:edit", pk=initiative.pk)
        initiative.refresh_from_db()
    return render(request, "initiatives/edit.html", {
        "form": form, "authors": authors, "initiative": initiative,
        "attachments": initiative.attachments.filter(removed_at__isnull=True),
        "attachment_form": AttachmentForm(),
        "max_mb": attachments.max_upload_bytes() // (1024 * 1024),
    })


@login_required
@require_POST
@rate_limited("attachment-upload", limit=30, seconds=300)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _own_editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachments.attachment_add(initiative, request.user,  # type: ignore[arg-type]
                                                    form.cleaned_data["file"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, _("File not attached: %(error)s") % {"error": message})
        else:
            messages.success(request, _("Attached %(name)s.") % {"name": attachment.name})
    else:
        for problem in form.errors.get("file", []):
            messages.error(request, _("File not attached: %(error)s") % {"error": problem})
    return redirect("initiatives:edit", pk=pk)


@login_required
@require_POST
@rate_limited("attachment-remove", limit=30, seconds=300)
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    initiative = _own_editable(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, initiative=initiative,
                                   removed_at__isnull=True)
    attachments.attachment_remove(attachment, request.user)  # type: ignore[arg-type]
    messages.success(request, _("Removed %(name)s.") % {"name": attachment.name})
    return redirect("initiatives:edit", pk=pk)


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Only to those who may read the confidential parts; always a download, never inline."""
    initiative, confidential = selectors.initiative_visible_to(request.user, pk)
    if not confidential:
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_id, initiative=initiative)
    name = filetypes.safe_download_name(attachment.name, filetypes.Kind(attachment.kind))
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=name,
                            content_type=attachment.mime_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_GET
def ward_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of a province's communes and wards, for the form's province select."""
    code = request.GET.get("province", "")
    wards = Ward.objects.filter(province_id=code).order_by("name") if code.isdigit() else []
    return render(request, "initiatives/_ward_options.html", {"wards": wards})
