"""Referrals out: drafted from a case, sent with a frozen snapshot of what is shared,
answered by the provider (or by the counselor for a provider reached by letter or phone),
and closed back into the case.

No consent, no data shared: a referral rests on an active consent record of the person for
referrals (the person's, a guardian's, or a child-protection / vital-interest exception that
has not been overturned), checked when drafted and again when sent.
"""

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.queries import users_with_capability
from rangkul.accounts.roles import Capability
from rangkul.audit import services as audit
from rangkul.cases import services as cases
from rangkul.cases.models import Case, Tier, transition
from rangkul.notifications.models import Kind
from rangkul.notifications.services import notify
from rangkul.people.models import Consent, ConsentScope
from rangkul.people.queries import active_consents
from rangkul.referrals import permissions
from rangkul.referrals.models import (
    MINIMAL_SHARED,
    REFERRAL_MOVE_REFUSED,
    REFERRAL_TRANSITIONS,
    STEP_DAYS,
    Channel,
    NotCompletedReason,
    Provider,
    ReferralOut,
    ReferralStatus,
    ReferralUpdate,
    ReferralUrgency,
    SharedField,
)
from rangkul.referrals.queries import get_referral_for

RS = ReferralStatus


def _move(referral: ReferralOut, to: str) -> str:
    return transition(referral, to, REFERRAL_TRANSITIONS, ReferralStatus, REFERRAL_MOVE_REFUSED)


def _check_consent(consent: Consent | None, case: Case) -> Consent:
    if consent is None or consent.person_id != case.person_id:
        raise ValidationError(
            {"consent": _("No consent, no data shared: choose the consent this referral rests on.")}
        )
    if not active_consents(case.person, ConsentScope.REFERRAL).filter(pk=consent.pk).exists():
        raise ValidationError(
            {"consent": _("This consent was withdrawn or overturned; nothing can be shared on it.")}
        )
    return consent


