from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.session import SessionAuth

from rangkul.accounts.middleware import attach_organisation
from rangkul.accounts.services import authenticate_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            attach_organisation(request, user)
        return user


def _session(request: HttpRequest) -> Any:
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated and user.is_active else None


class BrowserSession(SessionAuth):
    """The browser's login session; unsafe methods need the CSRF token, as in forms."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _session(request)


AUTH: list[APIKeyCookie | HttpBearer] = [BearerToken(), BrowserSession(csrf=True)]
