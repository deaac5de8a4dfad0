"""Opening, moving and closing cases; notes."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.queries import users_with_capability
from rangkul.accounts.roles import Capability
from rangkul.audit import services as audit
from rangkul.cases import permissions
from rangkul.cases.models import (
    CASE_MOVE_REFUSED,
    CASE_TRANSITIONS,
    TIER_ORDER,
    Case,
    CaseStatus,
    Confidentiality,
    Domain,
    Note,
    NoteKind,
    Outcome,
    RiskLevel,
    SafetyLevel,
    Tier,
    TierChange,
    transition,
)
from rangkul.cases.queries import get_case_for
from rangkul.cases.services import safeguard
from rangkul.lib.text import clean_text
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.safety import services as safety
from rangkul.safety.models import AlertSource, Severity

DETECTED_RISK: dict[str, str] = {
    SafetyLevel.URGENT: RiskLevel.HIGH,
    SafetyLevel.CONCERN: RiskLevel.MEDIUM,
}


def _lock(case: Case) -> None:
    """Take the row lock and reload the caller's instance, so that the caller's object
    and the database agree after the service returns."""
    Case.objects.select_for_update().filter(pk=case.pk).first()
    case.refresh_from_db()


def move_case(case: Case, to: str) -> str:
    """The one way a case's status changes (the caller saves): by the table."""
    return transition(case, to, CASE_TRANSITIONS, CaseStatus, CASE_MOVE_REFUSED)


def _clean_text(text: str, *, field: str, required: bool = True, limit: int = 2000) -> str:
    return clean_text(text, field=field, limit=limit, required=required)


@transaction.atomic
def open_case(
    *,
    by: Any,
    person: Any,
    tier: str = Tier.COUNSELING,
    domain: str = Domain.PERSONAL,
    lead: Any = None,
    support_request: Any = None,
) -> Case:
    """Open a case for a person (e.g. from a screening's follow-up list)."""
    if not has_capability(by, person.organisation_id, Capability.WORK_CASES) and not (
        support_request is not None and tier == Tier.PEER and support_request.offered_to_id == by.pk
    ):
        raise PermissionDenied(_("You may not open cases here."))
    if tier not in Tier.values or domain not in Domain.values:
        raise ValidationError(_("Unknown tier or topic area."))
    case = Case.objects.create(
        organisation_id=person.organisation_id,
        person=person,
        request=support_request,
        tier=tier,
        domain=domain,
        lead=lead,
        # A case opened from a flagged request starts at the detected risk until a
        # counselor assesses it.
        risk_level=DETECTED_RISK.get(
            support_request.safety_level if support_request else "", RiskLevel.UNKNOWN
        ),
    )
    audit.record(by, "case.opened", case, data={"tier": tier, "person": str(person.pk)})
    if support_request is not None:
        safety.link_request_alerts(support_request=support_request, case=case)
    return case


def open_case_record(*, by: Any, pk: object) -> Case:
    """Fetch a case for reading and leave the audit event every view needs."""
    case = get_case_for(by, pk)
    record_case_view(by=by, case=case)
    return case


def record_case_view(*, by: Any, case: Case) -> None:
    """The one audit of a case shown (also when its page is shown again with errors)."""
    audit.record(by, "case.viewed", case)


@transaction.atomic
def change_status(
    *, by: Any, case: Case, to: str, outcome: str = "", closing_note: str = ""
) -> Case:
    if not permissions.can_manage_case(by, case) and not (
        to == CaseStatus.CLOSED and case.tier == Tier.PEER and permissions.can_hand_over(by, case)
    ):
        raise PermissionDenied(_("You may not change this case."))
    _lock(case)
    previous = move_case(case, to)
    if to == CaseStatus.CLOSED:
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Choose how the case ended.")})
        case.outcome = outcome
        case.closing_note = _clean_text(closing_note, field="closing_note", required=False)
        case.closed_at = timezone.now()
    elif to == CaseStatus.REOPENED:
        case.outcome = ""
        case.closed_at = None
    case.save()
    audit.record(by, "case.status_changed", case, data={"from": previous, "to": to})
    return case


def close_case(*, by: Any, case: Case, outcome: str, closing_note: str = "") -> Case:
    return change_status(
        by=by, case=case, to=CaseStatus.CLOSED, outcome=outcome, closing_note=closing_note
    )


def reopen_case(*, by: Any, case: Case) -> Case:
    return change_status(by=by, case=case, to=CaseStatus.REOPENED)


