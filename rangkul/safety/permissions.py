"""Who sees and changes what in safety: alerts, the duty roster, organisation phrases,
local crisis resources and the organisation's safety settings.

Each rule is written once, as a predicate for one object and the matching Q filter side
by side, so lists and detail pages agree.

- Alerts: the organisation's responders (counselors and the coordinator), plus a staff
  member the ladder told about that alert (the safeguarding lead, an out-of-hours contact
  without a responder role). Peer supporters, students, teachers and principals never see
  other students' alerts unless they are named safeguarding lead or out-of-hours contact.
- Roster, phrases and crisis resources: seen by responders, changed by the coordinator.
- Settings: seen and changed by the coordinator and the administrator (who manages the
  organisation's settings but sees no alert); counselors see them.
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, orgs_with_capability, staff_orgs
from rangkul.accounts.roles import CAPABILITIES, Capability
from rangkul.safety.models import AlertEscalation

C = Capability

# Roles whose holders may stand on the roster: counselors and the coordinator.
DUTY_ROLES = frozenset(role for role, caps in CAPABILITIES.items() if C.RESPOND_TO_ALERTS in caps)


_staff_orgs = staff_orgs


# --- alerts ---------------------------------------------------------------------------------


def can_view_alert(user: Any, alert: Any) -> bool:
    if has_capability(user, alert.organisation_id, C.RESPOND_TO_ALERTS):
        return True
    if alert.organisation_id not in _staff_orgs(user):
        return False
    return alert.escalations.filter(recipient_id=user.pk).exists()


def alert_filter(user: Any) -> Q:
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    told = AlertEscalation.objects.filter(recipient_id=user.pk).values("alert_id")
    return Q(organisation_id__in=orgs_with_capability(user, C.RESPOND_TO_ALERTS)) | Q(
        organisation_id__in=_staff_orgs(user), pk__in=told
    )


# Acknowledging and resolving follow the same rule as seeing.
can_handle_alert = can_view_alert


def can_see_alert_dashboard(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, C.RESPOND_TO_ALERTS)


# --- roster, phrases, crisis resources: responders see, the coordinator changes -------------


def can_view_safety_lists(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, C.RESPOND_TO_ALERTS)


def can_edit_safety_lists(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, C.OVERSEE_CASES)


def safety_lists_filter(user: Any) -> Q:
    """Shifts, organisation phrases and local crisis resources the user may see."""
    return Q(organisation_id__in=orgs_with_capability(user, C.RESPOND_TO_ALERTS))


def can_view_org_object(user: Any, obj: Any) -> bool:
    """A shift, phrase or local crisis resource (each carries its organisation)."""
    return can_view_safety_lists(user, obj.organisation_id)


def can_edit_org_object(user: Any, obj: Any) -> bool:
    return can_edit_safety_lists(user, obj.organisation_id)


# The same rule under the names pages and tests read naturally.
can_view_roster = can_view_safety_lists
can_edit_roster = can_edit_safety_lists
can_view_phrases = can_view_safety_lists
can_edit_phrases = can_edit_safety_lists
can_view_resources = can_view_safety_lists
can_edit_resources = can_edit_safety_lists


# --- safety settings ------------------------------------------------------------------------


def can_view_settings(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return can_edit_settings(user, organisation_id) or has_capability(
        user, organisation_id, C.RESPOND_TO_ALERTS
    )


def can_edit_settings(user: Any, organisation_id: uuid.UUID | None) -> bool:
    return has_capability(user, organisation_id, C.OVERSEE_CASES) or has_capability(
        user, organisation_id, C.MANAGE_MEMBERS
    )


def settings_filter(user: Any) -> Q:
    orgs = (
        orgs_with_capability(user, C.RESPOND_TO_ALERTS)
        | orgs_with_capability(user, C.OVERSEE_CASES)
        | orgs_with_capability(user, C.MANAGE_MEMBERS)
    )
    return Q(organisation_id__in=orgs)
