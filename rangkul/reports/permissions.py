"""Who sees which reports and exports.

A report's scope follows the current organisation: a district analyst (child aggregates) sees
the organisations under their office; a coordinator or principal (view reports) sees their
own organisation. Exports that name people are for coordinators only (export identifiable).
An export is downloaded only by the person who asked for it, while they still hold the right
to its table.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability


@dataclass(frozen=True)
class Scope:
    kind: str  # "school" (one organisation) or "district" (the organisations under it)
    organisation: Any
    org_ids: list[UUID]

    @property
    def is_district(self) -> bool:
        return self.kind == "district"


def report_scope(user: Any, organisation: Any) -> Scope | None:
    if has_capability(user, organisation.id, Capability.VIEW_CHILD_AGGREGATES):
        children = organisation.children.filter(is_active=True).values_list("id", flat=True)
        return Scope("district", organisation, list(children))
    if has_capability(user, organisation.id, Capability.VIEW_REPORTS):
        return Scope("school", organisation, [organisation.id])
    return None


def can_export_identifiable(user: Any, organisation_id: UUID) -> bool:
    return has_capability(user, organisation_id, Capability.EXPORT_IDENTIFIABLE)


def can_use_table(user: Any, organisation: Any, *, identifiable: bool, district: bool) -> bool:
    """Whether the user may build a table of this kind in this organisation now."""
    scope = report_scope(user, organisation)
    if scope is None or (district and not scope.is_district):
        return False
    return not identifiable or can_export_identifiable(user, organisation.id)


# An export: its requester only (the predicate and the filter side by side).
def is_own_export(user: Any, export: Any) -> bool:
    return bool(user.is_authenticated) and export.requested_by_id == user.pk


def own_export_filter(user: Any) -> Q:
    return Q(requested_by_id=user.pk)
