"""Who may see and do what with activities, appointments, time slots and groups.

Each rule once, as a predicate for one object and the equivalent Q filter side by side.

An activity's whole record (kind, topic, participants, notes, follow-ups) is seen by:
- its facilitator, while they hold a role in the organisation;
- staff on its case (case_role counselor or coordinator);
- the coordinator of the organisation;
- workers of the organisation, for class and group work that belongs to no case.
A student sees only their own appointments: time, mode, place, the helper's name, status.
Peer supporters see the peer meetings they facilitate and nothing else.
"""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import (
    has_capability,
    has_role,
    orgs_with_capability,
    roles_by_org,
)
from rangkul.accounts.roles import Capability, Role
from rangkul.activities.models import (
    ORG_WIDE_KINDS,
    STUDENT_VISIBLE_KINDS,
    ActivityStatus,
    Kind,
    Participant,
)
from rangkul.cases import permissions as case_access
from rangkul.cases.models import Case, Tier
from rangkul.cases.permissions import PEER, case_role

# The pseudonym rule lives with case_role; activities show it too.
from rangkul.cases.permissions import pseudonym_for as pseudonym_for
from rangkul.peers import permissions as peer_permissions

FULL, APPOINTMENT = "full", "appointment"


def _member_orgs(user: Any) -> list[Any]:
    return list(roles_by_org(user))


def _is_member(user: Any, organisation_id: Any) -> bool:
    return organisation_id in roles_by_org(user)


# --- Cases on which the user works as staff ------------------------------------------------
# Named once in cases.permissions (the professional parts of case_role).

staff_case_filter = case_access.staff_on_case_q
works_on_case = case_access.is_staff_on_case


# --- Activity: the whole record ------------------------------------------------------------


def can_view_activity(user: Any, activity: Any) -> bool:
    org = activity.organisation_id
    if activity.facilitator_id == user.pk and _is_member(user, org):
        return True
    if activity.case_id is not None and works_on_case(user, activity.case):
        return True
    if has_capability(user, org, Capability.OVERSEE_CASES):
        return True
    return (
        activity.case_id is None
        and activity.kind in ORG_WIDE_KINDS
        and has_capability(user, org, Capability.WORK_CASES)
    )


def activity_filter(user: Any) -> Q:
    return activity_filter_of(user.pk, **activity_scope(user))


def activity_scope(user: Any) -> dict[str, list[Any]]:
    """The organisations the activity rules read for a user, as plain sorted lists."""
    return {
        "member_of": sorted(_member_orgs(user), key=str),
        "oversee": sorted(orgs_with_capability(user, Capability.OVERSEE_CASES), key=str),
        "working": sorted(orgs_with_capability(user, Capability.WORK_CASES), key=str),
        "asking": sorted(orgs_with_capability(user, Capability.ASK_FOR_HELP), key=str),
    }


def activity_filter_of(
    user_id: Any, *, member_of: list[Any], oversee: list[Any], working: list[Any], **_: Any
) -> Q:
    """`activity_filter` from plain values (`activity_scope`), for a prepared query."""
    # Subqueries keep the case team join from duplicating rows.
    staff = case_access.staff_on_case_q_of(user_id, oversee=oversee, working=working)
    staff_cases = Case.objects.filter(staff).values("pk")
    return (
        Q(facilitator_id=user_id, organisation_id__in=member_of)
        | Q(case_id__in=staff_cases)
        | Q(organisation_id__in=oversee)
        | Q(organisation_id__in=working, case__isnull=True, kind__in=ORG_WIDE_KINDS)
    )


# --- Activity: a student's own appointment -------------------------------------------------


def is_own_appointment(user: Any, activity: Any) -> bool:
    return (
        activity.kind in STUDENT_VISIBLE_KINDS
        and has_capability(user, activity.organisation_id, Capability.ASK_FOR_HELP)
        and Participant.objects.filter(activity=activity, person__user_id=user.pk).exists()
    )


def own_appointment_filter(user: Any) -> Q:
    return own_appointment_filter_of(
        user.pk, asking=orgs_with_capability(user, Capability.ASK_FOR_HELP)
    )


def own_appointment_filter_of(user_id: Any, *, asking: Any, **_: Any) -> Q:
    """`own_appointment_filter` from plain values (`activity_scope`)."""
    mine = Participant.objects.filter(person__user_id=user_id).values("activity_id")
    return Q(kind__in=STUDENT_VISIBLE_KINDS, organisation_id__in=asking, pk__in=mine)


def activity_access(user: Any, activity: Any) -> str | None:
    """FULL, APPOINTMENT (the limited view of one's own appointment) or None."""
    if can_view_activity(user, activity):
        return FULL
    if is_own_appointment(user, activity):
        return APPOINTMENT
    return None


