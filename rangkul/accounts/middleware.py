import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts import permissions
from rangkul.accounts.queries import current_organisation
from rangkul.audit import services as audit

SESSION_KEY = "rangkul_organisation"


class CurrentOrganisationMiddleware:
    """Sets request.organisation and request.roles, and the organisation's time zone.

    A person with several memberships works in one organisation at a time and switches
    between them; every page shows times in that organisation's zone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        attach_organisation(request, getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def attach_organisation(request: HttpRequest, user: Any) -> None:
    """Set the organisation a request works in. Also called by API token authentication,
    which identifies the user only after the middleware has run."""
    request.organisation = None  # type: ignore[attr-defined]
    request.roles = frozenset()  # type: ignore[attr-defined]
    if user is None or not user.is_authenticated:
        return
    session = getattr(request, "session", None)
    org = current_organisation(user, session.get(SESSION_KEY) if session is not None else None)
    if org is not None:
        request.organisation = org  # type: ignore[attr-defined]
        request.roles = permissions.roles_in(user, org.id)  # type: ignore[attr-defined]
        timezone.activate(org.time_zone)


# Session keys of the staff sign-in rules.
LAST_SEEN_KEY = "rangkul_last_seen"
MFA_OK_KEY = "rangkul_mfa_ok"
# Paths a person who must enrol a second factor may still open.
_ENROL_PATHS = ("/account/security/", "/logout/", "/i18n/", "/static/", "/healthz")


def _is_background_poll(request: HttpRequest) -> bool:
    """The case page's message poller: a timer, not the person."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Trigger") == "poller"
    )


class StaffSessionMiddleware:
    """Staff sign-in rules for browser sessions (tokens are checked when they are issued).

    - A staff session ends after `STAFF_IDLE_MINUTES` without a request made by the person
      (the message poller does not count); students keep the normal session lifetime.
    - A person with an authenticator app who somehow holds a session that never passed the
      second step (one made before they enrolled) is signed out.
    - A person whose organisation requires a second factor and who has none reaches only
      the enrolment pages once the grace period is over.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            answer = self._check(request, user)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _check(self, request: HttpRequest, user: Any) -> HttpResponse | None:
        from rangkul.accounts import mfa

        if not permissions.staff_orgs(user):
            return None
        session = request.session
        now = int(time.time())
        last = session.get(LAST_SEEN_KEY)
        if last is not None and now - int(last) > settings.STAFF_IDLE_MINUTES * 60:
            return _end_session(
                request,
                user,
                "auth.session_idle_expired",
                _("Your session ended after a period without activity. Log in again."),
            )
        if not _is_background_poll(request) and (last is None or now - int(last) >= 30):
            session[LAST_SEEN_KEY] = now
        if session.get(MFA_OK_KEY):
            return None
        if mfa.has_factor(user):
            return _end_session(
                request,
                user,
                "auth.session_without_second_factor",
                _("Your session has ended. Log in again with your second factor."),
            )
        if not mfa.must_enrol_now(user, known_without_factor=True):
            return None
        if request.path.startswith(_ENROL_PATHS):
            return None
        message = _("Your organisation requires a second sign-in factor. Set one up first.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.warning(request, message)
        return redirect("mfa_overview")


def _end_session(request: HttpRequest, user: Any, verb: str, message: str) -> HttpResponse:
    audit.record(user, verb, user)
    logout(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=401)
    messages.info(request, message)
    login_url = reverse("login")
    if request.method == "GET" and not request.headers.get("HX-Request"):
        return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
    return redirect(login_url)
