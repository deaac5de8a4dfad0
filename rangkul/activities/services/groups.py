"""Standing groups: counseling groups, peer circles and psychosocial groups."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.activities import permissions
from rangkul.activities.models import Group, GroupKind
from rangkul.activities.services.activities import resolve_people
from rangkul.activities.services.common import Errors, clean_text
from rangkul.audit import services as audit


def _check(errors: Errors, organisation: Any, *, name: str, kind: str, facilitator: Any) -> str:
    name = clean_text(errors, "name", name, limit=120)
    if not name:
        errors.add("name", _("This field is required."))
    if kind not in GroupKind.values:
        errors.add("kind", _("This value is not one of the allowed choices."))
    if facilitator is not None and not (
        has_capability(facilitator, organisation.id, Capability.WORK_CASES)
        or has_capability(facilitator, organisation.id, Capability.PEER_SUPPORT)
    ):
        errors.add(
            "facilitator",
            _("The facilitator must be a worker or a peer supporter of this organisation."),
        )
    return name


@transaction.atomic
def create_group(
    *,
    by: Any,
    organisation: Any,
    name: str,
    kind: str,
    members: Any = (),
    facilitator: Any = None,
) -> Group:
    if not permissions.can_manage_groups(by, organisation.id):
        raise PermissionDenied(_("You may not manage groups here."))
    errors = Errors()
    facilitator = facilitator or by
    name = _check(errors, organisation, name=name, kind=kind, facilitator=facilitator)
    people = resolve_people(organisation, members, errors, "members")
    errors.raise_if_any()
    group = Group.objects.create(
        organisation=organisation, name=name, kind=kind, facilitator=facilitator
    )
    group.members.set(people)
    audit.record(
        by,
        "group.created",
        group,
        data={"kind": kind, "members": sorted(str(p.pk) for p in people)},
    )
    return group


@transaction.atomic
def update_group(
    *,
    by: Any,
    group: Group,
    name: str,
    kind: str,
    members: Any,
    facilitator: Any = None,
    is_active: bool = True,
) -> Group:
    """Rename, change the facilitator, archive, and set the members of a group."""
    if not permissions.can_manage_group(by, group):
        raise PermissionDenied(_("You may not manage groups here."))
    organisation = group.organisation
    errors = Errors()
    facilitator = facilitator or group.facilitator or by
    name = _check(errors, organisation, name=name, kind=kind, facilitator=facilitator)
    people = resolve_people(organisation, members, errors, "members")
    if not errors.by_field and not people and is_active:
        errors.add("members", _("An active group needs at least one member."))
    errors.raise_if_any()
    before = set(group.members.values_list("pk", flat=True))
    group.name, group.kind, group.facilitator, group.is_active = (
        name,
        kind,
        facilitator,
        is_active,
    )
    group.save()
    group.members.set(people)
    after = {p.pk for p in people}
    audit.record(
        by,
        "group.updated",
        group,
        data={
            "added": sorted(str(pk) for pk in after - before),
            "removed": sorted(str(pk) for pk in before - after),
            "is_active": is_active,
        },
    )
    return group
