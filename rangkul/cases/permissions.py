"""Who may see and do what with support requests, cases, messages and notes.

Each rule once, as a predicate for one object and the equivalent Q filter side by side.
A person's part in a case (`case_role`) decides what they see inside it:

- student:     their own case: status, helpers, messages, appointments; never notes.
- peer:        a peer supporter on the case: messages written while it was a peer case
               (never a counselor's), their own contact logs; never counselors' notes.
- counselor:   a professional on the case (lead or team), or a counselor of the
               organisation while the case waits in the counselor queue without a lead.
- coordinator: every case of the organisation.
"""

from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, has_role, orgs_with_capability
from rangkul.accounts.roles import Capability, Role
from rangkul.cases.models import Confidentiality, NoteKind, RequestStatus, Tier

STUDENT, PEER, COUNSELOR, COORDINATOR = "student", "peer", "counselor", "coordinator"
STAFF_ROLES = (COUNSELOR, COORDINATOR)


def _on_team(user: Any, case: Any) -> bool:
    if case.lead_id == user.pk:
        return True
    return case.team.filter(pk=user.pk).exists()


def case_role(user: Any, case: Any) -> str | None:
    org = case.organisation_id
    if case.person.user_id is not None and case.person.user_id == user.pk:
        return STUDENT
    if _on_team(user, case):
        if has_capability(user, org, Capability.WORK_CASES):
            return COUNSELOR
        if has_role(user, org, Role.PEER_SUPPORTER):
            return PEER
    if has_capability(user, org, Capability.OVERSEE_CASES):
        return COORDINATOR
    if (
        case.lead_id is None
        and case.tier != Tier.PEER
        and has_capability(user, org, Capability.WORK_CASES)
    ):
        return COUNSELOR
    return None


# --- Case ---------------------------------------------------------------------------------


def can_view_case(user: Any, case: Any) -> bool:
    return case_role(user, case) is not None


def case_filter(user: Any) -> Q:
    working = orgs_with_capability(user, Capability.WORK_CASES)
    peer_orgs = orgs_with_capability(user, Capability.PEER_SUPPORT)
    return (
        Q(organisation_id__in=orgs_with_capability(user, Capability.OVERSEE_CASES))
        | Q(person__user_id=user.pk)
        | (Q(lead_id=user.pk) & Q(organisation_id__in=working | peer_orgs))
        | (Q(team__id=user.pk) & Q(organisation_id__in=working | peer_orgs))
        | (Q(organisation_id__in=working) & Q(lead__isnull=True) & ~Q(tier=Tier.PEER))
    )


def can_manage_case(user: Any, case: Any) -> bool:
    """Status, tier, lead and team, goals, risk, closing: professionals on the case and
    the coordinator."""
    return case_role(user, case) in STAFF_ROLES


def can_reassign_case(user: Any, case: Any) -> bool:
    return has_capability(user, case.organisation_id, Capability.OVERSEE_CASES) or (
        case.lead_id is None and case_role(user, case) == COUNSELOR
    )


def pseudonym_for(user: Any, case: Any) -> str:
    """The pseudonym a peer supporter sees instead of the student's name, unless the
    student chose to show it; "" when the name may be shown."""
    if case is None or not has_role(user, case.organisation_id, Role.PEER_SUPPORTER):
        return ""  # cheap first: only a peer supporter can be in the peer part of a case
    request = case.request if case.request_id else None
    if request is None or request.show_name_to_peer or case_role(user, case) != PEER:
        return ""
    return request.pseudonym


def can_hand_over(user: Any, case: Any) -> bool:
    return case_role(user, case) == PEER and case.tier == Tier.PEER


# --- Messages -----------------------------------------------------------------------------


def can_read_messages(user: Any, case: Any) -> bool:
    return case_role(user, case) is not None


def can_send_message(user: Any, case: Any) -> bool:
    role = case_role(user, case)
    if not case.is_open or role is None:
        return False
    if role == PEER:
        return case.tier == Tier.PEER
    if role == COORDINATOR:
        return _on_team(user, case)
    return True


def message_filter(user: Any, case: Any) -> Q:
    """Which messages of this case the user may read."""
    role = case_role(user, case)
    if role is None:
        return Q(pk__in=[])
    if role == PEER:
        # Only the peer-tier conversation, and never a counselor's words.
        return Q(tier=Tier.PEER) & ~Q(sender_role=COUNSELOR) & ~Q(sender_role=COORDINATOR)
    return Q()


def can_read_message(user: Any, message: Any) -> bool:
    role = case_role(user, message.case)
    if role is None:
        return False
    if role == PEER:
        return message.tier == Tier.PEER and message.sender_role not in STAFF_ROLES
    return True


# --- Notes --------------------------------------------------------------------------------


