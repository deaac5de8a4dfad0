from typing import Any

from django.http import Http404, HttpRequest

from rangkul.accounts.models import Organisation
from rangkul.accounts.queries import default_organisation_id
from rangkul.api.schemas import ERRORS

E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}


def current_org(request: HttpRequest) -> Any:
    """The caller's current organisation: the session's, or for a bearer token the first
    organisation the user belongs to. 404 when there is none."""
    org = getattr(request, "organisation", None)
    if org is None:
        org_id = default_organisation_id(request.user)
        org = Organisation.objects.filter(pk=org_id).first() if org_id else None
    if org is None:
        raise Http404
    return org
