"""Response headers every app relies on."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """A page shown to a logged-in person, and every API answer, is never stored by the
    browser or a proxy: after logging out, the back button must not show a student's
    case again on a shared phone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        if logged_in or request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response
