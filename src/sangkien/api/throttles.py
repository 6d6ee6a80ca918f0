"""The API's write limits, counted like the pages' (`core.ratelimit`) so both share one budget
per scope in the shared cache."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from sangkien.core.ratelimit import over_limit


class WriteThrottle(BaseThrottle):
    def __init__(self, scope: str, *, limit: int, seconds: int) -> None:
        self.scope, self.limit, self.seconds = scope, limit, seconds

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        who = (f"user:{user.pk}" if user is not None and user.is_authenticated
               else f"ip:{self.get_ident(request)}")
        return not over_limit(self.scope, who, self.limit, self.seconds)

    def wait(self) -> float | None:
        return float(self.seconds)
