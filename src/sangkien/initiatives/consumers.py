"""Notifications about initiatives: the receipt of submission, returns and decisions.

Each goes to the person's account and by email, in their language, once per event (the
Notification's unique constraint makes a re-delivered event a no-op).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from sangkien.accounts.models import User
from sangkien.core.events import consumer
from sangkien.core.models import Event, Notification
from sangkien.initiatives.models import Initiative

_TO_PROPOSER = {
    "initiative.submitted": gettext_noop(
        "Your initiative “%(title)s” was received on %(time)s (version %(version)s). Its "
        "receipt of submission, with the registry's proof, is on the initiative's page."),
    "initiative.resubmitted": gettext_noop(
        "Your revised initiative “%(title)s” was received on %(time)s (version %(version)s). "
        "Its receipt of submission is on the initiative's page."),
    "initiative.return_for_revision": gettext_noop(
        "Your initiative “%(title)s” was returned for revision: %(reason)s"),
    "initiative.reject": gettext_noop(
        "Your initiative “%(title)s” was not accepted at screening: %(reason)s"),
    "initiative.select": gettext_noop("Your initiative “%(title)s” was selected: %(reason)s"),
    "initiative.not_select": gettext_noop(
        "Your initiative “%(title)s” was not selected: %(reason)s"),
}
_TO_UNIT = {
    "initiative.submitted": gettext_noop("New initiative to screen: “%(title)s”."),
    "initiative.resubmitted": gettext_noop("Revised initiative to screen: “%(title)s”."),
    "initiative.reassigned": gettext_noop("Initiative reassigned to your unit: “%(title)s”."),
}


def _local_time(iso: str | None, fallback: datetime) -> str:
    moment = datetime.fromisoformat(iso) if iso else fallback
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@consumer("initiatives.notifications")
def notify_about_initiatives(event: Event) -> None:
    if event.subject_type != "initiatives.initiative":
        return
    if event.type not in _TO_PROPOSER and event.type not in _TO_UNIT:
        return
    initiative = Initiative.objects.select_related("proposer").get(pk=event.subject_id)
    params = {
        "title": initiative.title,
        "time": _local_time(event.payload.get("received_at"), event.occurred_at),
        "version": str(event.payload.get("version", "")),
        "reason": event.payload.get("reason", ""),
    }
    if event.type in _TO_PROPOSER:
        _notify(initiative.proposer, event, _TO_PROPOSER[event.type], params, email=True)
    if event.type in _TO_UNIT and event.unit is not None:
        for officer in User.objects.filter(postings__unit=event.unit):
            _notify(officer, event, _TO_UNIT[event.type], params, email=False)


def _notify(user: User, event: Event, text: str, params: dict[str, str], *, email: bool) -> None:
    _, created = Notification.objects.get_or_create(
        recipient=user, event=event, defaults={"text": text, "params": params})
    if created and email:
        with translation.override(user.preferred_language):
            subject = gettext("Your initiative")
            send_mail(
                subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
                message=gettext(text) % params,
                from_email=None, recipient_list=[user.email],
            )
