"""Every read of activities, appointments, time slots and groups, already scoped.

Each activity read here carries `full_access`: True when the reader may see the whole
record, False when it is only their own appointment (time, mode, place, helper's name).
Templates and API schemas show the rest only when it is True.

The case timeline built from `activities_for_case` lives in `rangkul.composition`.
"""

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from rangkul.accounts.models import Membership
from rangkul.accounts.permissions import orgs_with_capability
from rangkul.accounts.roles import CAPABILITIES, Capability
from rangkul.activities import permissions
from rangkul.activities.models import (
    Activity,
    ActivityStatus,
    ContactPulse,
    Group,
    Participant,
    TimeSlot,
)
from rangkul.audit import services as audit
from rangkul.cases import permissions as case_permissions
from rangkul.cases.models import Note
from rangkul.cases.queries import notes_shown
from rangkul.lib.api import Listing
from rangkul.lib.prepared import Prepared
from rangkul.lib.scoping import get_in_scope

# --- Activities ----------------------------------------------------------------------------


def visible_activities(user: Any, org_id: uuid.UUID | None = None) -> QuerySet[Activity]:
    full = permissions.activity_filter(user)
    qs = _visible_in(full, permissions.own_appointment_filter(user))
    if org_id is not None:
        qs = qs.filter(organisation_id=org_id)
    return qs.order_by("-starts_at")


def _visible_in(full: Q, own: Q) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(full | own)
        .annotate(full_access=ExpressionWrapper(full, output_field=BooleanField()))
        .select_related("facilitator", "organisation")
    )


def worked_activities(user: Any, org_id: uuid.UUID | None = None) -> QuerySet[Activity]:
    """Only activities whose whole record the user sees (their work, not their own
    appointments as a student)."""
    return visible_activities(user, org_id).filter(permissions.activity_filter(user))


def get_activity_for(user: Any, pk: object) -> Activity:
    return get_in_scope(
        visible_activities(user).select_related("case", "case__person", "group", "cohort"), pk
    )


def activities_for_case(user: Any, case: Any) -> QuerySet[Activity]:
    """The activities of a case the user may see, for the case timeline (oldest first)."""
    return visible_activities(user).filter(case=case).order_by("starts_at")


def read_case_activities(user: Any, case: Any) -> list[Activity]:
    """`activities_for_case` as a list, read by a prepared query (compiled once per
    process and shape of the user's scope, lib/prepared.py): the case page's timeline."""
    return _CASE_ACTIVITIES.run(
        case_id=case.pk, user_id=user.pk, **permissions.activity_scope(user)
    )


def _case_activities(
    case_id: uuid.UUID,
    user_id: int,
    member_of: list[uuid.UUID],
    oversee: list[uuid.UUID],
    working: list[uuid.UUID],
    asking: list[uuid.UUID],
) -> QuerySet[Activity]:
    scope = {"member_of": member_of, "oversee": oversee, "working": working, "asking": asking}
    full = permissions.activity_filter_of(user_id, **scope)
    own = permissions.own_appointment_filter_of(user_id, **scope)
    return _visible_in(full, own).filter(case_id=case_id).order_by("starts_at")


_CASE_ACTIVITIES = Prepared(
    _case_activities,
    case_id=uuid.UUID,
    user_id=int,
    member_of=[uuid.UUID],
    oversee=[uuid.UUID],
    working=[uuid.UUID],
    asking=[uuid.UUID],
)


def activities_for_person(user: Any, person: Any) -> QuerySet[Activity]:
    """Activities a person took part in, or that belong to one of their cases."""
    took_part = Participant.objects.filter(person=person).values("activity_id")
    return visible_activities(user).filter(Q(pk__in=took_part) | Q(case__person=person))


def participants_of(activity: Activity) -> QuerySet[Participant]:
    """For a reader with full access to the activity (callers check)."""
    return activity.participants.select_related("person", "person__cohort").order_by(
        "person__full_name"
    )


@dataclass(frozen=True)
class Attendance:
    present: int
    absent: int
    not_taken: int

    @property
    def taken(self) -> bool:
        return self.present + self.absent > 0


def attendance_counts(participants: Iterable[Participant]) -> Attendance:
    """Who was there, who was not, and whose attendance is not recorded (yet)."""
    marks = [p.attended for p in participants]
    return Attendance(
        present=sum(m is True for m in marks),
        absent=sum(m is False for m in marks),
        not_taken=sum(m is None for m in marks),
    )


def notes_of_activity(user: Any, activity: Activity) -> list[tuple[Note, bool]]:
    """The notes written with this activity that the user may know of, each with whether
    they may read its content (restricted notes: the author only)."""
    if activity.case_id is None or not getattr(activity, "full_access", True):
        return []
    case = activity.case
    assert case is not None
    notes = (
        Note.objects.filter(activity=activity, case=case)
        .filter(case_permissions.note_filter(user, case))
        .select_related("author", "case")
        .order_by("created_at")
    )
    rows = [(note, case_permissions.can_read_note(user, note)) for note in notes]
    notes_shown(user, case, [note for note, readable in rows if readable])
    return rows


