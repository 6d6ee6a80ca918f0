"""Fixed-window rate limits for writes, counted in the shared cache (every process sees them)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def over_limit(scope: str, who: str, limit: int, seconds: int) -> bool:
    """Count one more action by `who`; True once the count passes `limit` in the window."""
    window = int(time.time() // seconds)
    key = f"rl:{scope}:{who}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return count > limit


def _who(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate_limited(scope: str, limit: int, seconds: int) -> Callable[..., Any]:
    """Answer 429 to POSTs past `limit` per user (or per IP when anonymous) per window."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and over_limit(scope, _who(request), limit, seconds):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return limited

    return decorate
