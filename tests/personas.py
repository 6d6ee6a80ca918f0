"""Named people and the one password the tests log in with, importable from any test."""

from __future__ import annotations

from sangkien.accounts import services
from sangkien.accounts.models import User

PASSWORD = "correct horse battery staple"

HA_NOI = 1
HO_CHI_MINH = 79


def make_user(email: str, full_name: str = "", *, roles: tuple[str, ...] = (),
              province_code: int | None = None) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=full_name,
                                    province_id=province_code)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    services.user_register(user)
    for role in roles:
        services.role_grant(user, role)
    return user
