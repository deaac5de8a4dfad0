"""Every read of organisations, memberships and users, already scoped to the reader."""

import uuid
from typing import Any, cast

from django.db.models import Count, Q, QuerySet

from rangkul.accounts import permissions
from rangkul.accounts.models import ApiToken, Membership, Organisation, User
from rangkul.accounts.roles import CAPABILITIES, Capability
from rangkul.audit.models import AuditEvent
from rangkul.lib.prepared import Prepared
from rangkul.lib.scoping import get_in_scope


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(permissions.organisation_filter(user), is_active=True)


def member_organisations(user: Any) -> list[Organisation]:
    """The organisations the user can switch to (active, where they hold a role), by name.
    Read with the user's memberships once per request: every page shows the switcher, so
    this makes no query of its own."""
    orgs = permissions.member_organisations(user).values()
    return sorted(orgs, key=lambda o: (o.name, str(o.pk)))


def get_organisation_for(user: Any, pk: object) -> Organisation:
    return get_in_scope(visible_organisations(user), pk)


def visible_memberships(
    user: Any, organisation_id: uuid.UUID | None = None
) -> QuerySet[Membership]:
    qs = Membership.objects.filter(permissions.membership_filter(user)).select_related(
        "user", "organisation"
    )
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("user__last_name", "user__first_name", "user__username", "role")


def get_membership_for(user: Any, pk: object, action: str = "view") -> Membership:
    membership = get_in_scope(visible_memberships(user), pk)
    if action == "change" and not permissions.can_change_role(
        user, membership.organisation_id, membership.role, membership.user
    ):
        # Visible but not changeable: the caller shows 403, not 404.
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return membership


def role_counts(user: Any, organisation_id: uuid.UUID) -> dict[str, int]:
    """How many people hold each role; for anyone who may see members or aggregates."""
    if not (
        permissions.has_capability(user, organisation_id, Capability.VIEW_MEMBERS)
        or permissions.has_capability(user, organisation_id, Capability.MANAGE_MEMBERS)
        or permissions.has_capability(user, organisation_id, Capability.VIEW_AGGREGATES)
    ):
        return {}
    rows = (
        Membership.objects.filter(organisation_id=organisation_id)
        .values("role")
        .annotate(n=Count("id"))
    )
    return {row["role"]: row["n"] for row in rows}


def users_with_capability(organisation_id: uuid.UUID, cap: Capability) -> QuerySet[User]:
    """Recipients for organisation notices; used by services, never shown as a list."""
    roles = [role for role, caps in CAPABILITIES.items() if cap in caps]
    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role__in=roles,
    ).distinct()


def find_user_by_username(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()


def org_audit_events(user: Any, organisation_id: uuid.UUID | None) -> QuerySet[AuditEvent]:
    """Account and membership events of the organisation, for its administrators."""
    if organisation_id is None or not permissions.can_view_org_audit(user, organisation_id):
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(organisation_id=organisation_id)
        .filter(Q(verb__startswith="membership.") | Q(verb__startswith="organisation."))
        .select_related("actor_subject__user")
        .order_by("-at", "-id")
    )


def members_with_roles(organisation_id: uuid.UUID, roles: list[str]) -> QuerySet[User]:
    """Staff to pick from (assign a case, a team): names only, for people who work cases."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# The alert ladder's coordinator rung reads it for every alert raised out of duty hours:
# compiled once per process (rangkul/lib/prepared.py).
_MEMBERS_WITH_ROLES = Prepared(members_with_roles, organisation_id=uuid.UUID, roles=[str])


def members_with_roles_now(organisation_id: uuid.UUID, roles: list[str]) -> list[User]:
    """`members_with_roles` read at once, for a hot path."""
    return _MEMBERS_WITH_ROLES.run(organisation_id=organisation_id, roles=list(roles))


def current_organisation(user: Any, requested: object = None) -> Organisation | None:
    """The organisation a request works in: the one asked for if the user belongs to it,
    otherwise the first of theirs by name. One query."""
    orgs = permissions.member_organisations(user)
    if not orgs:
        return None
    try:
        wanted = uuid.UUID(str(requested)) if requested is not None else None
    except ValueError:
        wanted = None
    if wanted in orgs:
        return cast(Organisation, orgs[wanted])
    return member_organisations(user)[0]


def own_tokens(user: Any) -> QuerySet[ApiToken]:
    """The caller's API tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def get_own_token(user: Any, pk: object) -> ApiToken:
    return get_in_scope(own_tokens(user), pk)
