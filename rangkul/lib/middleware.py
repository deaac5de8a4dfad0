from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreWhenLoggedInMiddleware:
    """Pages for a signed-in person are never kept by the browser or a proxy.

    A shared phone is the norm: with `no-store`, Back after logging out or after quick exit
    fetches the page again (and gets the login page) instead of showing it from the cache.
    Responses that set their own Cache-Control (downloads, guide images) keep it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