def can_see_note_exists(user: Any, note: Any) -> bool:
    role = case_role(user, note.case)
    if role in STAFF_ROLES:
        return True
    return role == PEER and note.kind == NoteKind.CONTACT_LOG


def can_read_note(user: Any, note: Any) -> bool:
    """Content: restricted notes only for the author and the coordinator."""
    if not can_see_note_exists(user, note):
        return False
    if note.confidentiality == Confidentiality.RESTRICTED:
        return note.author_id == user.pk or has_capability(
            user, note.case.organisation_id, Capability.OVERSEE_CASES
        )
    return True


def note_filter(user: Any, case: Any) -> Q:
    """Notes whose existence the user may see in this case."""
    role = case_role(user, case)
    if role in STAFF_ROLES:
        return Q()
    if role == PEER:
        return Q(kind=NoteKind.CONTACT_LOG)
    return Q(pk__in=[])


def can_write_note(user: Any, case: Any, kind: str) -> bool:
    role = case_role(user, case)
    if kind == NoteKind.CONTACT_LOG:
        # A peer writes logs while the case is theirs; after a handover they only read.
        return role in STAFF_ROLES or (role == PEER and case.tier == Tier.PEER and case.is_open)
    return role in STAFF_ROLES


# --- Support requests ---------------------------------------------------------------------


def can_ask_for_help(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.ASK_FOR_HELP)


def can_refer(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.REFER_STUDENTS)


def can_view_request(user: Any, request: Any) -> bool:
    """The whole request, text included."""
    org = request.organisation_id
    if request.person.user_id == user.pk or (
        request.created_by_id == user.pk and has_capability(user, org, Capability.ASK_FOR_HELP)
    ):
        return True
    if has_capability(user, org, Capability.OVERSEE_CASES):
        return True
    if has_capability(user, org, Capability.WORK_CASES) and (
        request.status == RequestStatus.TRIAGE or request.offered_to_id == user.pk
    ):
        return True
    case = getattr(request, "case", None)
    return case is not None and case_role(user, case) in (PEER, COUNSELOR)


def request_filter(user: Any) -> Q:
    working = orgs_with_capability(user, Capability.WORK_CASES)
    helpers = working | orgs_with_capability(user, Capability.PEER_SUPPORT)
    above_peer = [tier for tier in Tier.values if tier != Tier.PEER]
    return (
        Q(person__user_id=user.pk)
        | Q(
            created_by_id=user.pk,
            organisation_id__in=orgs_with_capability(user, Capability.ASK_FOR_HELP),
        )
        | Q(organisation_id__in=orgs_with_capability(user, Capability.OVERSEE_CASES))
        | (Q(organisation_id__in=working) & Q(status=RequestStatus.TRIAGE))
        | (Q(organisation_id__in=working) & Q(offered_to_id=user.pk))
        | (Q(organisation_id__in=helpers) & (Q(case__lead_id=user.pk) | Q(case__team__id=user.pk)))
        # The case waits in the counselor queue: what `case_role` calls a counselor.
        | Q(
            organisation_id__in=working,
            case__isnull=False,
            case__lead__isnull=True,
            case__tier__in=above_peer,
        )
    )


def can_see_detection(user: Any, request: Any) -> bool:
    """The detector's verdict on a request (level, categories, matched words): the
    professionals of its organisation, never the student who wrote it, a referring teacher
    or a peer supporter."""
    if request.person.user_id == user.pk:
        return False
    org = request.organisation_id
    return has_capability(user, org, Capability.WORK_CASES) or has_capability(
        user, org, Capability.OVERSEE_CASES
    )


def can_preview_offer(user: Any, request: Any) -> bool:
    """An offered request, before acceptance: domain, urgency and pseudonym only; to a
    helper who still holds a helper's role there."""
    org = request.organisation_id
    return (
        request.status == RequestStatus.OFFERED
        and request.offered_to_id == user.pk
        and (
            has_capability(user, org, Capability.PEER_SUPPORT)
            or has_capability(user, org, Capability.WORK_CASES)
        )
    )


def offer_filter(user: Any) -> Q:
    helpers = orgs_with_capability(user, Capability.PEER_SUPPORT) | orgs_with_capability(
        user, Capability.WORK_CASES
    )
    return Q(status=RequestStatus.OFFERED, offered_to_id=user.pk, organisation_id__in=helpers)


def can_view_referral_status(user: Any, request: Any) -> bool:
    """A referring teacher sees that the referral was received and is being handled."""
    return request.created_by_id == user.pk


def referral_filter(user: Any) -> Q:
    return Q(created_by_id=user.pk)


def can_assign_request(user: Any, request: Any) -> bool:
    return (
        has_capability(user, request.organisation_id, Capability.WORK_CASES)
        and request.status == RequestStatus.TRIAGE
    ) or has_capability(user, request.organisation_id, Capability.OVERSEE_CASES)
