"""Who may see and do what with support requests, cases, messages and notes: the one
home of case access.

Each rule once, as a predicate for one object and the equivalent Q filter side by side,
composed from the named pieces below. The activities rules, the counselor queue and the
templates' flags are composed from the same pieces.

Two people stand behind a request and they are not the same: its **owner** (`created_by`,
who made it: the student asking, or the teacher referring) and its **subject** (`person`,
whom it is about). Every rule below says which one it uses.

A person's part in a case (`case_role`) decides what they see inside it:

- student:     the case's subject: status, helpers, messages, appointments; never notes.
- peer:        a peer supporter on the case: messages written while it was a peer case
               (never a counselor's), their own contact logs; never counselors' notes.
- counselor:   a professional on the case (lead or team), or a counselor of the
               organisation while the case waits in the counselor queue.
- coordinator: every case of the organisation.
"""

import uuid
from typing import Any

from django.db.models import Q

from rangkul.accounts.permissions import has_capability, has_role, orgs_with_capability
from rangkul.accounts.roles import Capability, Role
from rangkul.cases.models import (
    Case,
    Confidentiality,
    NoteKind,
    ReferralStatus,
    RequestStatus,
    Source,
    Tier,
)
from rangkul.people.models import Person

STUDENT, PEER, COUNSELOR, COORDINATOR = "student", "peer", "counselor", "coordinator"
# The professional parts in a case (not organisation roles: see accounts.roles.STAFF_ROLES).
PROFESSIONAL_PARTS = (COUNSELOR, COORDINATOR)


# --- Named pieces ---------------------------------------------------------------------------
# Each piece as a predicate and a Q filter. `prefix` lets a filter on another model reach
# the case ("case__") or the request.


def is_subject(user: Any, obj: Any) -> bool:
    """Subject: the case or request is about this user's own person record."""
    return obj.person.user_id is not None and obj.person.user_id == user.pk


def subject_q(user: Any, prefix: str = "") -> Q:
    return subject_q_of(user.pk, prefix)


def subject_q_of(user_id: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}person__user_id": user_id})


def waits_in_counselor_queue(case: Any) -> bool:
    """A case without a lead above the peer tier (e.g. handed over by a peer supporter):
    any counselor of the organisation may pick it up."""
    return case.lead_id is None and case.tier != Tier.PEER


def counselor_queue_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead__isnull": True}) & ~Q(**{f"{prefix}tier": Tier.PEER})


def on_team(user: Any, case: Any) -> bool:
    """Lead or team member of the case."""
    if case.lead_id == user.pk:
        return True
    return case.team.filter(pk=user.pk).exists()


def on_team_q(user: Any, prefix: str = "") -> Q:
    return on_team_q_of(user.pk, prefix)


def on_team_q_of(user_id: Any, prefix: str = "") -> Q:
    return Q(**{f"{prefix}lead_id": user_id}) | Q(**{f"{prefix}team__id": user_id})


def staff_on_case_q(user: Any, prefix: str = "") -> Q:
    """The professional parts of `case_role` as a filter on cases: the coordinator, a
    counselor on the team, or a counselor while the case waits in the counselor queue;
    never a case about the user."""
    return staff_on_case_q_of(user.pk, **staff_scope(user), prefix=prefix)


def staff_on_case_q_of(user_id: Any, *, oversee: Any, working: Any, prefix: str = "") -> Q:
    """`staff_on_case_q` from plain values (the organisations where the user oversees
    and works cases), for a prepared query."""
    org = f"{prefix}organisation_id__in"
    return ~subject_q_of(user_id, prefix) & (
        Q(**{org: oversee})
        | (on_team_q_of(user_id, prefix) & Q(**{org: working}))
        | (Q(**{org: working}) & counselor_queue_q(prefix))
    )


def is_staff_on_case(user: Any, case: Any) -> bool:
    return case_role(user, case) in PROFESSIONAL_PARTS


# --- Case -----------------------------------------------------------------------------------


def case_role(user: Any, case: Any) -> str | None:
    org = case.organisation_id
    if is_subject(user, case):
        return STUDENT
    if on_team(user, case):
        if has_capability(user, org, Capability.WORK_CASES):
            return COUNSELOR
        if has_role(user, org, Role.PEER_SUPPORTER):
            return PEER
    if has_capability(user, org, Capability.OVERSEE_CASES):
        return COORDINATOR
    if waits_in_counselor_queue(case) and has_capability(user, org, Capability.WORK_CASES):
        return COUNSELOR
    return None


