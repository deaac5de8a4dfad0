from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from rangkul.accounts import permissions
from rangkul.accounts.models import Organisation
from rangkul.accounts.queries import default_organisation_id

SESSION_KEY = "rangkul_organisation"


class CurrentOrganisationMiddleware:
    """Sets request.organisation and request.roles, and the organisation's time zone.

    A person with several memberships works in one organisation at a time and switches
    between them; every page shows times in that organisation's zone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = None  # type: ignore[attr-defined]
        request.roles = frozenset()  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            org_id = default_organisation_id(user, request.session.get(SESSION_KEY))
            if org_id is not None:
                org = Organisation.objects.filter(pk=org_id).first()
                request.organisation = org  # type: ignore[attr-defined]
                request.roles = permissions.roles_in(user, org_id)  # type: ignore[attr-defined]
                if org is not None:
                    timezone.activate(org.time_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
