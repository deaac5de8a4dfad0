from typing import Any

from django.http import HttpRequest

from rangkul.accounts.queries import member_organisations
from rangkul.accounts.roles import STAFF_ROLES, Role


def organisation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    return {
        "current_organisation": getattr(request, "organisation", None),
        "current_roles": sorted(Role(r).label for r in roles),
        "switchable_organisations": member_organisations(user),
        "is_student_view": bool(roles) and not (roles & STAFF_ROLES),
    }
