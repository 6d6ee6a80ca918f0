"""Who may do what: role checks in one place."""

from __future__ import annotations

from typing import Any

from sangkien.accounts.models import Role


def has_role(user: Any, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.role_grants.filter(role=role).exists())


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMIN)
