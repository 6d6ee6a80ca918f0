"""The versioned JSON API: each app's router under /api/v1/, one OpenAPI document, and one
shape for every error (`schemas.Problem`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError

from sangkien.initiatives.api import demand_router
from sangkien.initiatives.api import router as initiative_router
from sangkien.initiatives.lifecycle import IllegalTransition
from sangkien.ioc.api import router as operations_router
from sangkien.matching.api import router as search_router

api = NinjaAPI(
    title="Sáng Kiến API", version="1", urls_namespace="api-v1",
    description="Initiatives and demands of the Sáng Kiến platform. Reading the public "
                "catalogue needs no account; writing uses the browser session (with its CSRF "
                "token) and follows the same permission rules as the pages. Errors are "
                '`{"detail": ..., "code": ..., "errors": {field: [rule, ...]}}`.',
)
api.add_router("/", initiative_router)
api.add_router("/", demand_router)
api.add_router("/", search_router)
api.add_router("/", operations_router)


def _problem(request: HttpRequest, status: int, detail: str, code: str | None = None,
             errors: dict[str, list[str]] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = error.message_dict if hasattr(error, "error_dict") else {
        "__all__": list(error.messages)}
    return _problem(request, 422, _("The input breaks a rule; see errors."), "invalid", errors)


@api.exception_handler(SchemaError)
def malformed_input(request: HttpRequest, error: SchemaError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for problem in error.errors:
        # ("body", "payload", "title") → "title"; ("query", "page") → "page"
        location = [str(part) for part in problem.get("loc", ())[2:] or problem.get("loc", ())
                    [1:]]
        errors.setdefault(".".join(location) or "__all__", []).append(str(problem.get("msg")))
    return _problem(request, 422, _("The input breaks a rule; see errors."), "invalid", errors)


@api.exception_handler(IllegalTransition)
def illegal_transition(request: HttpRequest, error: IllegalTransition) -> HttpResponse:
    return _problem(request, 409, str(error), getattr(error, "code", None) or "illegal")


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _problem(request, 403, str(error) or _("You may not do this."), "forbidden")
