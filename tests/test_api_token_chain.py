"""Bearer-token API calls take the short middleware chain; browsers keep the full one."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation

from rangkul.accounts.services import issue_api_token
from rangkul.lib.wsgi import Application, is_bearer_api_call


def call(app: Application, path: str, **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **headers)
    environ["wsgi.input"] = io.BytesIO(b"")
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], *_a: Any) -> None:
        seen["status"], seen["headers"] = status, dict(response_headers)

    chunks = app(environ, start_response)
    body = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return seen["status"], seen["headers"], body


@pytest.fixture(autouse=True)
def _language_as_before() -> Any:
    # Calling the WSGI application directly leaves the last request's language active.
    yield
    translation.deactivate()


def test_only_api_calls_with_a_bearer_token_are_recognised() -> None:
    assert is_bearer_api_call({"PATH_INFO": "/api/v1/cases", "HTTP_AUTHORIZATION": "Bearer x"})
    assert not is_bearer_api_call({"PATH_INFO": "/api/v1/cases"})
    assert not is_bearer_api_call({"PATH_INFO": "/cases/", "HTTP_AUTHORIZATION": "Bearer x"})


@pytest.mark.django_db(transaction=True)
def test_a_token_call_answers_without_session_or_csrf_work_and_a_browser_keeps_them(
    school: Any,
) -> None:
    app = Application()
    token, _row = issue_api_token(user=school.konselor)
    status, headers, body = call(app, "/api/v1/assignments", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert status.startswith("200"), (status, body[:300])
    assert "items" in json.loads(body)
    # Still never stored, still the security headers; no cookie, no CSP for JSON.
    assert "no-store" in headers["Cache-Control"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in headers and "Content-Security-Policy" not in headers
    # A wrong token is refused as before.
    status, _h, _b = call(app, "/api/v1/assignments", HTTP_AUTHORIZATION="Bearer wrong")
    assert status.startswith("401")
    # A browser page goes through the whole chain (CSP and frame protection).
    status, headers, body = call(app, "/login/")
    assert status.startswith("200"), (status, body[:300])
    assert "Content-Security-Policy" in headers and "X-Frame-Options" in headers
