"""Event consumers of accounts: the in-app notifications a person sees in their account."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_noop

from sangkien.accounts.models import Role, User
from sangkien.core.events import consumer
from sangkien.core.models import Event, Notification


def _role_msgid(role: str) -> str:
    """The English label, which Notification.message translates for each reader."""
    with translation.override("en"):
        return str(Role(role).label)


@consumer("accounts.notifications")
def notify_account_holders(event: Event) -> None:
    if event.type == "account.registered":
        _notify(int(event.subject_id), event,
                gettext_noop("Welcome to Sáng Kiến. You can now submit initiatives."), {})
    elif event.type == "account.role_granted":
        _notify(int(event.subject_id), event,
                gettext_noop("You have been given the role: %(role)s."),
                {"role": _role_msgid(event.payload["role"])})
    elif event.type == "unit.officer_added":
        _notify(event.payload["user"], event,
                gettext_noop("You are now an officer of %(unit)s."),
                {"unit": event.unit.name if event.unit else ""})


def _notify(user_id: int, event: Event, text: str, params: dict[str, str]) -> None:
    if not User.objects.filter(pk=user_id).exists():
        return
    Notification.objects.get_or_create(
        recipient_id=user_id, event=event, defaults={"text": text, "params": params}
    )
