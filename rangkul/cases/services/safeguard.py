"""The promise that holds after a peer has accepted: every message and contact log in a
peer case is checked, and what is found changes who carries the case.

- Urgent: the case moves to the counselors at once. The alert is raised, a counselor
  becomes the lead (the one on duty, else the coordinator, else any counselor), the peer
  supporter stays on the team but reads nothing written after the hand-over and is told
  so, and the student is told that a counselor is joining, with the crisis resources.
- Concern: a counselor joins the team and the peer supporter is asked to hand over; the
  supervising coordinator is told.
- A phone number or a move to another app, by anyone in the conversation: flagged to the
  supervising counselors as an alert about the case.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rangkul.accounts.queries import members_with_roles
from rangkul.accounts.roles import Role
from rangkul.audit import services as audit
from rangkul.cases import permissions
from rangkul.cases.models import Case, RiskLevel, Tier, TierChange
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.peers import services as peer_services
from rangkul.safety import services as safety
from rangkul.safety.boundaries import outside_contact
from rangkul.safety.detection import DetectionResult, Level
from rangkul.safety.models import AlertSource, Severity
from rangkul.safety.roster import on_duty_users


def responsible_counselor(case: Case) -> Any:
    """Who becomes responsible when a peer case moves up without a counselor choosing:
    the counselor on duty now, else the coordinator, else any counselor; None when the
    organisation has nobody (the case then waits in the counselor queue)."""
    on_duty = on_duty_users(case.organisation)
    if on_duty:
        return on_duty[0]
    choices: tuple[list[str], ...] = ([Role.COORDINATOR], [Role.COUNSELOR])
    for roles in choices:
        found = members_with_roles(case.organisation_id, roles).first()
        if found is not None:
            return found
    return None


def supervisors(case: Case) -> list[Any]:
    """The counselors who supervise the peer programme: the coordinators, or every
    counselor where there is no coordinator."""
    found = list(members_with_roles(case.organisation_id, [Role.COORDINATOR]))
    return found or list(members_with_roles(case.organisation_id, [Role.COUNSELOR]))


def _peer_helpers(case: Case) -> list[Any]:
    people = [case.lead] if case.lead else []
    people += list(case.team.all())
    return [u for u in people if permissions.case_role(u, case) == permissions.PEER]


def debrief_peers(case: Case, *, by: Any) -> None:
    """A peer case moved up to counselors: the peers who supported it get a debrief with
    their supervisor (the peer programme keeps the prompt, by case reference only)."""
    peers = _peer_helpers(case)
    if peers:
        peer_services.open_debriefs(
            by=by,
            organisation_id=case.organisation_id,
            case_id=case.pk,
            peer_user_ids=[u.pk for u in peers],
        )


def take_over(case: Case, *, by: Any) -> Case:
    """Move a peer case to the counselors at once (an urgent signal in it). Runs in the
    caller's transaction, with the case row locked by the caller."""
    peers = _peer_helpers(case)
    debrief_peers(case, by=by)
    lead = responsible_counselor(case)
    TierChange.objects.create(
        case=case,
        kind=TierChange.Kind.HANDOVER,
        from_tier=case.tier,
        to_tier=Tier.COUNSELING,
        reason=_("Handed to a counselor at once: an urgent safety signal in the conversation."),
        by=by,
    )
    # The peer supporters stay on the team: they keep the conversation they had, nothing
    # written from now on.
    for peer in peers:
        case.team.add(peer)
    case.tier = Tier.COUNSELING
    case.lead = lead
    case.risk_level = RiskLevel.HIGH
    case.save(update_fields=["tier", "lead", "risk_level"])
    audit.record(
        by,
        "case.taken_over",
        case,
        data={"lead": str(lead.public_id) if lead else "", "peers": len(peers)},
    )
    link = reverse("case", args=[case.pk])
    notify(peers, kind=Kind.CASE_TAKEN_OVER, organisation=case.organisation, link=link)
    if case.person.user_id:
        notify(
            [case.person.user], kind=Kind.REQUEST_UPDATE, organisation=case.organisation, link=link
        )
    if lead is not None:
        notify([lead], kind=Kind.CASE_ASSIGNED, organisation=case.organisation, link=link)
    return case


def advise_handover(case: Case, *, by: Any) -> Any:
    """A concern in a peer case: a counselor joins the team, the peer supporter is asked to
    hand over, and the supervisors are told."""
    counselor = responsible_counselor(case)
    if counselor is not None:
        case.team.add(counselor)
    peers = _peer_helpers(case)
    audit.record(
        by,
        "case.handover_advised",
        case,
        data={"counselor": str(counselor.public_id) if counselor else ""},
    )
    link = reverse("case", args=[case.pk])
    notify(peers, kind=Kind.HANDOVER_ADVISED, organisation=case.organisation, link=link)
    told = [counselor] if counselor is not None else []
    notify(
        [*told, *supervisors(case)],
        kind=Kind.PEER_CASE_FLAGGED,
        organisation=case.organisation,
        link=link,
    )
    return counselor


def flag_outside_contact(
    case: Case, *, by: Any, reasons: list[str], writer: str, evidence: dict[str, Any]
) -> None:
    """A phone number or another app in a peer case: an alert for the supervisors."""
    safety.raise_alert(
        organisation=case.organisation,
        severity=Severity.CONCERN,
        source=AlertSource.PEER_BOUNDARY,
        person=case.person,
        case=case,
        by=by,
        evidence={"boundary": reasons, "writer": writer, **evidence},
    )
    notify(
        supervisors(case),
        kind=Kind.PEER_CASE_FLAGGED,
        organisation=case.organisation,
        link=reverse("case", args=[case.pk]),
    )


def guard_before_saving(case: Case, result: DetectionResult, *, by: Any) -> bool:
    """Called before a message or contact log of a peer case is saved: an urgent signal
    moves the case first, so the new text already belongs to the counselors' part.
    Returns True when the case was taken over."""
    if case.tier != Tier.PEER or result.level is not Level.URGENT:
        return False
    take_over(case, by=by)
    return True


def guard_after_saving(
    case: Case,
    result: DetectionResult,
    *,
    by: Any,
    text: str,
    writer: str,
    was_peer: bool,
    evidence: dict[str, Any],
) -> None:
    """After saving a text of a (formerly) peer case: a concern asks for a hand-over, and
    contact outside Rangkul is flagged."""
    if not was_peer:
        return
    if result.level is Level.CONCERN and case.tier == Tier.PEER:
        advise_handover(case, by=by)
    reasons = outside_contact(text)
    if reasons:
        flag_outside_contact(case, by=by, reasons=reasons, writer=writer, evidence=evidence)
