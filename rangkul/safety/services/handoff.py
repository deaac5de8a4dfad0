"""The crisis hand-off: protocol steps ticked, the friend at risk named, detections marked
wrong, and responders' phones for urgent alerts at night."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rangkul.audit import services as audit
from rangkul.safety import permissions
from rangkul.safety.models import (
    Alert,
    DetectionFeedback,
    FeedbackKind,
    GuardianAnswer,
    ProtocolTick,
    ResponderPhone,
)
from rangkul.safety.protocol import GUARDIAN, guardian_advice, step_definitions
from rangkul.safety.roster import may_be_on_duty, settings_for

_PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,20}$")


@transaction.atomic
def tick_step(*, by: Any, alert: Alert, step: str, answer: str = "") -> ProtocolTick:
    """Record that a protocol step was done for this alert. The guardian step needs the
    counselor's answer: contacted, not contacted because the guardian may be the source of
    harm, or not reached yet."""
    if not permissions.can_tick_protocol(by, alert):
        raise PermissionDenied(_("You may not handle this alert."))
    steps = dict(step_definitions(settings_for(alert.organisation)))
    if step not in steps:
        raise ValidationError({"step": _("This step is not part of the protocol.")})
    if step == GUARDIAN:
        if answer not in GuardianAnswer.values:
            raise ValidationError({"answer": _("Say whether the guardian was contacted.")})
        if answer == GuardianAnswer.CONTACTED and guardian_advice(alert.person).do_not_contact:
            raise ValidationError({"answer": _("This guardian must not be contacted.")})
    else:
        answer = ""
    try:
        with transaction.atomic():
            tick = ProtocolTick.objects.create(
                alert=alert, step=step, label=steps[step], answer=answer, by=by
            )
    except IntegrityError as exc:
        raise ValidationError(_("This step has already been ticked.")) from exc
    audit.record(by, "alert.protocol_ticked", alert, data={"step": step, "answer": answer})
    return tick


@transaction.atomic
def identify_friend(*, by: Any, alert: Alert, person: Any = None, note: str = "") -> Alert:
    """Record who the friend at risk is: a person of the organisation, or a few words
    (a name, a class) while they are not found yet."""
    if not permissions.can_identify_friend(by, alert):
        raise PermissionDenied(_("You may not handle this alert."))
    note = " ".join((note or "").split())
    if len(note) > 200:
        raise ValidationError({"note": _("This text is too long.")})
    if person is not None and person.organisation_id != alert.organisation_id:
        raise ValidationError({"person": _("Choose a person of this organisation.")})
    if person is None and not note:
        raise ValidationError({"person": _("Choose the friend or write who they are.")})
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    alert.friend = person
    alert.friend_note = note
    alert.save(update_fields=["friend", "friend_note"])
    audit.record(
        by,
        "alert.friend_identified",
        alert,
        data={"person": str(person.pk) if person is not None else "", "described": bool(note)},
    )
    return alert


@transaction.atomic
def mark_detection(
    *,
    by: Any,
    kind: str,
    alert: Alert | None = None,
    support_request: Any = None,
    note: str = "",
) -> DetectionFeedback:
    """A counselor says the detector was wrong about one text (missed or too high). The
    mark stays in the organisation, is counted for the safeguarding lead and is never used
    for training without a person's review."""
    subject = alert if alert is not None else support_request
    if subject is None:
        raise ValidationError(_("Choose what the detection was about."))
    org_id = subject.organisation_id
    if not permissions.can_mark_detection(by, org_id):
        raise PermissionDenied(_("You may not mark detections here."))
    if kind not in FeedbackKind.values:
        raise ValidationError({"kind": _("Choose what was wrong.")})
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError({"note": _("This text is too long.")})
    if alert is not None:
        level = (alert.evidence or {}).get("level") or alert.severity
        if support_request is None:
            support_request = alert.request
    else:
        level = support_request.safety_level
    feedback = DetectionFeedback.objects.create(
        organisation_id=org_id,
        alert=alert,
        request=support_request,
        kind=kind,
        detected_level=level,
        note=note,
        by=by,
    )
    audit.record(by, "safety.detection_marked", feedback, data={"kind": kind})
    return feedback


@transaction.atomic
def save_responder_phone(*, by: Any, organisation: Any, user: Any, phone: str) -> ResponderPhone:
    """A responder's phone for urgent alerts by text; an empty number removes it."""
    if not permissions.can_edit_settings(by, organisation.pk):
        raise PermissionDenied(_("Only the coordinator or the administrator changes this."))
    if not may_be_on_duty(user, organisation.pk):
        raise ValidationError(
            {"user": _("Choose a counselor or coordinator of this organisation.")}
        )
    phone = " ".join((phone or "").split())
    if not _PHONE.match(phone):
        raise ValidationError(
            {"phone": _("Write the phone number with digits, e.g. 0812 3456 7890.")}
        )
    row, _created = ResponderPhone.objects.update_or_create(
        organisation=organisation, user=user, defaults={"phone": phone, "updated_by": by}
    )
    audit.record(by, "safety.responder_phone_saved", row)
    return row


@transaction.atomic
def remove_responder_phone(*, by: Any, row: ResponderPhone) -> None:
    if not permissions.can_edit_settings(by, row.organisation_id):
        raise PermissionDenied(_("Only the coordinator or the administrator changes this."))
    audit.record(
        by,
        "safety.responder_phone_removed",
        row,
        data={"user": str(row.user_id)},
    )
    row.delete()
