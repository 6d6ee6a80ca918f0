from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sangkien.accounts.permissions import is_admin


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"user_is_admin": bool(user and is_admin(user))}
