from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.core.exceptions import ValidationError
from django.db import transaction

from sangkien.accounts import services


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    def save_user(self, request: Any, user: Any, form: Any, commit: bool = True) -> Any:
        # The account, its first role and its event exist together or not at all.
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                services.user_register(user)
        return user

    def pre_authenticate(self, request: Any, **credentials: Any) -> None:
        # allauth re-shows the form when an email is locked; answer 429 so that clients and
        # proxies see the throttle for what it is.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as exc:
            if exc.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(request)) from exc
            raise
