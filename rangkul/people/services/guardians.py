"""Guardians of a person: added, corrected and removed by the staff who act for them."""

import re
from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.text import check_text
from rangkul.people import permissions
from rangkul.people.invitation import render_invitation
from rangkul.people.models import Guardian, InvitationPurpose, Person, Relationship

_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,20}$")


def _clean(
    *,
    full_name: str,
    relationship: str,
    phone: str,
    may_contact: bool,
    do_not_contact: bool,
    do_not_contact_note: str,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    full_name = " ".join((full_name or "").split())
    phone = " ".join((phone or "").split())
    note = (do_not_contact_note or "").strip()
    if not full_name:
        errors["full_name"] = _("Write the guardian's name.")
    elif len(full_name) > 200:
        errors["full_name"] = _("This text is too long.")
    if relationship not in Relationship.values:
        errors["relationship"] = _("Choose how the guardian is related.")
    if phone and not _PHONE.match(phone):
        errors["phone"] = _("Write the phone number with digits, e.g. 0812 3456 7890.")
    if do_not_contact and not note:
        errors["do_not_contact_note"] = _(
            "Say briefly why this guardian must not be contacted, for colleagues who act later."
        )
    if len(note) > 1000:
        errors["do_not_contact_note"] = _("This text is too long.")
    if errors:
        raise ValidationError(errors)
    return {
        "full_name": full_name,
        "relationship": relationship,
        "phone": phone,
        # A guardian who may be the source of harm is never contacted.
        "may_contact": bool(may_contact) and not do_not_contact,
        "do_not_contact": bool(do_not_contact),
        "do_not_contact_note": note if do_not_contact else "",
    }


@transaction.atomic
def add_guardian(*, by: Any, person: Person, **fields: Any) -> Guardian:
    if not permissions.can_manage_guardians(by, person):
        raise PermissionDenied(_("You may not change this person's guardians."))
    values = _clean(**fields)
    guardian = Guardian.objects.create(
        organisation_id=person.organisation_id, person=person, **values
    )
    audit.record(
        by,
        "guardian.added",
        guardian,
        data={"person": str(person.pk), "harm_flag": values["do_not_contact"]},
    )
    return guardian


@transaction.atomic
def update_guardian(*, by: Any, guardian: Guardian, **fields: Any) -> Guardian:
    if not permissions.can_manage_guardians(by, guardian.person):
        raise PermissionDenied(_("You may not change this person's guardians."))
    values = _clean(**fields)
    changed = sorted(k for k, v in values.items() if getattr(guardian, k) != v)
    for key, value in values.items():
        setattr(guardian, key, value)
    guardian.save()
    audit.record(by, "guardian.updated", guardian, data={"fields": changed})
    return guardian


@transaction.atomic
def remove_guardian(*, by: Any, guardian: Guardian) -> None:
    if not permissions.can_manage_guardians(by, guardian.person):
        raise PermissionDenied(_("You may not change this person's guardians."))
    if guardian.consents.exists():
        raise ValidationError(
            _("This guardian gave consent that is on record; correct the details instead.")
        )
    audit.record(by, "guardian.removed", guardian, data={"person": str(guardian.person_id)})
    guardian.delete()


# An invitation is for a meeting in the coming months, not a record of the past.
INVITATION_DAYS_AHEAD = 180


@transaction.atomic
def issue_invitation_letter(
    *,
    by: Any,
    guardian: Guardian,
    day: date | None,
    at: time | None,
    place: str,
    purpose: str,
    signer_title: str,
) -> bytes:
    """The invitation letter for a meeting, as a PDF. Refused for a guardian who must not
    be contacted; the letter issued is audited (to whom, for which day, which purpose)."""
    if not permissions.can_manage_guardians(by, guardian.person):
        raise PermissionDenied(_("You may not change this person's guardians."))
    if guardian.do_not_contact:
        raise PermissionDenied(permissions.DO_NOT_CONTACT_MESSAGE)
    if not guardian.may_contact:
        raise PermissionDenied(permissions.NOT_CONTACTABLE_MESSAGE)
    errors: dict[str, str] = {}
    today = timezone.localdate(timezone=guardian.organisation.zone)
    if day is None:
        errors["day"] = _("Choose the day of the meeting.")
    elif not today <= day <= today + timedelta(days=INVITATION_DAYS_AHEAD):
        errors["day"] = _("Choose a day from today up to six months ahead.")
    if at is None:
        errors["at"] = _("Choose the time of the meeting.")
    place, problem = check_text(place, limit=120, required=True)
    if problem:
        errors["place"] = problem
    title, problem = check_text(signer_title, limit=80, required=True)
    if problem:
        errors["signer_title"] = problem
    if purpose not in InvitationPurpose.values:
        errors["purpose"] = _("Choose the purpose of the meeting.")
    if errors:
        raise ValidationError(errors)
    assert day is not None and at is not None
    pdf = render_invitation(
        guardian,
        signer=by,
        signer_title=title,
        day=day,
        at=at,
        place=place,
        purpose=purpose,
        issued_on=today,
    )
    audit.record(
        by,
        "guardian.invitation_issued",
        guardian,
        data={"person": str(guardian.person_id), "day": day.isoformat(), "purpose": purpose},
    )
    return pdf