# --- Activity: writing ---------------------------------------------------------------------


def can_log_activity(user: Any, organisation_id: Any, kind: str, case: Any = None) -> bool:
    """Peer supporters log peer meetings on their own peer cases; workers log every other
    kind, on a case only when they work on it."""
    if case is not None and case.organisation_id != organisation_id:
        return False
    if kind == Kind.PEER_MEETING:
        return case is not None and case.tier == Tier.PEER and case_role(user, case) == PEER
    if not has_capability(user, organisation_id, Capability.WORK_CASES):
        return False
    return case is None or works_on_case(user, case)


def can_log_anything(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.WORK_CASES) or has_capability(
        user, organisation_id, Capability.PEER_SUPPORT
    )


def can_manage_activity(user: Any, activity: Any) -> bool:
    """Mark done, cancel, take attendance: whoever sees the whole record."""
    return can_view_activity(user, activity)


def can_cancel_activity(user: Any, activity: Any) -> bool:
    """A student may also cancel their own appointment while it is still scheduled."""
    if activity.status != ActivityStatus.SCHEDULED:
        return False
    return can_manage_activity(user, activity) or is_own_appointment(user, activity)


# --- Time slots ----------------------------------------------------------------------------
# The counselor's own slots; every slot of the organisation for the coordinator; students
# see the slots of their organisation (only free ones are listed to them).


def can_publish_slots(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.WORK_CASES)


def can_view_slot(user: Any, slot: Any) -> bool:
    org = slot.organisation_id
    return (
        (slot.counselor_id == user.pk and _is_member(user, org))
        or has_capability(user, org, Capability.OVERSEE_CASES)
        or has_capability(user, org, Capability.ASK_FOR_HELP)
    )


def slot_filter(user: Any) -> Q:
    return (
        Q(counselor_id=user.pk, organisation_id__in=_member_orgs(user))
        | Q(organisation_id__in=orgs_with_capability(user, Capability.OVERSEE_CASES))
        | Q(organisation_id__in=orgs_with_capability(user, Capability.ASK_FOR_HELP))
    )


def can_delete_slot(user: Any, slot: Any) -> bool:
    return (
        slot.counselor_id == user.pk and can_publish_slots(user, slot.organisation_id)
    ) or has_capability(user, slot.organisation_id, Capability.OVERSEE_CASES)


def can_book_slot(user: Any, slot: Any) -> bool:
    return slot.counselor_id != user.pk and has_capability(
        user, slot.organisation_id, Capability.ASK_FOR_HELP
    )


def can_book_slots(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.ASK_FOR_HELP)


# --- Groups --------------------------------------------------------------------------------
# Workers of the organisation, and the group's facilitator (e.g. a peer leading a circle).


def can_view_group(user: Any, group: Any) -> bool:
    org = group.organisation_id
    return has_capability(user, org, Capability.WORK_CASES) or (
        group.facilitator_id == user.pk and _is_member(user, org)
    )


def group_filter(user: Any) -> Q:
    return Q(organisation_id__in=orgs_with_capability(user, Capability.WORK_CASES)) | Q(
        facilitator_id=user.pk, organisation_id__in=_member_orgs(user)
    )


def can_manage_groups(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.WORK_CASES)


def can_manage_group(user: Any, group: Any) -> bool:
    return can_manage_groups(user, group.organisation_id)


# --- Contact pulse after a peer meeting ----------------------------------------------------
# Only the student it asks answers and sees it. Nobody else reads one pulse: the programme
# lead sees counts (suppressed below five), and the peer supporter never sees anything.


def can_answer_pulse(user: Any, pulse: Any) -> bool:
    return pulse.person.user_id == user.pk and user.pk is not None


def pulse_respondent_filter(user: Any) -> Q:
    return Q(person__user_id=user.pk) if user.pk is not None else Q(pk__in=[])


def can_view_pulse_summary(user: Any, organisation_id: Any) -> bool:
    return peer_permissions.can_run_programme(user, organisation_id)


# --- Supervision of peer supporters --------------------------------------------------------


def can_record_supervision(user: Any, organisation_id: Any) -> bool:
    """Counselors supervise peers (the coordinator too); the session is an activity."""
    return can_log_activity(user, organisation_id, Kind.SUPERVISION)


# A peer supporter reads the supervision sessions they took part in: when, the supervising
# counselor, the status and the actions agreed. Never who else was there or which cases
# were talked through (the session's activity record stays closed to them).


def can_see_own_supervision(user: Any, organisation_id: Any) -> bool:
    return has_role(user, organisation_id, Role.PEER_SUPPORTER)


def own_supervision_filter(user: Any) -> Q:
    if user.pk is None:
        return Q(pk__in=[])
    return Q(kind=Kind.SUPERVISION, supervision__peers__user_id=user.pk)
