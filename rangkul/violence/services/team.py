"""The TPPK of a school and the task force of an authority: seats and their roles."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import is_staff_now
from rangkul.audit import services as audit
from rangkul.violence import permissions
from rangkul.violence.models import TeamMember, TeamRole


@transaction.atomic
def add_team_member(*, by: Any, organisation: Any, user: Any, role: str) -> TeamMember:
    """Give a staff member of the organisation a seat (lead or member) in its team."""
    if not permissions.can_manage_team(by, organisation.id):
        raise PermissionDenied(_("You may not change this team."))
    if role not in TeamRole.values:
        raise ValidationError({"role": _("Choose lead or member.")})
    if user is None or not is_staff_now(user, organisation.id):
        raise ValidationError({"user": _("Only staff of this organisation can join its team.")})
    if TeamMember.objects.filter(
        organisation=organisation, user=user, removed_at__isnull=True
    ).exists():
        raise ValidationError({"user": _("This person is already on the team.")})
    seat = TeamMember.objects.create(organisation=organisation, user=user, role=role, added_by=by)
    audit.record(by, "violence.team_member_added", seat, data={"role": role, "user": user.pk})
    return seat


@transaction.atomic
def remove_team_member(*, by: Any, seat: TeamMember) -> TeamMember:
    """End a seat. The member stops seeing the team's matters at once."""
    if not permissions.can_manage_team(by, seat.organisation_id):
        raise PermissionDenied(_("You may not change this team."))
    seat = TeamMember.objects.select_for_update().get(pk=seat.pk)
    if seat.removed_at is None:
        seat.removed_at = timezone.now()
        seat.save(update_fields=["removed_at"])
        audit.record(by, "violence.team_member_removed", seat, data={"user": seat.user_id})
    return seat
