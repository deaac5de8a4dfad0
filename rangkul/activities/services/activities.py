"""Logging activities (every delivered service), and moving them through their statuses."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rangkul.activities import permissions, queries
from rangkul.activities.models import (
    ACTIVITY_TRANSITIONS,
    GROUP_KINDS,
    PERSON_KINDS,
    REQUIRED_FIELDS,
    SAFETY_CHECKED_KINDS,
    STUDENT_VISIBLE_KINDS,
    SYSTEMIC_KINDS,
    Activity,
    ActivityStatus,
    Component,
    Group,
    Kind,
    Mode,
    OutsideParticipant,
    Participant,
    SessionFormat,
    Supervision,
    TimeSlot,
)
from rangkul.activities.services.common import (
    Errors,
    bounded,
    check_duration,
    check_mode,
    clean_text,
    pk_of,
    pks_of,
)
from rangkul.activities.services.pulses import open_pulse
from rangkul.activities.services.systemic import (
    OUTCOME_LIMIT,
    clean_outside_participants,
    resolve_guardian,
)
from rangkul.audit import services as audit
from rangkul.cases import services as case_services
from rangkul.cases.models import Case, Confidentiality, Domain, NoteKind
from rangkul.cases.permissions import case_role
from rangkul.lib.dates import check_day
from rangkul.lib.text import check_text
from rangkul.notifications.models import Kind as NotificationKind
from rangkul.notifications.services import notify
from rangkul.peers import services as peer_services
from rangkul.people.models import Cohort, Person
from rangkul.safety import services as safety
from rangkul.safety.models import AlertSource

NOTE_LIMIT, CONTACT_LOG_LIMIT = 5000, 1000


@dataclass
class ActivityData:
    """What a form or an API body says about one activity. Related objects may be given
    as instances or ids; the service resolves them inside the organisation."""

    kind: str
    starts_at: datetime
    duration_minutes: int = 45
    mode: str = Mode.IN_PERSON
    place: str = ""
    case: Any = None
    group: Any = None
    cohort: Any = None
    people: list[Any] = field(default_factory=list)
    # Group sessions: who was there. None: attendance not taken (yet).
    present: list[Any] | None = None
    topic: str = ""
    domain: str = ""
    component: str = ""
    consultee: str = ""
    # A consultation with a guardian of the person (refused for a "do not contact" one).
    guardian: Any = None
    # Psychosocial group sessions: child-friendly space, psychoeducation, recreation...
    session_format: str = ""
    attendees: str = ""
    decisions: str = ""
    # Systemic work: outsiders as (name, role) pairs, and the outcomes.
    outside_participants: list[tuple[str, str]] = field(default_factory=list)
    agreed_actions: str = ""
    result: str = ""
    follow_up: str = ""
    follow_up_due: date | None = None
    # Written with the activity through cases.services.add_note: a case note, or a peer
    # supporter's brief contact log.
    note: str = ""
    confidentiality: str = Confidentiality.STANDARD


def transition(activity: Activity, to: str) -> None:
    """The one way an activity changes status; refuses moves the table does not allow."""
    if to not in ACTIVITY_TRANSITIONS.get(activity.status, frozenset()):
        raise ValidationError(
            _("An activity that is %(current)s cannot become %(target)s.")
            % {
                "current": ActivityStatus(activity.status).label,
                "target": ActivityStatus(to).label if to in ActivityStatus.values else to,
            }
        )
    activity.status = to


def _resolve_case(by: Any, organisation: Any, value: Any, errors: Errors) -> Case | None:
    if value is None or value == "":
        return None
    case_id = pk_of(value)
    case = (
        Case.objects.select_related("person", "organisation").filter(pk=case_id).first()
        if case_id
        else None
    )
    # An unknown case and one the user may not see get the same answer.
    if case is None or case.organisation_id != organisation.id or case_role(by, case) is None:
        errors.add("case", _("Choose a case you work on in this organisation."))
        return None
    return case


def _resolve_group(organisation: Any, value: Any, errors: Errors) -> Group | None:
    group_id = pk_of(value)
    group = (
        Group.objects.filter(pk=group_id, organisation=organisation, is_active=True).first()
        if group_id
        else None
    )
    if group is None and value not in (None, ""):
        errors.add("group", _("Choose an active group of this organisation."))
    return group


def _resolve_cohort(organisation: Any, value: Any, errors: Errors) -> Cohort | None:
    cohort_id = pk_of(value)
    cohort = (
        Cohort.objects.filter(pk=cohort_id, organisation=organisation).first()
        if cohort_id
        else None
    )
    if cohort is None and value not in (None, ""):
        errors.add("cohort", _("Choose a class of this organisation."))
    return cohort


def resolve_people(organisation: Any, values: Any, errors: Errors, field: str) -> list[Person]:
    ids, well_formed = pks_of(values)
    people = list(Person.objects.filter(pk__in=ids, organisation=organisation))
    if not well_formed or len(people) != len(ids):
        errors.add(field, _("Choose people of this organisation."))
    return people


def _check_choices(errors: Errors, data: ActivityData) -> None:
    if data.domain and data.domain not in Domain.values:
        errors.add("domain", _("This value is not one of the allowed choices."))
    if data.component and data.component not in Component.values:
        errors.add("component", _("This value is not one of the allowed choices."))
    if data.confidentiality not in Confidentiality.values:
        errors.add("confidentiality", _("This value is not one of the allowed choices."))
    if data.session_format and (
        data.session_format not in SessionFormat.values or data.kind != Kind.PSYCHOSOCIAL_GROUP
    ):
        errors.add("session_format", _("This value is not one of the allowed choices."))


def _safety_check(by: Any, activity: Activity, texts: Iterable[str], person: Person | None) -> None:
    """Free text from the field (PFA) or from a peer supporter: a flagged text raises the
    alert in the caller's transaction."""
    text = "\n".join(t for t in texts if t)
    if not text:
        return
    result = safety.check_text(text, organisation=activity.organisation)
    safety.alert_for_text(
        result,
        organisation=activity.organisation,
        source=AlertSource.CONTACT_LOG,
        person=person,
        case=activity.case,
        by=by,
        extra={"activity": str(activity.pk)},
    )


