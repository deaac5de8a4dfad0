"""The student's two-question pulse after a peer meeting.

A pulse is opened when a peer meeting is recorded as done (logged after it took place, or
marked done later) for a student who has a login, unless an earlier pulse about the same
case still waits for an answer. The student answers once, on their home page.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.activities import permissions
from rangkul.activities.models import (
    Activity,
    ActivityStatus,
    ContactPulse,
    FeltHeard,
    Kind,
    TalkAgain,
)
from rangkul.audit import services as audit


def open_pulse(activity: Activity) -> ContactPulse | None:
    """Ask the student of a done peer meeting; runs in the caller's transaction."""
    if activity.kind != Kind.PEER_MEETING or activity.status != ActivityStatus.DONE:
        return None
    case = activity.case
    if case is None or case.person.user_id is None:
        return None
    waiting = ContactPulse.objects.filter(
        person_id=case.person_id, activity__case_id=case.pk, answered_at__isnull=True
    ).exists()
    if waiting or ContactPulse.objects.filter(activity=activity).exists():
        return None
    pulse = ContactPulse.objects.create(
        organisation_id=activity.organisation_id, activity=activity, person_id=case.person_id
    )
    # The event names the activity, not the student's answers (there are none yet).
    audit.record(None, "pulse.opened", pulse, organisation=activity.organisation)
    return pulse


@transaction.atomic
def answer_pulse(*, by: Any, pulse: ContactPulse, felt_heard: str, talk_again: str) -> ContactPulse:
    """The student's answers, once."""
    if not permissions.can_answer_pulse(by, pulse):
        raise PermissionDenied(_("You may not answer this question."))
    errors: dict[str, str] = {}
    if felt_heard not in FeltHeard.values:
        errors["felt_heard"] = _("Choose one answer.")
    if talk_again not in TalkAgain.values:
        errors["talk_again"] = _("Choose one answer.")
    if errors:
        raise ValidationError(errors)
    claimed = ContactPulse.objects.filter(pk=pulse.pk, answered_at__isnull=True).update(
        felt_heard=felt_heard, talk_again=talk_again, answered_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("You have already answered. Thank you."))
    pulse.refresh_from_db()
    audit.record(by, "pulse.answered", pulse, organisation=pulse.organisation)
    return pulse
