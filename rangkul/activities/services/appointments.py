"""Appointments: counselors' free time slots, a student's booking, direct scheduling and
reminders."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability
from rangkul.activities import permissions, queries
from rangkul.activities.models import (
    MAX_DURATION,
    Activity,
    ActivityStatus,
    Kind,
    Mode,
    Participant,
    TimeSlot,
)
from rangkul.activities.services.activities import ActivityData, log_activity
from rangkul.activities.services.common import (
    Errors,
    bounded,
    check_duration,
    check_mode,
    clean_text,
)
from rangkul.audit import services as audit
from rangkul.cases.models import OPEN_STATUSES, Case, Tier
from rangkul.notifications.models import Kind as NotificationKind
from rangkul.notifications.services import notify
from rangkul.people.queries import own_person

MAX_WEEKS = 26
# A student holds at most this many booked appointments ahead, so that nobody (or a
# prank on a shared phone) takes every free time of the counselors.
MAX_UPCOMING_BOOKINGS = 2
REMINDER_HORIZON = timedelta(hours=24)


def _overlaps(start: datetime, end: datetime, other: TimeSlot) -> bool:
    return other.starts_at < end and start < other.ends_at


@transaction.atomic
def publish_slots(
    *,
    by: Any,
    organisation: Any,
    starts_at: datetime,
    duration_minutes: int = 45,
    mode: str = Mode.IN_PERSON,
    place: str = "",
    weeks: int = 1,
) -> list[TimeSlot]:
    """Publish a free time, or the same time every week for `weeks` weeks."""
    if not permissions.can_publish_slots(by, organisation.id):
        raise PermissionDenied(_("You may not publish time slots here."))
    errors = Errors()
    moment = bounded(errors, "starts_at", starts_at, organisation, years_back=100, years_ahead=1)
    if moment is not None and moment <= timezone.now():
        errors.add("starts_at", _("A time slot must be in the future."))
    starts_at = moment or timezone.now()
    duration = check_duration(errors, duration_minutes)
    mode = check_mode(errors, mode)
    place = clean_text(errors, "place", place, limit=120)
    if not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        errors.add("weeks", _("Choose between 1 and %(max)d weeks.") % {"max": MAX_WEEKS})
    errors.raise_if_any()

    # Weekly on the organisation's clock: the same local time each week.
    local = starts_at.astimezone(organisation.zone)
    starts = [local + timedelta(weeks=i) for i in range(weeks)]
    length = timedelta(minutes=duration)
    # Overlaps are checked in Python over a window: no database-specific time arithmetic.
    existing = list(
        TimeSlot.objects.select_for_update().filter(
            counselor=by,
            starts_at__gt=starts[0] - timedelta(minutes=MAX_DURATION),
            starts_at__lt=starts[-1] + length,
        )
    )
    if any(_overlaps(s, s + length, other) for s in starts for other in existing):
        raise ValidationError({"starts_at": _("This time overlaps one of your time slots.")})
    slots = TimeSlot.objects.bulk_create(
        [
            TimeSlot(
                organisation=organisation,
                counselor=by,
                starts_at=start,
                duration_minutes=duration,
                mode=mode,
                place=place,
            )
            for start in starts
        ]
    )
    audit.record(
        by,
        "slot.published",
        slots[0],
        organisation=organisation,
        data={"count": len(slots), "slots": [str(s.pk) for s in slots]},
    )
    return slots


@transaction.atomic
def delete_slot(*, by: Any, slot: TimeSlot) -> None:
    if not permissions.can_delete_slot(by, slot):
        raise PermissionDenied(_("You may not change this time slot."))
    slot = TimeSlot.objects.select_for_update().get(pk=slot.pk)
    if slot.booked_activity_id is not None:
        raise ValidationError(
            _("A booked time slot cannot be deleted; cancel the appointment instead.")
        )
    audit.record(by, "slot.deleted", slot, data={"starts_at": slot.starts_at.isoformat()})
    slot.delete()


def _open_counseling_case(person: Any) -> Case | None:
    """The person's open counseling case, when there is exactly one to link to."""
    cases = list(
        Case.objects.filter(person=person, tier=Tier.COUNSELING, status__in=OPEN_STATUSES)[:2]
    )
    return cases[0] if len(cases) == 1 else None