@transaction.atomic
def log_activity(*, by: Any, organisation: Any, data: ActivityData) -> Activity:
    """Record one delivered (or, when it lies in the future, scheduled) activity, its
    participants and attendance, and a note written with it."""
    if not permissions.can_log_anything(by, organisation.id):
        raise PermissionDenied(_("You may not log activities here."))
    errors = Errors()
    kind = data.kind
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of activity.")})
    case = _resolve_case(by, organisation, data.case, errors)
    # A peer meeting without a case is refused below as incomplete, not as forbidden.
    checkable = not errors.by_field and (case is not None or kind != Kind.PEER_MEETING)
    if checkable and not permissions.can_log_activity(by, organisation.id, kind, case):
        raise PermissionDenied(_("You may not log this kind of activity here."))

    # A session is logged up to a few years late, or scheduled up to two years ahead.
    starts_at = (
        bounded(errors, "starts_at", data.starts_at, organisation, years_back=5, years_ahead=2)
        or timezone.now()
    )
    status = ActivityStatus.SCHEDULED if starts_at > timezone.now() else ActivityStatus.DONE
    try:
        check_day(data.follow_up_due, field="follow_up_due", years_back=1, years_ahead=2)
    except ValidationError as exc:
        errors.add("follow_up_due", exc.message_dict["follow_up_due"][0])
    duration = check_duration(errors, data.duration_minutes)
    mode = check_mode(errors, data.mode)
    _check_choices(errors, data)
    texts = {
        "place": clean_text(errors, "place", data.place, limit=120),
        "topic": clean_text(errors, "topic", data.topic, limit=200),
        "consultee": clean_text(errors, "consultee", data.consultee, limit=120),
        "attendees": clean_text(errors, "attendees", data.attendees, limit=300),
        "decisions": clean_text(errors, "decisions", data.decisions, limit=2000),
        "follow_up": clean_text(errors, "follow_up", data.follow_up, limit=1000),
        "agreed_actions": clean_text(
            errors, "agreed_actions", data.agreed_actions, limit=OUTCOME_LIMIT
        ),
        "result": clean_text(errors, "result", data.result, limit=OUTCOME_LIMIT),
    }
    if (texts["agreed_actions"] or texts["result"]) and kind not in SYSTEMIC_KINDS:
        errors.add("result", _("Outcomes are recorded for systemic work only."))
    if (texts["agreed_actions"] or texts["result"]) and starts_at > timezone.now():
        errors.add("result", _("Outcomes are recorded once the activity has taken place."))
    outside: list[tuple[str, str]] = []
    if kind in SYSTEMIC_KINDS:
        outside = clean_outside_participants(errors, data.outside_participants)
    elif data.outside_participants:
        errors.add(
            "outside_participants", _("Outside participants are named for systemic work only.")
        )
    if data.follow_up_due and not texts["follow_up"]:
        errors.add("follow_up", _("Describe the follow-up that is due."))

    group = _resolve_group(organisation, data.group, errors) if kind in GROUP_KINDS else None
    cohort = (
        _resolve_cohort(organisation, data.cohort, errors)
        if kind == Kind.CLASSROOM_GUIDANCE
        else None
    )
    people: list[Person] = []
    if kind == Kind.PEER_MEETING:
        # A peer supporter never picks people: the meeting is with the case's person.
        people = [case.person] if case else []
    elif kind not in GROUP_KINDS and kind != Kind.CLASSROOM_GUIDANCE:
        people = resolve_people(organisation, data.people, errors, "people")
        if not people and case is not None and kind in PERSON_KINDS:
            people = [case.person]

    guardian = None
    if data.guardian not in (None, ""):
        if kind != Kind.CONSULTATION:
            errors.add("guardian", _("A guardian is named on a consultation only."))
        else:
            about = case.person if case else (people[0] if people else None)
            guardian = resolve_guardian(by, organisation, data.guardian, about, errors)
            if guardian is not None:
                people = people or [guardian.person]
                if not texts["consultee"]:
                    texts["consultee"] = (
                        f"{guardian.full_name} ({guardian.get_relationship_display()})"
                    )

    present: set[Any] | None = None
    if group is not None:
        people = list(group.members.all())
        # Attendance is taken for a session that took place, not for one ahead.
        if data.present is not None and status == ActivityStatus.DONE:
            present, well_formed = pks_of(data.present)
            if not well_formed or not present <= {p.pk for p in people}:
                errors.add("present", _("Attendance can only be taken for members of the group."))

    note, note_problem = check_text(data.note, limit=NOTE_LIMIT, required=False)
    if note_problem and "\x00" in (data.note or ""):
        errors.add("note", note_problem)
        note = ""
    elif note_problem and not note:
        errors.add("note", note_problem)  # only invisible characters
    note_kind = NoteKind.CONTACT_LOG if kind == Kind.PEER_MEETING else NoteKind.NOTE
    if note:
        limit = CONTACT_LOG_LIMIT if note_kind == NoteKind.CONTACT_LOG else NOTE_LIMIT
        if case is None:
            if "case" not in errors.by_field:
                errors.add("note", _("A note can only be written on an activity of a case."))
        elif status == ActivityStatus.SCHEDULED:
            errors.add("note", _("Notes are written after the activity has taken place."))
        elif len(note) > limit:
            errors.add("note", _("This text is too long."))
    elif kind == Kind.PEER_MEETING and status == ActivityStatus.DONE:
        errors.add("note", _("Write a brief contact log of the meeting."))

    given = {
        "case": case,
        "group": group,
        "cohort": cohort,
        "people": people,
        "participants": people or outside,
        "domain": data.domain,
        "component": data.component,
        **texts,
    }
    for name in REQUIRED_FIELDS.get(kind, ()):
        if name == "participants" and {"people", "outside_participants"} & set(errors.by_field):
            continue  # the participants given were refused already
        if name == "consultee" and "guardian" in errors.by_field:
            continue  # the guardian named was refused already
        if not given.get(name) and name not in errors.by_field:
            errors.add(name, _("This field is required."))
    errors.raise_if_any()

    activity = Activity.objects.create(
        organisation=organisation,
        kind=kind,
        status=status,
        case=case,
        group=group,
        cohort=cohort,
        facilitator=by,
        starts_at=starts_at,
        duration_minutes=duration,
        mode=mode,
        domain=data.domain,
        component=data.component,
        guardian=guardian,
        session_format=data.session_format,
        follow_up_due=data.follow_up_due if texts["follow_up"] else None,
        created_by=by,
        **texts,
    )
    Participant.objects.bulk_create(
        [
            Participant(
                activity=activity,
                person=person,
                attended=None if present is None else person.pk in present,
            )
            for person in people
        ]
    )
    OutsideParticipant.objects.bulk_create(
        [OutsideParticipant(activity=activity, full_name=n, role=r) for n, r in outside]
    )
    audit.record(
        by,
        "activity.logged",
        activity,
        data={
            "kind": kind,
            "status": status,
            "case": str(case.pk) if case else None,
            "participants": len(people),
            "outside_participants": len(outside),
            "guardian": str(guardian.pk) if guardian else None,
        },
    )
    if kind in SAFETY_CHECKED_KINDS:
        checked = [texts["topic"], texts["decisions"], texts["follow_up"], texts["consultee"]]
        if kind == Kind.PFA_CONTACT:
            checked.append(note)  # a peer's contact log is checked by add_note itself
        person = case.person if case else (people[0] if people else None)
        _safety_check(by, activity, checked, person)
    if note and case is not None:
        case_services.add_note(
            by=by,
            case=case,
            text=note,
            confidentiality=data.confidentiality,
            kind=note_kind,
            activity=activity,
        )
    if status == ActivityStatus.SCHEDULED and kind in STUDENT_VISIBLE_KINDS:
        _notify_participants(by, activity, people, NotificationKind.APPOINTMENT_BOOKED)
    open_pulse(activity)
    return activity