def _age(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _snapshot(referral: ReferralOut) -> dict[str, Any]:
    """The shared fields, frozen: later edits of the person record never reach the provider."""
    person = referral.person
    shared = set(referral.shared)
    data: dict[str, Any] = {
        "from_organisation": referral.organisation.name,
        "reason": referral.reason,
        "urgency": referral.urgency,
        "consent_basis": referral.consent.basis,
    }
    if SharedField.NAME in shared:
        data["name"] = person.full_name
    if SharedField.AGE in shared:
        data["age"] = _age(person.birth_date, timezone.localdate())
    if SharedField.GENDER in shared:
        data["gender"] = person.gender
    if SharedField.SCHOOL_CLASS in shared:
        data["class"] = person.cohort.name if person.cohort is not None else ""
    if SharedField.GUARDIAN_CONTACT in shared:
        data["guardians"] = [
            {"name": g.full_name, "relationship": g.relationship, "phone": g.phone}
            for g in person.guardians.filter(may_contact=True, do_not_contact=False)
        ]
    if SharedField.RISK_LEVEL in shared:
        data["risk_level"] = referral.case.risk_level
    return data


@transaction.atomic
def create_referral(
    *,
    by: Any,
    case: Case,
    provider: Provider,
    reason: str,
    urgency: str,
    consent: Consent | None,
    shared_fields: list[str] | None = None,
) -> ReferralOut:
    """A draft referral from a case. What is shared is chosen explicitly; by default only
    the name and age."""
    if not permissions.can_refer_out(by, case):
        raise PermissionDenied(_("Only the counselors on this case can refer it out."))
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Write the reason for the referral, for the provider.")
    elif len(reason) > 2000:
        errors["reason"] = _("This text is too long.")
    if urgency not in ReferralUrgency.values:
        errors["urgency"] = _("Choose how urgent the referral is.")
    fields: list[str] = (
        [str(f) for f in MINIMAL_SHARED] if shared_fields is None else list(shared_fields)
    )
    if any(f not in SharedField.values for f in fields):
        errors["shared_fields"] = _("Unknown detail to share.")
    if not provider.is_active:
        errors["provider"] = _("This provider is no longer active in the directory.")
    if not case.is_open:
        errors["case"] = _("Reopen the case first.")
    try:
        _check_consent(consent, case)
    except ValidationError as exc:
        errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    if errors or consent is None:
        raise ValidationError(errors)
    referral = ReferralOut.objects.create(
        organisation_id=case.organisation_id,
        case=case,
        person_id=case.person_id,
        provider=provider,
        consent=consent,
        reason=reason,
        urgency=urgency,
        shared_fields=Provider.join([f for f in SharedField.values if f in fields]),
        created_by=by,
    )
    ReferralUpdate.objects.create(referral=referral, by=by, to_status=RS.DRAFT)
    audit.record(
        by,
        "referral_out.created",
        referral,
        data={"case": str(case.pk), "provider": str(provider.pk), "shared": referral.shared},
    )
    return referral


def _link(referral: ReferralOut, *, receiver: bool) -> str:
    return reverse("referral_received" if receiver else "referral_out", args=[referral.pk])


def _receivers(referral: ReferralOut) -> list[Any]:
    if (
        referral.provider.channel != Channel.IN_RANGKUL
        or referral.provider.provider_organisation_id is None
    ):
        return []
    return list(
        users_with_capability(
            referral.provider.provider_organisation_id, Capability.RECEIVE_REFERRALS
        )
    )


def _senders(referral: ReferralOut) -> list[Any]:
    case = referral.case
    return [u for u in (case.lead, referral.created_by) if u is not None]


@transaction.atomic
def send_referral(*, by: Any, referral: ReferralOut, now: datetime | None = None) -> ReferralOut:
    if not permissions.is_sender(by, referral):
        raise PermissionDenied(_("Only the counselors on this case can send this referral."))
    now = now or timezone.now()
    ReferralOut.objects.select_for_update().filter(pk=referral.pk).first()
    referral.refresh_from_db()
    _check_consent(referral.consent, referral.case)
    previous = _move(referral, RS.SENT)
    referral.snapshot = _snapshot(referral)
    referral.sent_at = now
    referral.next_step_due_at = now + timedelta(days=STEP_DAYS[RS.SENT])
    referral.save()
    ReferralUpdate.objects.create(referral=referral, by=by, from_status=previous, to_status=RS.SENT)
    notify(
        _receivers(referral),
        kind=Kind.REFERRAL_RECEIVED,
        organisation=referral.provider.provider_organisation,
        link=_link(referral, receiver=True),
    )
    audit.record(by, "referral_out.sent", referral, data={"shared": referral.shared})
    return referral


@transaction.atomic
def answer_referral(
    *,
    by: Any,
    referral: ReferralOut,
    to: str,
    feedback: str = "",
    decline_reason: str = "",
    not_completed_reason: str = "",
    appointment_at: datetime | None = None,
    now: datetime | None = None,
) -> ReferralOut:
    """The provider's answer and each later step: accepted, declined (with a reason),
    appointment set, completed (with feedback) or not completed (with a reason code)."""
    if not permissions.can_answer(by, referral):
        raise PermissionDenied(_("You may not answer this referral."))
    now = now or timezone.now()
    errors: dict[str, str] = {}
    feedback = (feedback or "").strip()
    decline_reason = (decline_reason or "").strip()
    if len(feedback) > 3000 or len(decline_reason) > 1000:
        errors["feedback"] = _("This text is too long.")
    if to == RS.DECLINED and not decline_reason:
        errors["decline_reason"] = _("Say why the referral is declined.")
    if to == RS.NOT_COMPLETED and not_completed_reason not in NotCompletedReason.values:
        errors["not_completed_reason"] = _("Choose why the referral was not completed.")
    if to == RS.APPOINTMENT_SET and appointment_at is None:
        errors["appointment_at"] = _("Give the date and time of the appointment.")
    if to == RS.COMPLETED and not feedback:
        errors["feedback"] = _("Write brief feedback for the counselor.")
    if errors:
        raise ValidationError(errors)
    ReferralOut.objects.select_for_update().filter(pk=referral.pk).first()
    referral.refresh_from_db()
    previous = _move(referral, to)
    if to == RS.DECLINED:
        referral.decline_reason = decline_reason
    if to == RS.NOT_COMPLETED:
        referral.not_completed_reason = not_completed_reason
    if to == RS.APPOINTMENT_SET:
        referral.appointment_at = appointment_at
    if referral.is_closed:
        referral.closed_at = now
        referral.next_step_due_at = None
    else:
        days = STEP_DAYS[RS(to)]
        base = appointment_at if to == RS.APPOINTMENT_SET and appointment_at else now
        referral.next_step_due_at = base + timedelta(days=days)
    referral.reminded_at = None
    referral.save()
    by_provider = permissions.is_receiver(by, referral)
    ReferralUpdate.objects.create(
        referral=referral,
        by=by,
        by_provider=by_provider,
        from_status=previous,
        to_status=to,
        feedback=feedback or decline_reason,
    )
    if to == RS.ACCEPTED:
        cases.record_referral_tier(
            by=by,
            case=referral.case,
            to_tier=Tier.SPECIALIST,
            reason=_("Referral accepted by %(provider)s") % {"provider": referral.provider.name},
        )
    if by_provider:
        notify(
            _senders(referral),
            kind=Kind.REFERRAL_UPDATE,
            organisation=referral.organisation,
            link=_link(referral, receiver=False),
        )
    audit.record(
        by,
        "referral_out.answered",
        referral,
        data={
            "from": previous,
            "to": to,
            "reason": not_completed_reason,
            "by_provider": by_provider,
        },
    )
    return referral


@transaction.atomic
def return_case_tier(*, by: Any, referral: ReferralOut, tier: str) -> ReferralOut:
    """Closing the loop: after the referral ends, the counselor chooses the tier the case
    returns to (or keeps it at specialist)."""
    if not permissions.is_sender(by, referral):
        raise PermissionDenied(_("Only the counselors on this case can close this referral."))
    if not referral.awaits_return_tier:
        raise ValidationError(_("This referral is not waiting for the case's next tier."))
    if tier not in Tier.values:
        raise ValidationError({"tier": _("Unknown tier.")})
    case = referral.case
    if tier != case.tier and case.is_open:
        cases.change_tier(
            by=by,
            case=case,
            to_tier=tier,
            reason=_("Back from the referral to %(provider)s")
            % {"provider": referral.provider.name},
        )
    referral.returned_to_tier = tier
    referral.save(update_fields=["returned_to_tier"])
    audit.record(by, "referral_out.loop_closed", referral, data={"tier": tier})
    return referral


def open_referral_record(*, by: Any, pk: object) -> ReferralOut:
    referral = get_referral_for(by, pk)
    audit.record(by, "referral_out.viewed", referral)
    return referral


def remind_overdue_referrals(*, now: datetime | None = None) -> int:
    """Periodic: a step that waited too long (no answer, no appointment, no outcome)
    reminds the counselor once per step."""
    now = now or timezone.now()
    due = ReferralOut.objects.filter(
        status__in=[RS.SENT, RS.ACCEPTED, RS.APPOINTMENT_SET], next_step_due_at__lte=now
    ).filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=F("next_step_due_at")))
    count = 0
    for referral_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            referral = (
                ReferralOut.objects.select_for_update(of=("self",))
                .select_related("case__lead", "created_by", "organisation")
                .get(pk=referral_id)
            )
            notify(
                _senders(referral),
                kind=Kind.REFERRAL_OVERDUE,
                organisation=referral.organisation,
                link=_link(referral, receiver=False),
            )
            referral.reminded_at = now
            referral.save(update_fields=["reminded_at"])
            audit.record(None, "referral_out.reminded", referral, data={"status": referral.status})
            count += 1
    return count