def can_see_caseload(user: Any, organisation_id: Any) -> bool:
    """The caseload page: workers of the organisation and its peer supporters."""
    return has_capability(user, organisation_id, Capability.WORK_CASES) or has_role(
        user, organisation_id, Role.PEER_SUPPORTER
    )


def can_work_triage(user: Any, organisation_id: Any) -> bool:
    """The triage queue and its requests: workers of the organisation."""
    return has_capability(user, organisation_id, Capability.WORK_CASES)


def can_view_case(user: Any, case: Any) -> bool:
    return case_role(user, case) is not None


def case_filter(user: Any) -> Q:
    return case_filter_of(user.pk, **case_scope(user))


def case_scope(user: Any) -> dict[str, list[uuid.UUID]]:
    """The organisations `case_filter` reads for a user, as plain sorted lists: where they
    oversee cases, where they work cases, and where they work or support as a peer."""
    working = orgs_with_capability(user, Capability.WORK_CASES)
    peer_orgs = orgs_with_capability(user, Capability.PEER_SUPPORT)
    return {**staff_scope(user), "on_team_in": sorted(working | peer_orgs, key=str)}


def staff_scope(user: Any) -> dict[str, list[uuid.UUID]]:
    """The organisations `staff_on_case_q` reads for a user, as plain sorted lists."""
    return {
        "oversee": sorted(orgs_with_capability(user, Capability.OVERSEE_CASES), key=str),
        "working": sorted(orgs_with_capability(user, Capability.WORK_CASES), key=str),
    }


def case_filter_of(
    user_id: Any, *, oversee: list[Any], working: list[Any], on_team_in: list[Any]
) -> Q:
    """`case_filter` from plain values (`case_scope`), for a prepared query."""
    # The same rules as `subject_q` and `on_team_q`, written without joins (the person
    # and the team as small sub-selects): a filter on the case's own columns, which the
    # planner serves from the organisation's index and which never duplicates a case.
    own_people = Person.objects.filter(user_id=user_id).values("pk")
    teams = Case.team.through.objects.filter(user_id=user_id).values("case_id")
    return (
        Q(organisation_id__in=oversee)
        | Q(person_id__in=own_people)
        | ((Q(lead_id=user_id) | Q(pk__in=teams)) & Q(organisation_id__in=on_team_in))
        | (Q(organisation_id__in=working) & counselor_queue_q())
    )


def can_manage_case(user: Any, case: Any) -> bool:
    """Status, tier, lead and team, goals, risk, closing: professionals on the case and
    the coordinator."""
    return is_staff_on_case(user, case)


def can_reassign_case(user: Any, case: Any) -> bool:
    return has_capability(user, case.organisation_id, Capability.OVERSEE_CASES) or (
        case.lead_id is None and case_role(user, case) == COUNSELOR
    )


def can_take_case(user: Any, case: Any) -> bool:
    """The "take this case" button: a case without a lead, still open."""
    return case.lead_id is None and case.is_open and can_reassign_case(user, case)


def can_set_lead(user: Any, case: Any) -> bool:
    """Whoever may reassign, and the lead handing the case on."""
    return can_reassign_case(user, case) or (
        case.lead_id == user.pk and can_manage_case(user, case)
    )


def may_see_pseudonyms(user: Any, organisation_id: Any) -> bool:
    """Whether any case of the organisation can show this user a pseudonym (the first,
    cheap test of `pseudonym_for`, once for a whole list)."""
    return has_role(user, organisation_id, Role.PEER_SUPPORTER)


def pseudonym_for(user: Any, case: Any) -> str:
    """The pseudonym a peer supporter sees instead of the subject's name, unless the
    student chose to show it; "" when the name may be shown."""
    if case is None or not may_see_pseudonyms(user, case.organisation_id):
        return ""  # cheap first: only a peer supporter can be in the peer part of a case
    support_request = case.request if case.request_id else None
    if (
        support_request is None
        or support_request.show_name_to_peer
        or case_role(user, case) != PEER
    ):
        return ""
    return support_request.pseudonym