def supervision_held(by: Any, activity: Activity) -> None:
    """A supervision session with its record took place: the peer programme counts its
    peers as supervised and closes the debriefs of the cases it discussed."""
    record = Supervision.objects.filter(activity=activity).first()
    if record is None or activity.status != ActivityStatus.DONE:
        return
    peer_services.record_supervised(
        by=by,
        profiles=list(record.peers.select_related("organisation")),
        day=activity.organisation.local_day(activity.starts_at),
        activity_id=activity.pk,
        case_ids=list(record.cases.values_list("pk", flat=True)),
    )


def _notify_participants(by: Any, activity: Activity, people: list[Person], kind: str) -> None:
    users = [
        p.user for p in people if p.user is not None and p.user_id != by.pk and p.user.is_active
    ]
    if users:
        notify(
            users,
            kind=kind,
            organisation=activity.organisation,
            link=reverse("activity", args=[activity.pk]),
        )


def open_activity_record(*, by: Any, pk: object) -> Activity:
    """Fetch an activity for reading and leave the audit event every view needs."""
    activity = queries.get_activity_for(by, pk)
    audit.record(by, "activity.viewed", activity)
    return activity


def _set_attendance(activity: Activity, present: Any) -> None:
    ids, well_formed = pks_of(present)
    members = set(activity.participants.values_list("person_id", flat=True))
    if not well_formed or not ids <= members:
        raise ValidationError(
            {"present": _("Attendance can only be taken for members of the group.")}
        )
    activity.participants.filter(person_id__in=ids).update(attended=True)
    activity.participants.exclude(person_id__in=ids).update(attended=False)