@transaction.atomic
def change_tier(*, by: Any, case: Case, to_tier: str, reason: str) -> Case:
    """Escalate or step down, with a reason; every change is kept."""
    if not permissions.can_manage_case(by, case):
        raise PermissionDenied(_("You may not change this case."))
    if to_tier not in Tier.values:
        raise ValidationError({"to_tier": _("Unknown tier.")})
    reason = _clean_text(reason, field="reason", limit=1000)
    _lock(case)
    if not case.is_open:
        raise ValidationError(_("Reopen the case first."))
    if to_tier == case.tier:
        raise ValidationError({"to_tier": _("The case is already at this tier.")})
    up = TIER_ORDER.index(Tier(to_tier)) > TIER_ORDER.index(Tier(case.tier))
    if to_tier == Tier.PEER:
        # Back to a teenage peer only when nothing says the person may be at risk.
        if safety.has_unresolved_alert(case):
            raise ValidationError(
                {"to_tier": _("A safety alert about this case is still open: resolve it first.")}
            )
        if case.risk_level in (RiskLevel.MEDIUM, RiskLevel.HIGH):
            raise ValidationError(
                {"to_tier": _("The assessed risk is above low: the case stays with counselors.")}
            )
    kind = TierChange.Kind.ESCALATE if up else TierChange.Kind.STEP_DOWN
    if up and case.tier == Tier.PEER:
        safeguard.debrief_peers(case, by=by)
    TierChange.objects.create(
        case=case, kind=kind, from_tier=case.tier, to_tier=to_tier, reason=reason, by=by
    )
    verb = "case.escalated" if up else "case.stepped_down"
    audit.record(by, verb, case, data={"from": case.tier, "to": to_tier})
    case.tier = to_tier
    case.save(update_fields=["tier"])
    return case


@transaction.atomic
def hand_over(*, by: Any, case: Case, reason: str, danger: bool = False) -> Case:
    """A peer supporter hands the case to the counselors with one action. If someone may
    be in danger, an urgent alert is raised at once."""
    if not permissions.can_hand_over(by, case):
        raise PermissionDenied(_("Only the peer supporter of this case can hand it over."))
    reason = _clean_text(reason, field="reason", limit=1000)
    _lock(case)
    result = safety.check_text(reason, organisation=case.organisation)
    TierChange.objects.create(
        case=case,
        kind=TierChange.Kind.HANDOVER,
        from_tier=case.tier,
        to_tier=Tier.COUNSELING,
        reason=reason,
        by=by,
    )
    # The peer stays on the team (they keep the conversation they had), the case waits in
    # the counselor queue without a lead.
    case.team.add(by)
    safeguard.debrief_peers(case, by=by)
    case.tier = Tier.COUNSELING
    case.lead = None
    if danger or result.is_urgent:
        case.risk_level = RiskLevel.HIGH
    case.save(update_fields=["tier", "lead", "risk_level"])
    audit.record(by, "case.handed_over", case, data={"danger": danger})
    if danger:
        safety.raise_alert(
            organisation=case.organisation,
            severity=Severity.URGENT,
            source=AlertSource.PEER_HANDOVER,
            person=case.person,
            case=case,
            by=by,
            evidence={"danger_ticked": True, **safety.evidence_of(result)},
        )
    else:
        safety.alert_for_text(
            result,
            organisation=case.organisation,
            source=AlertSource.PEER_HANDOVER,
            person=case.person,
            case=case,
            by=by,
        )
    notify(
        users_with_capability(case.organisation_id, Capability.WORK_CASES),
        kind=Kind.CASE_HANDED_OVER,
        organisation=case.organisation,
        link=reverse("triage"),
    )
    return case


@transaction.atomic
def set_lead(*, by: Any, case: Case, lead: Any) -> Case:
    if not permissions.can_set_lead(by, case):
        raise PermissionDenied(_("You may not reassign this case."))
    if lead is None or not has_capability(lead, case.organisation_id, Capability.WORK_CASES):
        raise ValidationError({"lead": _("The lead must be a counselor of this organisation.")})
    previous = case.lead_id
    case.lead = lead
    if case.status == CaseStatus.OPEN:
        move_case(case, CaseStatus.ACTIVE)  # a lead at work makes the case active
    case.save(update_fields=["lead", "status"])
    audit.record(by, "case.lead_changed", case, data={"from": str(previous), "to": str(lead.pk)})
    if lead.pk != by.pk:
        notify(
            [lead],
            kind=Kind.CASE_ASSIGNED,
            organisation=case.organisation,
            link=reverse("case", args=[case.pk]),
        )
    return case