def sender_id_for(reader: Any, message: Any, *, pseudonymous: bool | None = None) -> uuid.UUID:
    """The id of a message's sender as this reader may see it. A peer who sees the student
    under a pseudonym gets, for everyone in the thread, an id made for this case only, so
    that two requests of one student cannot be linked. `pseudonymous`: that decision,
    when the caller already made it for the case."""
    if pseudonymous is None:
        pseudonymous = reader is not None and bool(pseudonym_for(reader, message.case))
    if pseudonymous:
        return uuid.uuid5(message.case_id, str(message.sender.public_id))
    return message.sender.public_id


def can_hand_over(user: Any, case: Any) -> bool:
    return case_role(user, case) == PEER and case.tier == Tier.PEER


def can_see_request_text(user: Any, case: Any) -> bool:
    """The peer on the case reads what the student wrote above the conversation (staff read
    it in the triage view and the timeline)."""
    return case.request_id is not None and case_role(user, case) == PEER


def can_see_tier_reason(user: Any, tier_change: Any, role: str | None) -> bool:
    """A peer reads the reason of their own handover only; staff read every reason."""
    return role != PEER or tier_change.by_id == user.pk


# --- Messages -------------------------------------------------------------------------------


def can_read_messages(user: Any, case: Any) -> bool:
    return case_role(user, case) is not None


def can_send_message(user: Any, case: Any) -> bool:
    role = case_role(user, case)
    if not case.is_open or role is None:
        return False
    if role == PEER:
        return case.tier == Tier.PEER
    if role == COORDINATOR:
        return on_team(user, case)
    return True


def message_filter(user: Any, case: Any) -> Q:
    """Which messages of this case the user may read."""
    role = case_role(user, case)
    if role is None:
        return Q(pk__in=[])
    if role == PEER:
        # Only the peer-tier conversation, and never a counselor's words.
        return Q(tier=Tier.PEER) & ~Q(sender_role__in=PROFESSIONAL_PARTS)
    return Q()


def can_read_message(user: Any, message: Any) -> bool:
    role = case_role(user, message.case)
    if role is None:
        return False
    if role == PEER:
        return message.tier == Tier.PEER and message.sender_role not in PROFESSIONAL_PARTS
    return True


# --- Notes ----------------------------------------------------------------------------------


def can_see_note_exists(user: Any, note: Any) -> bool:
    role = case_role(user, note.case)
    if role in PROFESSIONAL_PARTS:
        return True
    return role == PEER and note.kind == NoteKind.CONTACT_LOG


def can_read_note(user: Any, note: Any) -> bool:
    """Content: a restricted note only for its author. The coordinator may open one only
    by breaking the glass (`can_break_glass`), with a reason, audited."""
    if not can_see_note_exists(user, note):
        return False
    if note.confidentiality == Confidentiality.RESTRICTED:
        return bool(note.author_id == user.pk)
    return True


def can_break_glass(user: Any, note: Any) -> bool:
    """A restricted note the user may open only by giving a reason: the coordinator's."""
    return (
        note.confidentiality == Confidentiality.RESTRICTED
        and note.author_id != user.pk
        and has_capability(user, note.case.organisation_id, Capability.OVERSEE_CASES)
        and can_see_note_exists(user, note)
    )


def note_filter(user: Any, case: Any) -> Q:
    """Notes whose existence the user may see in this case."""
    role = case_role(user, case)
    if role in PROFESSIONAL_PARTS:
        return Q()
    if role == PEER:
        return Q(kind=NoteKind.CONTACT_LOG)
    return Q(pk__in=[])


def can_write_note(user: Any, case: Any, kind: str) -> bool:
    role = case_role(user, case)
    if kind == NoteKind.CONTACT_LOG:
        # A peer writes logs while the case is theirs; after a handover they only read.
        return role in PROFESSIONAL_PARTS or (
            role == PEER and case.tier == Tier.PEER and case.is_open
        )
    return role in PROFESSIONAL_PARTS


# --- Support requests -----------------------------------------------------------------------


def can_ask_for_help(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.ASK_FOR_HELP)


def can_refer(user: Any, organisation_id: Any) -> bool:
    return has_capability(user, organisation_id, Capability.REFER_STUDENTS)


def is_own_request(user: Any, support_request: Any) -> bool:
    """Owner: a request the student made themselves. A teacher's referral about them
    (they are only its subject) is not theirs: they neither read nor withdraw it."""
    return support_request.created_by_id == user.pk and support_request.source == Source.STUDENT


