"""Creating and editing psychosocial programmes, and moving them through their statuses."""

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.lib.text import check_text
from rangkul.psychosocial import permissions
from rangkul.psychosocial.models import (
    PROGRAMME_TRANSITIONS,
    Programme,
    ProgrammeStatus,
    TargetGroup,
    joined,
)
from rangkul.regions.models import Region


@dataclass
class ProgrammeData:
    name: str
    region_code: str
    starts_on: date | None
    ends_on: date | None = None
    target_groups: list[str] = field(default_factory=list)
    description: str = ""
    team: list[Any] = field(default_factory=list)
    status: str = ProgrammeStatus.PLANNED


def transition(programme: Programme, to: str) -> None:
    """The one way a programme changes status; refuses moves the table does not allow."""
    if to != programme.status and to not in PROGRAMME_TRANSITIONS.get(programme.status, ()):
        raise ValidationError(
            {
                "status": _("A programme that is %(current)s cannot become %(target)s.")
                % {
                    "current": ProgrammeStatus(programme.status).label.lower(),
                    "target": ProgrammeStatus(to).label.lower()
                    if to in ProgrammeStatus.values
                    else to,
                }
            }
        )
    programme.status = to


def field_workers(organisation_id: Any) -> list[Any]:
    """Users who hold the field worker role in the organisation (the team's candidates)."""
    rows = Membership.objects.filter(
        organisation_id=organisation_id, role=Role.FIELD_WORKER, user__is_active=True
    ).select_related("user")
    return sorted({m.user for m in rows}, key=lambda u: u.get_full_name() or u.username)


@transaction.atomic
def save_programme(
    *, by: Any, organisation: Any, data: ProgrammeData, programme: Programme | None = None
) -> Programme:
    if not permissions.can_manage_programmes(by, organisation.pk):
        raise PermissionDenied(_("Only the coordinator or administrator keeps programmes."))
    if programme is not None and programme.organisation_id != organisation.pk:
        raise PermissionDenied(_("Only the coordinator or administrator keeps programmes."))
    errors: dict[str, str] = {}
    name, problem = check_text(data.name, limit=150, empty=_("Name the programme."))
    if problem:
        errors["name"] = problem
    elif (
        Programme.objects.filter(organisation=organisation, name__iexact=name)
        .exclude(pk=programme.pk if programme else uuid.UUID(int=0))
        .exists()
    ):
        errors["name"] = _("This organisation already has a programme with this name.")
    description, problem = check_text(data.description, limit=2000, required=False)
    if problem:
        errors["description"] = problem
    region = Region.objects.filter(pk=data.region_code).first() if data.region_code else None
    if region is None:
        errors["region"] = _("Choose where the programme works.")
    if data.starts_on is None:
        errors["starts_on"] = _("Give the day the programme starts.")
    elif data.ends_on is not None and data.ends_on < data.starts_on:
        errors["ends_on"] = _("The programme cannot end before it starts.")
    unknown = [g for g in data.target_groups if g not in TargetGroup.values]
    if unknown:
        errors["target_groups"] = _("This value is not one of the allowed choices.")
    allowed = {u.pk for u in field_workers(organisation.pk)}
    team = list(data.team)
    if any(u.pk not in allowed for u in team):
        errors["team"] = _("The team is made of field workers of this organisation.")
    if data.status not in ProgrammeStatus.values:
        errors["status"] = _("This value is not one of the allowed choices.")
    if errors:
        raise ValidationError(errors)
    created = programme is None
    if programme is None:
        programme = Programme(organisation=organisation, created_by=by, status=data.status)
    else:
        transition(programme, data.status)
    programme.name = name
    programme.description = description
    programme.region = region  # type: ignore[assignment]
    programme.starts_on = data.starts_on  # type: ignore[assignment]
    programme.ends_on = data.ends_on
    programme.target_groups = joined([g for g in TargetGroup.values if g in data.target_groups])
    programme.save()
    programme.team.set(team)
    audit.record(
        by,
        "psychosocial_programme.created" if created else "psychosocial_programme.changed",
        programme,
        organisation=organisation,
        data={"status": programme.status, "team": len(team), "region": programme.region_id},
    )
    return programme
