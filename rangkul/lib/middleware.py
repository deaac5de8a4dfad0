"""Response headers and answers every app relies on."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from rangkul.lib.ratelimit import RateLimited


class NoStoreMiddleware:
    """A page shown to a logged-in person, and every API answer, is never stored by the
    browser or a proxy: after logging out, the back button must not show a student's
    case again on a shared phone. A response that already says `no-store` (an audited
    file download) keeps its own header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        already = "no-store" in response.get("Cache-Control", "")
        if (logged_in or request.path.startswith("/api/")) and not already:
            add_never_cache_headers(response)
        return response


class RateLimitMiddleware:
    """A page whose service refused for too many attempts answers 429 with the message
    (the API answers its own JSON 429)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": exception.message}, status=429)
        else:
            response = render(
                request, "errors/429.html", {"message": exception.message}, status=429
            )
        response["Retry-After"] = str(exception.retry_after)
        return response


class ApiJsonBodyMiddleware:
    """The API reads JSON bodies. A body Django cannot even parse (a multipart body without
    its boundary) or of another kind (text, XML) is answered 415 before anything reads it.
    An empty form post, as a browser or a test client sends for an action without data,
    passes."""

    READABLE = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/api/")
            and request.method in ("POST", "PUT", "PATCH", "DELETE")
            and request.META.get("CONTENT_LENGTH", "0") not in ("", "0")
        ):
            kind = request.content_type or ""
            unreadable = kind not in self.READABLE and not kind.endswith("+json")
            params = request.content_params or {}
            no_boundary = kind.startswith("multipart/") and not params.get("boundary")
            if unreadable or no_boundary:
                return JsonResponse(
                    {"detail": _("Send the request body as JSON (application/json).")},
                    status=415,
                )
        return self.get_response(request)
