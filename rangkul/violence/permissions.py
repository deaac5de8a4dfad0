"""Who may see and do what with violence reports and matters.

Matters are a stricter space than cases: only the TPPK members handling a matter, the
principal and, once brought in, the district task force see its details. A person named
in the report sees nothing of it, whatever their role. Each rule is written once, as a
predicate and as the matching filter, side by side.
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import (
    has_capability,
    has_role,
    orgs_with_capability,
    roles_by_org,
)
from rangkul.accounts.roles import Capability, Role
from rangkul.violence.models import TeamMember, TeamRole

# --- Team seats (named once) -----------------------------------------------------------


def seat_orgs(user: Any, role: str | None = None) -> set[uuid.UUID]:
    """Organisations where the user holds an active TPPK (or task force) seat."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    seats = TeamMember.objects.filter(user_id=user.pk, removed_at__isnull=True)
    if role is not None:
        seats = seats.filter(role=role)
    return set(seats.values_list("organisation_id", flat=True))


def is_team_member(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return organisation_id in seat_orgs(user)


def is_team_lead(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return organisation_id in seat_orgs(user, TeamRole.LEAD)


def principal_orgs(user: Any) -> set[uuid.UUID]:
    return {org for org, roles in roles_by_org(user).items() if Role.PRINCIPAL in roles}


# --- The team itself -------------------------------------------------------------------
# The principal forms the team (by decree); the administrator keeps it up to date. At an
# authority, its administrator keeps the task force.


def can_manage_team(user: Any, organisation_id: uuid.UUID | None) -> bool:
    if organisation_id is None:
        return False
    return has_role(user, organisation_id, Role.PRINCIPAL) or has_capability(
        user, organisation_id, Capability.MANAGE_MEMBERS
    )


def can_view_team(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return can_manage_team(user, organisation_id) or is_team_member(user, organisation_id)


# --- Matter (the details of a report) ---------------------------------------------------


def can_view_matter(user: Any, matter: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if matter.report.excluded.filter(pk=user.pk).exists():
        return False
    org = matter.organisation_id
    if org in principal_orgs(user):
        return True
    if org in seat_orgs(user) and matter.handlers.filter(pk=user.pk).exists():
        return True
    parent = matter.organisation.parent_id
    return matter.task_force_involved and parent is not None and parent in seat_orgs(user)


def matter_filter(user: Any) -> Q:
    """Pair of `can_view_matter`; the caller also excludes matters naming the user
    (`.exclude(report__excluded=user)`), since a negated many-to-many needs its own
    subquery."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    seats = seat_orgs(user)
    return (
        Q(organisation_id__in=principal_orgs(user))
        | Q(organisation_id__in=seats, handlers=user)
        | Q(task_force_involved=True, organisation__parent_id__in=seats)
    )


def is_handling(user: Any, matter: Any) -> bool:
    """Works the matter: an assigned member with an active seat, or a member of the task
    force once it is involved. The principal sees but does not handle."""
    if matter.report.excluded.filter(pk=user.pk).exists():
        return False
    seats = seat_orgs(user)
    if matter.organisation_id in seats and matter.handlers.filter(pk=user.pk).exists():
        return True
    parent = matter.organisation.parent_id
    return matter.task_force_involved and parent is not None and parent in seats


def can_assign(user: Any, matter: Any) -> bool:
    """The TPPK lead (handling it) assigns members; so does the task force once in."""
    if not is_handling(user, matter):
        return False
    parent = matter.organisation.parent_id
    return is_team_lead(user, matter.organisation_id) or (
        matter.task_force_involved and parent is not None and is_team_member(user, parent)
    )


def can_see_reporter(user: Any, matter: Any) -> bool:
    """Who reported: hidden from everyone but the TPPK lead when the reporter asked for
    confidentiality; otherwise seen by whoever sees the matter."""
    if not can_view_matter(user, matter):
        return False
    if not matter.report.confidential:
        return True
    return is_team_lead(user, matter.organisation_id)


# --- Aggregates --------------------------------------------------------------------------


def can_view_summary(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, Capability.VIEW_AGGREGATES) or is_team_member(
        user, organisation_id
    )


def summary_orgs(user: Any, organisation: Any) -> list[uuid.UUID] | None:
    """The organisations whose counts the user may see from `organisation`: itself (a
    school), or the schools under it (an authority). None when not allowed."""
    if organisation.id in orgs_with_capability(user, Capability.VIEW_CHILD_AGGREGATES):
        return list(organisation.children.values_list("id", flat=True))
    if can_view_summary(user, organisation.id):
        return [organisation.id]
    return None
