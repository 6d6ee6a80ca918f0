from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sangkien.accounts.permissions import is_admin


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    admin = bool(user and is_admin(user))
    officer = admin or bool(user and user.is_authenticated and user.postings.exists())
    return {"user_is_admin": admin, "user_is_officer": officer}
