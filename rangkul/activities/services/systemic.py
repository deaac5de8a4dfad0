"""Systemic work (family meetings, school coordination, community events) and contacts
with guardians: the checks log_activity runs for them, and the outcomes recorded later."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rangkul.activities import permissions
from rangkul.activities.models import SYSTEMIC_KINDS, Activity, ActivityStatus
from rangkul.activities.services.common import Errors, clean_text, pk_of
from rangkul.audit import services as audit
from rangkul.people import permissions as people_permissions
from rangkul.people.models import Guardian, Person

# Enough for a village meeting's named guests; a crowd is counted in `attendees`.
MAX_OUTSIDE_PARTICIPANTS = 30
OUTCOME_LIMIT = 2000


def clean_outside_participants(errors: Errors, rows: Any) -> list[tuple[str, str]]:
    """Pairs of (name, role), each required and at most 120 characters."""
    cleaned: list[tuple[str, str]] = []
    for row in rows or ():
        try:
            name, role = row
        except (TypeError, ValueError):
            errors.add("outside_participants", _("Write each participant as a name and a role."))
            return []
        name = " ".join(str(name or "").split())
        role = " ".join(str(role or "").split())
        if not name or not role:
            errors.add(
                "outside_participants",
                _("Write both the name and the role of each outside participant."),
            )
            return []
        if len(name) > 120 or len(role) > 120:
            errors.add("outside_participants", _("This text is too long."))
            return []
        cleaned.append((name, role))
    if len(cleaned) > MAX_OUTSIDE_PARTICIPANTS:
        errors.add(
            "outside_participants",
            _("Name at most %(n)d outside participants; count the others under who took part.")
            % {"n": MAX_OUTSIDE_PARTICIPANTS},
        )
        return []
    return cleaned


def resolve_guardian(
    by: Any, organisation: Any, value: Any, person: Person | None, errors: Errors
) -> Guardian | None:
    """The guardian a consultation was held with: a guardian of the person it is about,
    whom the user may act for, and never one flagged "do not contact"."""
    guardian_id = pk_of(value)
    if guardian_id is None:
        if value not in (None, ""):
            errors.add("guardian", _("Choose a guardian of this person."))
        return None
    guardian = (
        Guardian.objects.select_related("person")
        .filter(pk=guardian_id, organisation=organisation)
        .first()
    )
    if (
        guardian is None
        or not people_permissions.can_manage_guardians(by, guardian.person)
        or (person is not None and guardian.person_id != person.pk)
    ):
        errors.add("guardian", _("Choose a guardian of this person."))
        return None
    if guardian.do_not_contact:
        errors.add("guardian", str(people_permissions.DO_NOT_CONTACT_MESSAGE))
        return None
    return guardian


@transaction.atomic
def record_outcomes(*, by: Any, activity: Activity, agreed_actions: str, result: str) -> Activity:
    """The agreed actions and the result of a family meeting, a school coordination or a
    community event that took place."""
    if not permissions.can_manage_activity(by, activity):
        raise PermissionDenied(_("You may not change this activity."))
    if activity.kind not in SYSTEMIC_KINDS:
        raise ValidationError(_("Outcomes are recorded for systemic work only."))
    if activity.status != ActivityStatus.DONE:
        raise ValidationError(_("Outcomes are recorded once the activity has taken place."))
    errors = Errors()
    actions = clean_text(errors, "agreed_actions", agreed_actions, limit=OUTCOME_LIMIT)
    outcome = clean_text(errors, "result", result, limit=OUTCOME_LIMIT)
    if not actions and not outcome and not errors.by_field:
        errors.add("result", _("Write the agreed actions or the result."))
    errors.raise_if_any()
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    changed = sorted(
        name
        for name, value in (("agreed_actions", actions), ("result", outcome))
        if getattr(activity, name) != value
    )
    activity.agreed_actions, activity.result = actions, outcome
    activity.save(update_fields=["agreed_actions", "result"])
    audit.record(by, "activity.outcomes_recorded", activity, data={"fields": changed})
    return activity
