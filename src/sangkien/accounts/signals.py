"""allauth's signals turned into audit events: logins, password and email changes, MFA."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.dispatch import receiver

from sangkien.accounts.services import account_activity_record


@receiver(account_signals.user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    account_activity_record(user, "account.logged_in")


@receiver(account_signals.password_changed)
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    account_activity_record(user, "account.password_changed")


@receiver(account_signals.password_reset)
def _password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    account_activity_record(user, "account.password_reset")


@receiver(account_signals.email_confirmed)
def _email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    account_activity_record(email_address.user, "account.email_confirmed",
                            email=email_address.email)


@receiver(account_signals.email_changed)
def _email_changed(sender: Any, request: Any, user: Any, to_email_address: Any,
                   **kwargs: Any) -> None:
    account_activity_record(user, "account.email_changed", email=to_email_address.email)


@receiver(mfa_signals.authenticator_added)
def _mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    account_activity_record(user, "account.mfa_added", kind=authenticator.type)


@receiver(mfa_signals.authenticator_removed)
def _mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    account_activity_record(user, "account.mfa_removed", kind=authenticator.type)
