"""One error shape for the whole API, in the request's language:

    {"error": "<sentence>", "code": "<machine code>", "fields": {"name_hi": ["..."]}}

``fields`` appears only for validation problems. Devices show ``error`` to the worker as it is
and branch on ``code``; the sentences come from the same gettext catalogue as the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

if TYPE_CHECKING:
    from ninja import NinjaAPI


class ErrorOut(Schema):
    """What every refused request returns."""

    error: str
    code: str
    fields: dict[str, list[str]] | None = None


# Documented on every operation so that clients generated from the schema know the shape.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


class CsrfFailed(Exception):
    """A browser write without a valid CSRF token (session auth only; devices use tokens)."""


class FieldsInvalid(Exception):
    """An API-level input problem (an unknown level name, ...) found before any service ran."""

    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields
        super().__init__(fields)


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"error": message, "code": code}
    if fields:
        body["fields"] = fields
    return api.create_response(request, body, status=status)


def fields_renamed(exc: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """The same error with the service's field names replaced by the API's (``post_type`` is
    ``post`` in the API), so that a client can put the message beside its own input."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


# Pydantic's error types mapped to sentences Django already translates, so that they come out
# in Hindi without new catalogue entries.
def _pydantic_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("uuid"):
        return _("Enter a valid UUID.")
    if kind.startswith("date"):
        return _("Enter a valid date.")
    if kind.startswith("int"):
        return _("Enter a valid integer.")
    if kind == "json_invalid":
        return _("Enter a valid JSON.")
    if kind == "greater_than_equal" and "ge" in ctx:
        return _("Ensure this value is greater than or equal to %(limit_value)s.") % {
            "limit_value": ctx["ge"]
        }
    if kind == "less_than_equal" and "le" in ctx:
        return _("Ensure this value is less than or equal to %(limit_value)s.") % {
            "limit_value": ctx["le"]
        }
    return _("Enter a valid value.")


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    """``("body", "payload", "name_hi")`` -> ``name_hi``; ``("query", "limit")`` -> ``limit``."""
    parts = [str(p) for p in loc]
    # Drop the source, and for a body also the payload argument's name.
    parts = parts[2:] if parts and parts[0] == "body" else parts[1:]
    return ".".join(parts) or "__all__"


def _messages(exc: DjangoValidationError) -> tuple[str, dict[str, list[str]] | None]:
    if hasattr(exc, "error_dict"):
        fields = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        return " ".join(m for msgs in fields.values() for m in msgs), fields
    return " ".join(str(m) for m in exc.messages), None


def install_error_handlers(api: NinjaAPI) -> None:
    """Replace ninja's ``{"detail": ...}`` answers with ours."""

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api,
            request,
            status=404,
            code="not_found",
            message=_("Nothing was found here, or it is outside your units."),
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api,
            request,
            status=403,
            code="forbidden",
            message=_("Your role in this unit does not allow this."),
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api,
            request,
            status=401,
            code="unauthenticated",
            message=_("Log in, or send a valid token in the Authorization header."),
        )

    @api.exception_handler(CsrfFailed)
    def csrf_failed(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api,
            request,
            status=403,
            code="csrf_failed",
            message=_("The security check failed. Reload the page and try again."),
        )

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        message, fields = _messages(exc)
        return error_response(
            api, request, status=400, code="invalid", message=message, fields=fields
        )

    @api.exception_handler(FieldsInvalid)
    def fields_invalid(request: HttpRequest, exc: FieldsInvalid) -> HttpResponse:
        message = " ".join(m for msgs in exc.fields.values() for m in msgs)
        return error_response(
            api, request, status=400, code="invalid", message=message, fields=exc.fields
        )

    @api.exception_handler(NinjaValidationError)
    def input_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        # A malformed id in the URL names nothing that exists: the same 404 as a missing one.
        if any(str(e.get("loc", ("",))[0]) == "path" for e in exc.errors):
            return not_found(request, exc)
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(error.get("loc", ())), []).append(
                _pydantic_message(error)
            )
        return error_response(
            api,
            request,
            status=422,
            code="invalid",
            message=_("Some of the values sent are missing or not valid."),
            fields=fields,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja raises these itself, in English; the one a client meets is an unreadable body.
        if exc.status_code == 400:
            return error_response(
                api,
                request,
                status=400,
                code="invalid",
                message=_("The request body could not be read; send JSON."),
            )
        return error_response(
            api,
            request,
            status=exc.status_code,
            code=f"http_{exc.status_code}",
            message=str(exc),
        )
