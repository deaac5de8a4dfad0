"""Who may see and do what with organisations and memberships.

Each rule is written once, in two forms side by side: a predicate for one object and the
equivalent Q filter for querysets, so that lists and detail pages always agree.
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.roles import STAFF_ROLES, Capability, Role, capabilities_of
from rangkul.audit.models import remember_subject, user_subject_id
from rangkul.lib.prepared import Prepared

_CACHE_ATTR = "_rangkul_roles_by_org"
_ORGS_ATTR = "_rangkul_member_orgs"


def roles_by_org(user: Any) -> dict[uuid.UUID, frozenset[str]]:
    """The user's roles per organisation, read once per request and kept on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    return remember_memberships(user, _MEMBERSHIPS.run(user_id=user.pk))


def _memberships_of(user_id: int) -> Any:
    """A user's memberships in active organisations, each with its organisation: the
    organisations come in the same query, because the request's organisation is one of
    them (see accounts.queries.current_organisation). The user's audit identity comes with
    them, so a page's audit events need no lookup of their own."""
    from rangkul.accounts.models import Membership

    return (
        Membership.objects.filter(user_id=user_id, organisation__is_active=True)
        .select_related("organisation")
        .annotate(audit_subject_id=user_subject_id())
    )


# Read on every signed-in page: compiled once per process (lib/prepared.py).
_MEMBERSHIPS = Prepared(_memberships_of, user_id=int)


def remember_memberships(user: Any, rows: Any) -> dict[uuid.UUID, frozenset[str]]:
    """Keep the user's memberships in active organisations (each row with its organisation
    read) on the user for the request. `roles_by_org` reads them; API token authentication
    reads them together with the token and hands them over here."""
    result: dict[uuid.UUID, set[str]] = {}
    orgs: dict[uuid.UUID, Any] = {}
    subject_id: Any = None
    for row in rows:
        result.setdefault(row.organisation_id, set()).add(row.role)
        orgs[row.organisation_id] = row.organisation
        subject_id = getattr(row, "audit_subject_id", None) or subject_id
    # As audit.models.subject_of would find it (the rows bring it along).
    remember_subject(user, subject_id)
    frozen = {org_id: frozenset(roles) for org_id, roles in result.items()}
    setattr(user, _CACHE_ATTR, frozen)
    setattr(user, _ORGS_ATTR, orgs)
    return frozen


def member_organisations(user: Any) -> dict[uuid.UUID, Any]:
    """The active organisations the user belongs to, read with `roles_by_org`."""
    roles_by_org(user)
    return getattr(user, _ORGS_ATTR, {})


def forget_roles(user: Any) -> None:
    for attr in (_CACHE_ATTR, _ORGS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def roles_in(user: Any, organisation_id: uuid.UUID | None) -> frozenset[str]:
    if organisation_id is None:
        return frozenset()
    return roles_by_org(user).get(organisation_id, frozenset())


def has_capability(user: Any, organisation_id: uuid.UUID | None, cap: Capability) -> bool:
    return cap in capabilities_of(roles_in(user, organisation_id))


def orgs_with_capability(user: Any, cap: Capability) -> set[uuid.UUID]:
    return {org_id for org_id, roles in roles_by_org(user).items() if cap in capabilities_of(roles)}


def staff_orgs(user: Any) -> set[uuid.UUID]:
    """Organisations where the user is staff (holds one of `STAFF_ROLES`), from the roles
    read once per request."""
    return {org for org, roles in roles_by_org(user).items() if roles & STAFF_ROLES}


def is_staff_now(user: Any, organisation_id: Any) -> bool:
    """ "Is staff here", read fresh from the database: for services and tasks that must not
    trust roles cached earlier in a long request or a worker's run."""
    from rangkul.accounts.models import Membership

    return (
        user is not None
        and user.is_active
        and Membership.objects.filter(
            user_id=user.pk, organisation_id=organisation_id, role__in=STAFF_ROLES
        ).exists()
    )


def has_role(user: Any, organisation_id: uuid.UUID | None, role: str) -> bool:
    return role in roles_in(user, organisation_id)


# --- Organisation -------------------------------------------------------------------------
# Members see their own organisations; analysts also see the organisations under theirs.


def can_view_organisation(user: Any, org: Any) -> bool:
    if org.id in roles_by_org(user):
        return True
    return org.parent_id is not None and has_capability(
        user, org.parent_id, Capability.VIEW_CHILD_AGGREGATES
    )


def organisation_filter(user: Any) -> Q:
    return Q(id__in=list(roles_by_org(user))) | Q(
        parent_id__in=orgs_with_capability(user, Capability.VIEW_CHILD_AGGREGATES)
    )


# --- Membership ---------------------------------------------------------------------------
# People who manage members see the organisation's memberships; everyone sees their own.


def can_view_membership(user: Any, membership: Any) -> bool:
    return (
        membership.user_id == user.pk
        or has_capability(user, membership.organisation_id, Capability.VIEW_MEMBERS)
        or has_capability(user, membership.organisation_id, Capability.MANAGE_MEMBERS)
    )


def membership_filter(user: Any) -> Q:
    orgs = orgs_with_capability(user, Capability.VIEW_MEMBERS) | orgs_with_capability(
        user, Capability.MANAGE_MEMBERS
    )
    return Q(user_id=user.pk) | Q(organisation_id__in=orgs)


def can_change_role(actor: Any, organisation_id: uuid.UUID, role: str, target_user: Any) -> bool:
    """Grant or remove `role` for `target_user`. Nobody changes their own roles."""
    if target_user is not None and target_user.pk == actor.pk:
        return False
    if has_capability(actor, organisation_id, Capability.MANAGE_MEMBERS):
        return True
    return role == Role.PEER_SUPPORTER and has_capability(
        actor, organisation_id, Capability.MANAGE_PEER_SUPPORTERS
    )


def can_manage_any_role(actor: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(actor, organisation_id, Capability.MANAGE_MEMBERS) or has_capability(
        actor, organisation_id, Capability.MANAGE_PEER_SUPPORTERS
    )


def grantable_roles(actor: Any, organisation_id: uuid.UUID | None) -> list[str]:
    if has_capability(actor, organisation_id, Capability.MANAGE_MEMBERS):
        return [r.value for r in Role]
    if has_capability(actor, organisation_id, Capability.MANAGE_PEER_SUPPORTERS):
        return [Role.PEER_SUPPORTER.value]
    return []


# --- Organisation audit log ---------------------------------------------------------------


def can_view_org_audit(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.VIEW_ORG_AUDIT)


def can_set_calendar_title(user: Any, organisation_id: uuid.UUID | None) -> bool:
    """The coordinator or the administrator sets what shared phones' calendars show."""
    return has_capability(user, organisation_id, Capability.OVERSEE_CASES) or has_capability(
        user, organisation_id, Capability.MANAGE_MEMBERS
    )


def can_sign_out(actor: Any, user: Any) -> bool:
    """A person may end their own sessions and tokens; an administrator those of any member
    of an organisation where they manage members."""
    if actor.pk == user.pk:
        return True
    return any(
        has_capability(actor, org_id, Capability.MANAGE_MEMBERS) for org_id in roles_by_org(user)
    )