def _day_bounds(day: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    zone = tz or timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def agenda(user: Any, day: date, tz: tzinfo | None = None) -> QuerySet[Activity]:
    """What the user facilitates on one day of their organisation's calendar."""
    start, end = _day_bounds(day, tz)
    return (
        visible_activities(user)
        .filter(facilitator_id=user.pk, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related("participants__person")
        .order_by("starts_at")
    )


def agenda_days(
    user: Any, org_id: uuid.UUID, first: date, days: int = 8, tz: tzinfo | None = None
) -> list[tuple[date, list[Activity]]]:
    """`days` consecutive days from `first`, each with the user's activities, in one query."""
    start, _end = _day_bounds(first, tz)
    _start, end = _day_bounds(first + timedelta(days=days - 1), tz)
    rows = list(
        visible_activities(user, org_id)
        .filter(facilitator_id=user.pk, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related("participants__person")
        .order_by("starts_at")
    )
    zone = tz or timezone.get_current_timezone()
    by_day: dict[date, list[Activity]] = {first + timedelta(days=i): [] for i in range(days)}
    for activity in rows:
        by_day[timezone.localtime(activity.starts_at, zone).date()].append(activity)
    return list(by_day.items())


def feed_activities(user: Any, org_id: uuid.UUID | None = None) -> QuerySet[Activity]:
    """A worker's calendar: what they facilitate from 30 days ago onwards (cancelled ones
    too, so that calendar apps remove them)."""
    since = timezone.now() - timedelta(days=30)
    return (
        visible_activities(user, org_id)
        .filter(facilitator_id=user.pk, starts_at__gte=since)
        .order_by("starts_at")[:1000]
    )


def my_appointments(
    user: Any, org_id: uuid.UUID | None, *, upcoming: bool = True
) -> QuerySet[Activity]:
    """A student's own appointments: upcoming ones (soonest first) or past ones."""
    qs = visible_activities(user, org_id).filter(permissions.own_appointment_filter(user))
    now = timezone.now()
    if upcoming:
        return qs.filter(starts_at__gte=now, status=ActivityStatus.SCHEDULED).order_by("starts_at")
    return qs.filter(Q(starts_at__lt=now) | ~Q(status=ActivityStatus.SCHEDULED))


@dataclass(frozen=True)
class OwnSupervision:
    """What a peer supporter reads of one of their supervision sessions: nothing of the
    other peers present or of the cases discussed can reach the page."""

    pk: uuid.UUID
    starts_at: datetime
    supervisor: str
    status: str
    actions: str


def own_supervision_sessions(user: Any, organisation: Any) -> list[OwnSupervision]:
    """The peer supporter's own supervision sessions, latest first; 404 for anyone else.
    The sessions shown are audited like any list of notes (one event)."""
    org_id = organisation.id
    if not permissions.can_see_own_supervision(user, org_id):
        raise Http404
    rows = (
        Activity.objects.filter(organisation_id=org_id)
        .filter(permissions.own_supervision_filter(user))
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("facilitator", "supervision")
        .order_by("-starts_at")[:200]
    )
    shown = [
        OwnSupervision(
            pk=a.pk,
            starts_at=a.starts_at,
            supervisor=a.facilitator.display_name() if a.facilitator else "",
            status=str(a.get_status_display()),
            actions=a.supervision.actions,
        )
        for a in rows
    ]
    audit.record_list(user, "supervision.listed_own", shown, organisation=organisation)
    return shown


def peer_meetings_count(user: Any, org_id: uuid.UUID, since: datetime) -> int:
    return (
        worked_activities(user, org_id)
        .filter(facilitator_id=user.pk, kind="peer_meeting", starts_at__gte=since)
        .count()
    )


def due_for_reminder(now: datetime, horizon: timedelta) -> QuerySet[Activity]:
    """Scheduled activities starting within `horizon` that have had no reminder. For the
    reminder task only; never shown to anyone."""
    return Activity.objects.filter(
        status=ActivityStatus.SCHEDULED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + horizon,
    ).order_by("starts_at")


# --- Time slots ----------------------------------------------------------------------------


def _slot_roles() -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if Capability.WORK_CASES in caps]


def activity_listing(
    user: Any,
    organisation: Any,
    *,
    kind: str = "",
    status: str = "",
    case_id: uuid.UUID | None = None,
) -> Listing:
    """The activities list of the API, filtered; the page shown is audited."""
    qs = visible_activities(user, organisation.id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    return Listing(qs, _activities_shown(user, organisation))


def worked_activity_listing(
    user: Any,
    organisation: Any,
    *,
    kind: str = "",
    status: str = "",
    kinds: Collection[str] = (),
) -> Listing:
    """The activities page: what the worker ran or may read, filtered; audited like the
    API's list."""
    qs = worked_activities(user, organisation.id)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return Listing(qs, _activities_shown(user, organisation))


def _activities_shown(user: Any, organisation: Any) -> Any:
    """The one audit of a list of activities shown, by page or API."""
    return lambda shown: audit.record_list(
        user, "activity.listed", shown, organisation=organisation
    )


def visible_slots(user: Any, org_id: uuid.UUID | None = None) -> QuerySet[TimeSlot]:
    qs = TimeSlot.objects.filter(permissions.slot_filter(user)).select_related("counselor")
    if org_id is not None:
        qs = qs.filter(organisation_id=org_id)
    return qs.order_by("starts_at")


def get_slot_for(user: Any, pk: object) -> TimeSlot:
    return get_in_scope(visible_slots(user).select_related("organisation"), pk)


def free_slots(user: Any, org_id: uuid.UUID | None = None) -> QuerySet[TimeSlot]:
    """Future free slots the user may book: those of the counselors of the organisations
    where they may ask for help, while those counselors still work there."""
    still_working = Membership.objects.filter(
        user_id=OuterRef("counselor_id"),
        organisation_id=OuterRef("organisation_id"),
        role__in=_slot_roles(),
    )
    bookable = [
        org
        for org in orgs_with_capability(user, Capability.ASK_FOR_HELP)
        if org_id is None or org == org_id
    ]
    return (
        TimeSlot.objects.filter(
            organisation_id__in=bookable,
            booked_activity__isnull=True,
            starts_at__gt=timezone.now(),
        )
        .exclude(counselor_id=user.pk)
        .filter(Exists(still_working))
        .select_related("counselor")
        .order_by("starts_at")
    )


def my_slots(user: Any, org_id: uuid.UUID, *, upcoming: bool = True) -> QuerySet[TimeSlot]:
    qs = visible_slots(user, org_id).filter(counselor_id=user.pk)
    if upcoming:
        qs = qs.filter(starts_at__gte=timezone.now())
    return qs.select_related("booked_activity")


# --- Groups --------------------------------------------------------------------------------


def group_listing(user: Any, organisation: Any) -> Listing:
    """The groups list of the API (with their members); the page shown is audited."""
    return Listing(
        visible_groups(user, organisation.id).prefetch_related("members"),
        lambda shown: audit.record_list(user, "group.listed", shown, organisation=organisation),
    )


def visible_groups(user: Any, org_id: uuid.UUID | None = None) -> QuerySet[Group]:
    qs = Group.objects.filter(permissions.group_filter(user)).select_related("facilitator")
    if org_id is not None:
        qs = qs.filter(organisation_id=org_id)
    return qs.order_by("-is_active", "name")


def get_group_for(user: Any, pk: object) -> Group:
    return get_in_scope(visible_groups(user).select_related("organisation"), pk)


def group_members(group: Group) -> QuerySet[Any]:
    return group.members.select_related("cohort").order_by("full_name")


def group_sessions(user: Any, group: Group) -> QuerySet[Activity]:
    return worked_activities(user).filter(group=group).order_by("-starts_at")


# --- Contact pulses ------------------------------------------------------------------------


def pending_pulses(user: Any, org_id: uuid.UUID) -> QuerySet[ContactPulse]:
    """The student's own pulses still to answer (the last two weeks), newest first."""
    since = timezone.now() - timedelta(days=14)
    return ContactPulse.objects.filter(
        permissions.pulse_respondent_filter(user),
        organisation_id=org_id,
        answered_at__isnull=True,
        created_at__gte=since,
    ).order_by("-created_at")


def get_pulse_for(user: Any, pk: object) -> ContactPulse:
    """Only the student a pulse asks may open it; for anyone else it does not exist."""
    return get_in_scope(
        ContactPulse.objects.filter(permissions.pulse_respondent_filter(user)).select_related(
            "person", "organisation", "activity__facilitator"
        ),
        pk,
    )


def pulse_counts(org_ids: Any, start: datetime, end: datetime) -> dict[str, dict[str, int]]:
    """Answers to the pulse in the organisations and period, counted per question and
    answer: plain numbers for reports and the lead's page, which suppress them."""
    rows = ContactPulse.objects.filter(
        organisation_id__in=list(org_ids),
        answered_at__gte=start,
        answered_at__lt=end,
    ).values_list("felt_heard", "talk_again")
    counts: dict[str, dict[str, int]] = {"felt_heard": {}, "talk_again": {}}
    for heard, again in rows:
        counts["felt_heard"][heard] = counts["felt_heard"].get(heard, 0) + 1
        counts["talk_again"][again] = counts["talk_again"].get(again, 0) + 1
    return counts
