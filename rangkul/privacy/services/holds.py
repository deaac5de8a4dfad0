"""Holds on a person's data: an open child-protection matter about them, or an explicit
legal hold. While any is open, the person's data is neither exported nor erased."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.lib.text import clean_text
from rangkul.people.models import Person
from rangkul.privacy import permissions
from rangkul.privacy.models import LegalHold
from rangkul.violence.models import Matter, MatterStatus


@dataclass(frozen=True)
class Hold:
    kind: str  # "legal" or "child_protection"
    reason: str
    since: Any


def holds_on(person: Person) -> list[Hold]:
    """Every open hold on this person's data, with the reason to show."""
    found = [
        Hold("legal", _("Legal hold: %(reason)s") % {"reason": h.reason}, h.placed_at)
        for h in LegalHold.objects.filter(person=person, released_at__isnull=True)
    ]
    matters = Matter.objects.filter(
        organisation_id=person.organisation_id, status=MatterStatus.OPEN
    )
    about = matters.filter(offers__person=person)
    if person.user_id is not None:
        about = about | matters.filter(report__reporter_id=person.user_id)
    for matter in about.distinct().order_by("opened_at"):
        found.append(
            Hold(
                "child_protection",
                _("An open violence matter (TPPK) concerns this person, opened %(date)s.")
                % {"date": timezone.localtime(matter.opened_at).strftime("%d-%m-%Y")},
                matter.opened_at,
            )
        )
    return found


def blocked_by_hold(person: Person) -> None:
    """Refuse with the reasons when a hold is open."""
    holds = holds_on(person)
    if holds:
        raise ValidationError(" ".join(h.reason for h in holds))


def _check(by: Any, person: Person) -> None:
    if not permissions.can_manage_personal_data(by, person):
        raise PermissionDenied(_("Only the coordinator may do this."))


def place_hold(*, by: Any, person: Person, reason: str) -> LegalHold:
    _check(by, person)
    reason = clean_text(
        reason, field="reason", limit=1000, empty=_("Say why the data must be held.")
    )
    with transaction.atomic():
        hold = LegalHold.objects.create(
            organisation_id=person.organisation_id, person=person, reason=reason, placed_by=by
        )
        audit.record(by, "privacy.hold_placed", hold, organisation=person.organisation)
    return hold


def release_hold(*, by: Any, hold: LegalHold) -> LegalHold:
    _check(by, hold.person)
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.released_at is not None:
            raise ValidationError(_("This hold was already released."))
        locked.released_at = timezone.now()
        locked.released_by = by
        locked.save(update_fields=["released_at", "released_by"])
        audit.record(by, "privacy.hold_released", locked, organisation=hold.person.organisation)
    return locked
