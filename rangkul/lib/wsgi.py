"""The WSGI entry: a bearer-token API call takes a shorter middleware chain.

A call to /api/ that carries `Authorization: Bearer …` has no browser session, no cookies
to protect with CSRF, no flash messages, no HTML to compress, frame or give a content
security policy, and no password login for axes to watch. It is handled by a second
Django handler built from `settings.API_TOKEN_MIDDLEWARE` (a subset of `MIDDLEWARE`, in
the same order); everything else goes through the full `MIDDLEWARE`. Both handlers are
built once, at start-up. Measured in `bench/middleware_cost.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler


class _ShortChainHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        try:
            settings.MIDDLEWARE = list(settings.API_TOKEN_MIDDLEWARE)
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def is_bearer_api_call(environ: dict[str, Any]) -> bool:
    return (
        str(environ.get("PATH_INFO", "")).startswith("/api/")
        and str(environ.get("HTTP_AUTHORIZATION", ""))[:7].lower() == "bearer "
    )


class Application:
    def __init__(self) -> None:
        self.full = WSGIHandler()
        self.api = _ShortChainHandler()

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        handler = self.api if is_bearer_api_call(environ) else self.full
        return handler(environ, start_response)


def get_application() -> Application:
    import django

    django.setup(set_prefix=False)
    from django.urls import get_resolver

    # Import every view now, at start-up (before gunicorn forks, with --preload), rather
    # than on each worker's first request.
    get_resolver().url_patterns  # noqa: B018
    return Application()