@transaction.atomic
def book_slot(*, by: Any, slot: TimeSlot) -> Activity:
    """A student takes a counselor's free time: it becomes their appointment.

    The slot row is locked and read again, so of two students booking at once the second
    is refused with a clear message instead of both getting the time.
    """
    if not permissions.can_book_slot(by, slot):
        raise PermissionDenied(_("You may not book this time."))
    person = own_person(by, slot.organisation_id)
    if person is None:
        raise ValidationError(_("Your school has not linked a student record to your account yet."))
    locked = (
        TimeSlot.objects.select_for_update(of=("self",))
        .select_related("organisation", "counselor")
        .get(pk=slot.pk)
    )
    if locked.booked_activity_id is not None:
        raise ValidationError(
            _("Sorry, someone else has just booked this time. Please choose another one.")
        )
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This time has already passed. Please choose another one."))
    if not has_capability(locked.counselor, locked.organisation_id, Capability.WORK_CASES):
        raise ValidationError(_("This time is no longer offered. Please choose another one."))
    upcoming = TimeSlot.objects.filter(
        booked_activity__participants__person=person,
        booked_activity__status=ActivityStatus.SCHEDULED,
        starts_at__gt=timezone.now(),
    ).count()
    if upcoming >= MAX_UPCOMING_BOOKINGS:
        raise ValidationError(
            _(
                "You already have %(count)d appointments booked. Cancel one, or book again "
                "after one has taken place."
            )
            % {"count": upcoming}
        )
    activity = Activity.objects.create(
        organisation=locked.organisation,
        kind=Kind.INDIVIDUAL_COUNSELING,
        status=ActivityStatus.SCHEDULED,
        case=_open_counseling_case(person),
        facilitator=locked.counselor,
        starts_at=locked.starts_at,
        duration_minutes=locked.duration_minutes,
        mode=locked.mode,
        place=locked.place,
        created_by=by,
    )
    Participant.objects.create(activity=activity, person=person)
    locked.booked_activity = activity
    locked.save(update_fields=["booked_activity"])
    audit.record(
        by,
        "appointment.booked",
        activity,
        data={"slot": str(locked.pk), "case": str(activity.case_id) if activity.case_id else None},
    )
    notify(
        [locked.counselor],
        kind=NotificationKind.APPOINTMENT_BOOKED,
        organisation=locked.organisation,
        link=reverse("activity", args=[activity.pk]),
    )
    return activity


def schedule_appointment(
    *,
    by: Any,
    organisation: Any,
    person: Any,
    starts_at: datetime,
    duration_minutes: int = 45,
    mode: str = Mode.IN_PERSON,
    place: str = "",
    case: Any = None,
) -> Activity:
    """A counselor schedules an individual session directly; the student is told."""
    if not permissions.can_publish_slots(by, organisation.id):
        raise PermissionDenied(_("You may not schedule appointments here."))
    errors = Errors()
    moment = bounded(errors, "starts_at", starts_at, organisation, years_back=100, years_ahead=2)
    errors.raise_if_any()
    if moment is None or moment <= timezone.now():
        raise ValidationError({"starts_at": _("An appointment must be in the future.")})
    data = ActivityData(
        kind=Kind.INDIVIDUAL_COUNSELING,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place,
        case=case,
        people=[person] if person else [],
    )
    return log_activity(by=by, organisation=organisation, data=data)


def send_due_reminders(*, horizon: timedelta = REMINDER_HORIZON) -> int:
    """Remind participants and the facilitator of each scheduled activity starting within
    `horizon`, exactly once: the reminder is claimed by a conditional update, so two
    workers running at once never both send it."""
    now = timezone.now()
    sent = 0
    due = list(queries.due_for_reminder(now, horizon).values_list("pk", flat=True)[:1000])
    for activity_id in due:
        with transaction.atomic():
            claimed = Activity.objects.filter(
                pk=activity_id, reminder_sent_at__isnull=True, status=ActivityStatus.SCHEDULED
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            activity = Activity.objects.select_related("organisation", "facilitator").get(
                pk=activity_id
            )
            recipients = [
                p.person.user
                for p in activity.participants.select_related("person__user")
                if p.person.user is not None and p.person.user.is_active
            ]
            if activity.facilitator.is_active:
                recipients.append(activity.facilitator)
            notify(
                recipients,
                kind=NotificationKind.APPOINTMENT_REMINDER,
                organisation=activity.organisation,
                link=reverse("activity", args=[activity.pk]),
            )
            audit.record(
                None, "activity.reminder_sent", activity, data={"recipients": len(recipients)}
            )
            sent += 1
    return sent
