"""Correcting a person's record, and withdrawing consent with its effect shown."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.dates import check_birth_date
from rangkul.lib.text import clean_text
from rangkul.people import services as people_services
from rangkul.people.models import Cohort, Consent, ConsentScope, Gender, Person
from rangkul.privacy import permissions
from rangkul.privacy.models import Correction
from rangkul.referrals.models import CLOSED_REFERRAL_STATUSES, ReferralOut, ReferralStatus

CORRECTABLE = ("full_name", "gender", "birth_date", "cohort", "phone")


def _check(by: Any, person: Person) -> None:
    if not permissions.can_manage_personal_data(by, person):
        raise PermissionDenied(_("Only the coordinator may do this."))


def _shown(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Cohort):
        return value.name
    return value


def correct_person(
    *,
    by: Any,
    person: Person,
    full_name: str,
    gender: str,
    birth_date: date | None,
    cohort: Cohort | None,
    phone: str,
    reason: str = "",
) -> Correction | None:
    """Correct the record; the change (old and new values) is kept as a correction record
    and audited by field name. Nothing changed, nothing recorded."""
    _check(by, person)
    full_name = clean_text(
        full_name, field="full_name", limit=200, empty=_("The name cannot be empty.")
    )
    if gender not in Gender.values:
        raise ValidationError({"gender": _("Choose one of the listed options.")})
    check_birth_date(birth_date)
    if cohort is not None and cohort.organisation_id != person.organisation_id:
        raise ValidationError({"cohort": _("Choose a class of this organisation.")})
    phone = clean_text(phone, field="phone", limit=30, required=False)
    reason = clean_text(reason, field="reason", limit=300, required=False)
    new = {
        "full_name": full_name,
        "gender": gender,
        "birth_date": birth_date,
        "cohort": cohort,
        "phone": phone,
    }
    changes = {
        name: [_shown(getattr(person, name)), _shown(value)]
        for name, value in new.items()
        if getattr(person, name) != value
    }
    if not changes:
        return None
    with transaction.atomic():
        for name, value in new.items():
            setattr(person, name, value)
        person.save(update_fields=list(CORRECTABLE))
        correction = Correction.objects.create(
            organisation_id=person.organisation_id,
            person=person,
            changes=changes,
            reason=reason,
            by=by,
        )
        audit.record(
            by,
            "privacy.record_corrected",
            person,
            organisation=person.organisation,
            data={"fields": sorted(changes)},
        )
    return correction


def withdrawal_effects(consent: Consent) -> list[str]:
    """What stops when this consent is withdrawn (or stopped when it was), in words."""
    effects: list[str] = []
    if consent.scope == ConsentScope.REFERRAL:
        referrals = ReferralOut.objects.filter(consent=consent).select_related("provider")
        drafts = [r for r in referrals if r.status == ReferralStatus.DRAFT]
        open_ = [
            r
            for r in referrals
            if r.status != ReferralStatus.DRAFT and r.status not in CLOSED_REFERRAL_STATUSES
        ]
        for r in drafts:
            effects.append(
                _("The draft referral to %(provider)s can no longer be sent.")
                % {"provider": r.provider.name}
            )
        for r in open_:
            effects.append(
                _(
                    "The referral to %(provider)s was already sent: nothing more is shared "
                    "with them; tell the provider that consent was withdrawn."
                )
                % {"provider": r.provider.name}
            )
        effects.append(_("No new referral can rest on this consent."))
    elif consent.scope == ConsentScope.GUARDIAN_CONTACT:
        effects.append(_("Guardians are no longer contacted about the support on this basis."))
    else:
        effects.append(_("Taking part in the programme no longer rests on this consent."))
    return effects


def withdraw_consent(*, by: Any, consent: Consent, note: str = "") -> Consent:
    """Record the withdrawal through the consent service; its effect is written from what
    actually stops, plus the coordinator's note."""
    _check(by, consent.person)
    note = clean_text(note, field="note", limit=500, required=False)
    effect = " ".join([*withdrawal_effects(consent), note]).strip()[:1000]
    return people_services.withdraw_consent(by=by, consent=consent, effect=effect)