@transaction.atomic
def set_team(*, by: Any, case: Case, members: list[Any]) -> Case:
    if not permissions.can_manage_case(by, case):
        raise PermissionDenied(_("You may not change this case."))
    for member in members:
        if not has_capability(member, case.organisation_id, Capability.WORK_CASES):
            raise ValidationError({"team": _("Team members must be staff of this organisation.")})
    # Peer supporters already on the team stay: they keep their earlier conversation.
    peers = [u for u in case.team.all() if permissions.case_role(u, case) == permissions.PEER]
    case.team.set([*members, *peers])
    audit.record(by, "case.team_changed", case, data={"team": sorted(str(m.pk) for m in members)})
    return case


@transaction.atomic
def update_case(
    *, by: Any, case: Case, goals: str | None = None, risk_level: str | None = None
) -> Case:
    if not permissions.can_manage_case(by, case):
        raise PermissionDenied(_("You may not change this case."))
    fields = []
    if goals is not None:
        case.goals = _clean_text(goals, field="goals", required=False)
        fields.append("goals")
    if risk_level is not None:
        if risk_level not in RiskLevel.values:
            raise ValidationError({"risk_level": _("Unknown risk level.")})
        case.risk_level = risk_level
        fields.append("risk_level")
    if fields:
        case.save(update_fields=fields)
        audit.record(by, "case.updated", case, data={"fields": fields})
    return case


@transaction.atomic
def add_note(
    *,
    by: Any,
    case: Case,
    text: str,
    confidentiality: str = Confidentiality.STANDARD,
    kind: str = NoteKind.NOTE,
    activity: Any = None,
) -> Note:
    """A counselor's note (standard or restricted) or a peer's brief contact log.

    Contact logs are free text from peer supporters: they go through the safety check and
    a flagged log raises the alert in the same transaction.
    """
    if kind not in NoteKind.values or confidentiality not in Confidentiality.values:
        raise ValidationError(_("Unknown note kind or confidentiality."))
    if not permissions.can_write_note(by, case, kind):
        raise PermissionDenied(_("You may not write this kind of note here."))
    limit = 1000 if kind == NoteKind.CONTACT_LOG else 5000
    text = _clean_text(text, field="text", limit=limit)
    result = None
    was_peer = False
    if kind == NoteKind.CONTACT_LOG:
        confidentiality = Confidentiality.STANDARD
        result = safety.check_text(text, organisation=case.organisation)
        _lock(case)
        was_peer = case.tier == Tier.PEER
        safeguard.guard_before_saving(case, result, by=by)
    note = Note.objects.create(
        case=case,
        activity=activity,
        author=by,
        kind=kind,
        confidentiality=confidentiality,
        text=text,
    )
    audit.record(
        by,
        "note.created",
        note,
        organisation=case.organisation,
        data={"case": str(case.pk), "kind": kind, "confidentiality": confidentiality},
    )
    if result is not None:
        safety.alert_for_text(
            result,
            organisation=case.organisation,
            source=AlertSource.CONTACT_LOG,
            person=case.person,
            case=case,
            by=by,
            extra={"note": str(note.pk)},
        )
        safeguard.guard_after_saving(
            case,
            result,
            by=by,
            text=text,
            writer=permissions.case_role(by, case) or "",
            was_peer=was_peer,
            evidence={"note": str(note.pk)},
        )
    return note


@transaction.atomic
def record_referral_tier(*, by: Any, case: Case, to_tier: str, reason: str) -> Case:
    """The tier change that follows a referral out being accepted (to `specialist`).

    The actor is whoever accepted: the provider's staff, who cannot manage the case, or the
    counselor recording a provider's answer by phone. `referrals.services` checks that `by`
    may answer that referral before calling; this records the change like any other."""
    _lock(case)
    if not case.is_open or case.tier == to_tier:
        return case
    TierChange.objects.create(
        case=case,
        kind=TierChange.Kind.ESCALATE,
        from_tier=case.tier,
        to_tier=to_tier,
        reason=_clean_text(reason, field="reason", limit=1000),
        by=by,
    )
    audit.record(by, "case.escalated", case, data={"from": case.tier, "to": to_tier})
    case.tier = to_tier
    case.save(update_fields=["tier"])
    return case
