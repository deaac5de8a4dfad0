from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rangkul.audit.context import client_ip


def request_client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy, REMOTE_ADDR is set from X-Forwarded-For by the proxy
    # configuration (gunicorn --forwarded-allow-ips); trusting the header here would let
    # clients forge their address in the audit trail.
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_client_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
