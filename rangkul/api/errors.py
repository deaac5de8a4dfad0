"""One shape for every API error: {"detail": "<message in the user's language>", ...}."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from rangkul.lib.ratelimit import RateLimited

log = logging.getLogger(__name__)


def _field_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith("string"):
        return _("This must be text of the right length.")
    if kind.startswith(("int", "float", "decimal")):
        return _("This must be a number.")
    if kind.startswith("uuid"):
        return _("This must be a valid identifier.")
    if kind.startswith(("json", "model_type", "dict_type")):
        return _("The request body must be a JSON object.")
    if kind in {"literal_error", "enum"}:
        return _("This value is not one of the allowed choices.")
    if kind.startswith("extra"):
        return _("This field is not expected.")
    return _("This value is not valid.")


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, **body: Any) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = []
        for err in exc.errors:
            loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query")]
            errors.append({"field": ".".join(loc), "message": _field_message(err)})
        return respond(request, 422, detail=_("The request is not valid."), errors=errors)

    @api.exception_handler(DjangoValidationError)
    def domain_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, 400, detail=" ".join(exc.messages))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, detail=_("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, detail=str(exc) or _("You may not do this."))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, detail=_("Log in or send a valid token."))

    @api.exception_handler(RequestDataTooBig)
    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, detail=_("The request body is too large."))

    @api.exception_handler(RateLimited)
    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = respond(request, 429, detail=exc.message)
        response["Retry-After"] = str(exc.retry_after)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, detail=str(exc))

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("Unhandled API error")
        return respond(request, 500, detail=_("Something went wrong on our side."))
