from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rangkul.accounts import permissions
from rangkul.accounts.queries import current_organisation

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