def own_request_q(user: Any) -> Q:
    return own_request_q_of(user.pk)


def own_request_q_of(user_id: Any) -> Q:
    return Q(created_by_id=user_id, source=Source.STUDENT)


def can_withdraw_request(user: Any, support_request: Any) -> bool:
    """Owner only, while nobody has accepted it."""
    return is_own_request(user, support_request) and support_request.status in (
        RequestStatus.TRIAGE,
        RequestStatus.OFFERED,
    )


def can_view_request(user: Any, support_request: Any) -> bool:
    """The whole request, text included: its owner when a student (a referring teacher
    sees only `referral_status`), the coordinator, counselors while it waits in triage or
    is offered to them, and the helpers of the case it opened."""
    org = support_request.organisation_id
    if is_own_request(user, support_request):
        return True
    if has_capability(user, org, Capability.OVERSEE_CASES):
        return True
    if has_capability(user, org, Capability.WORK_CASES) and (
        support_request.status == RequestStatus.TRIAGE or support_request.offered_to_id == user.pk
    ):
        return True
    case = getattr(support_request, "case", None)
    return case is not None and case_role(user, case) in (PEER, COUNSELOR)


def request_filter(user: Any) -> Q:
    return request_filter_of(user.pk, **case_scope(user))


def request_filter_of(
    user_id: Any, *, oversee: list[Any], working: list[Any], on_team_in: list[Any]
) -> Q:
    """`request_filter` from plain values (`case_scope`: where the user oversees cases,
    works cases, and works or supports as a peer), for a prepared query."""
    # The case parts as small sub-selects of request ids rather than joins (as in
    # `case_filter`): a filter on the request's own columns never duplicates a request,
    # so lists need no DISTINCT and the triage queue is read from its index.
    cases = Case.objects.filter(request_id__isnull=False)
    teams = Case.team.through.objects.filter(user_id=user_id).values("case_id")
    on_team = cases.filter(Q(lead_id=user_id) | Q(pk__in=teams)).values("request_id")
    queued = cases.filter(counselor_queue_q(), organisation_id__in=working).values("request_id")
    return (
        own_request_q_of(user_id)
        | Q(organisation_id__in=oversee)
        | (Q(organisation_id__in=working) & Q(status=RequestStatus.TRIAGE))
        | (Q(organisation_id__in=working) & Q(offered_to_id=user_id))
        | (Q(organisation_id__in=on_team_in) & Q(pk__in=on_team))
        | (Q(organisation_id__in=working) & Q(pk__in=queued))
    )


def can_see_detection(user: Any, support_request: Any) -> bool:
    """The detector's verdict on a request (level, categories, matched words): the
    professionals of its organisation, never the student it is about, a referring teacher
    or a peer supporter."""
    if is_subject(user, support_request):
        return False
    org = support_request.organisation_id
    return has_capability(user, org, Capability.WORK_CASES) or has_capability(
        user, org, Capability.OVERSEE_CASES
    )


def can_preview_offer(user: Any, support_request: Any) -> bool:
    """An offered request, before acceptance: domain, urgency and pseudonym only; to a
    helper who still holds a helper's role there."""
    org = support_request.organisation_id
    return (
        support_request.status == RequestStatus.OFFERED
        and support_request.offered_to_id == user.pk
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


def can_view_referral_status(user: Any, support_request: Any) -> bool:
    """Owner: a referring teacher sees only `referral_status` of their referrals."""
    return support_request.created_by_id == user.pk and support_request.is_referral


def referral_filter(user: Any) -> Q:
    return Q(created_by_id=user.pk, source=Source.TEACHER)


def referral_status(support_request: Any) -> ReferralStatus:
    """The one status a referring teacher reads, on the page, the tile and the API."""
    if support_request.status == RequestStatus.ACCEPTED:
        return ReferralStatus.BEING_HANDLED
    if support_request.status == RequestStatus.WITHDRAWN:
        return ReferralStatus.CLOSED
    return ReferralStatus.RECEIVED


def can_assign_request(user: Any, support_request: Any) -> bool:
    return (
        has_capability(user, support_request.organisation_id, Capability.WORK_CASES)
        and support_request.status == RequestStatus.TRIAGE
    ) or has_capability(user, support_request.organisation_id, Capability.OVERSEE_CASES)
