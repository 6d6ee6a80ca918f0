"""Attachments of an initiative: checked by content on upload, served only to its readers.

Files are stored under a random name (never the uploaded one, never a public URL); the row
keeps the display name, the kind judged from the bytes and the SHA-256 that each frozen
version records.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sangkien.accounts.models import User
from sangkien.core.events import record_event
from sangkien.initiatives import filetypes, lifecycle
from sangkien.initiatives.models import Attachment, Initiative

MAX_ATTACHMENTS = 20

# The checker's codes, in the words a proposer reads (its English messages are for logs).
REJECTION_MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than the limit of %(limit)s MB."),
    "unknown_type": _("The file's content is not an accepted type (PDF, Word, Excel, "
                      "PowerPoint, OpenDocument, PNG, JPEG, GIF or WebP)."),
    "name_mismatch": _("The file's content is %(kind)s but its name ends in “.%(extension)s”; "
                       "the name must say what the file is (.%(expected)s)."),
    "corrupt": _("The file is damaged or malformed."),
    "encrypted": _("The document is password-protected; upload it without a password."),
}


def max_upload_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_MB) * 1024 * 1024


def _rejection(error: filetypes.RejectedFile) -> ValidationError:
    params = {**error.params, "limit": settings.ATTACHMENT_MAX_MB}
    params["kind"] = str(params.get("kind", "")).upper()
    message = REJECTION_MESSAGES.get(error.code, error.message)
    return ValidationError({"file": ValidationError(message, code=error.code, params=params)})


def _editable_by(initiative: Initiative, actor: User) -> Initiative:
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.proposer_id != actor.pk:
        raise PermissionDenied("only the proposer may change the attachments")
    if initiative.state not in lifecycle.EDITABLE:
        raise lifecycle.IllegalTransition(
            f"an initiative that is {initiative.state} can no longer be edited", "not_editable")
    return initiative


@transaction.atomic
def attachment_add(initiative: Initiative, actor: User, upload: UploadedFile[bytes]) -> Attachment:
    initiative = _editable_by(initiative, actor)
    if initiative.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": ValidationError(
            _("An initiative can have at most %(limit)s attachments."),
            code="too_many", params={"limit": MAX_ATTACHMENTS})})
    name = (upload.name or "").strip()
    try:
        checked = filetypes.check_upload(name, upload, max_upload_bytes())
    except filetypes.RejectedFile as error:
        raise _rejection(error) from None
    upload.seek(0)
    display = filetypes.safe_download_name(name, checked.kind)
    attachment = Attachment(initiative=initiative, name=display, kind=checked.kind.value,
                            mime_type=checked.mime_type, size=checked.size,
                            sha256=checked.sha256, uploaded_by=actor)
    attachment.file.save(display, upload, save=False)
    stored = str(attachment.file.name)
    try:
        attachment.save()
        record_event("initiative.attachment_added", initiative, actor=actor,
                     unit=initiative.unit, province=initiative.province,
                     payload={"attachment": attachment.pk, "name": display,
                              "sha256": checked.sha256, "size": checked.size})
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_remove(attachment: Attachment, actor: User) -> None:
    """Take an attachment off the initiative. A file that a frozen version cites is kept (and
    still served to those who may read that version); a file never submitted is deleted."""
    initiative = _editable_by(attachment.initiative, actor)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk,
                                                            initiative=initiative)
    if attachment.removed_at is not None:
        raise ValidationError({"file": _("This attachment was already removed.")})
    payload = {"attachment": attachment.pk, "name": attachment.name, "sha256": attachment.sha256}
    cited = initiative.versions.filter(attachments__contains=[{"id": attachment.pk}]).exists() \
        if connection.vendor == "postgresql" else any(
            a.get("id") == attachment.pk
            for v in initiative.versions.only("attachments") for a in v.attachments)
    if cited:
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
    else:
        stored, storage = str(attachment.file.name), attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(stored))
    record_event("initiative.attachment_removed", initiative, actor=actor, unit=initiative.unit,
                 province=initiative.province, payload=payload)