@transaction.atomic
def complete_activity(*, by: Any, activity: Activity, present: Any = None) -> Activity:
    """Mark a scheduled activity done; for a group session, with who was there."""
    if not permissions.can_manage_activity(by, activity):
        raise PermissionDenied(_("You may not change this activity."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    transition(activity, ActivityStatus.DONE)
    if activity.starts_at > timezone.now():
        raise ValidationError(_("An activity cannot be marked done before it starts."))
    activity.save(update_fields=["status"])
    if activity.kind in GROUP_KINDS:
        if present is not None:
            _set_attendance(activity, present)
    else:
        # A one-to-one session that took place was attended by its person.
        activity.participants.filter(attended__isnull=True).update(attended=True)
    audit.record(by, "activity.completed", activity)
    open_pulse(activity)
    if activity.kind == Kind.SUPERVISION:
        supervision_held(by, activity)
    return activity


@transaction.atomic
def cancel_activity(*, by: Any, activity: Activity) -> Activity:
    """Cancel a scheduled activity. A booked time slot that still lies ahead becomes free
    again for other students."""
    if not (
        permissions.can_manage_activity(by, activity)
        or permissions.is_own_appointment(by, activity)
    ):
        raise PermissionDenied(_("You may not change this activity."))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    transition(activity, ActivityStatus.CANCELLED)
    activity.save(update_fields=["status"])
    freed = TimeSlot.objects.filter(booked_activity=activity, starts_at__gt=timezone.now()).update(
        booked_activity=None
    )
    audit.record(by, "activity.cancelled", activity, data={"slot_freed": bool(freed)})
    return activity


@transaction.atomic
def record_attendance(*, by: Any, activity: Activity, present: Any) -> Activity:
    """Who was at a group session (members not listed were absent)."""
    if not permissions.can_manage_activity(by, activity):
        raise PermissionDenied(_("You may not change this activity."))
    if activity.kind not in GROUP_KINDS:
        raise ValidationError(_("Attendance is taken for group sessions only."))
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("This activity was cancelled."))
    _set_attendance(activity, present)
    audit.record(
        by, "activity.attendance_recorded", activity, data={"present": len(pks_of(present)[0])}
    )
    return activity
