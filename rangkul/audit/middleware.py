from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rangkul.audit.context import client_ip
from rangkul.lib.client_ip import client_ip as request_client_ip


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request_client_ip(request))
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)
