"""Activities, appointments, time slots and groups over JSON, on the same services and
queries as the pages."""

import uuid
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from rangkul.activities import permissions, queries, services
from rangkul.activities.models import (
    Activity,
    ActivityStatus,
    Component,
    Group,
    GroupKind,
    Kind,
    Mode,
    SessionFormat,
    TimeSlot,
)
from rangkul.cases.models import Confidentiality, Domain
from rangkul.lib.api import ERRORS, Pagination
from rangkul.lib.views import current_org

router = Router(tags=["activities"])
E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}
TEXT = 5000  # generous bounds on the body; the services apply the real limits


def _org(request: HttpRequest, organisation_id: uuid.UUID | None = None) -> Any:
    """The caller's current organisation; one named in the body must be that one."""
    return current_org(request, organisation_id)


# --- schemas --------------------------------------------------------------------------------


def _if_full(obj: Activity, value: Any) -> Any:
    """Only a reader of the whole record gets more than time, mode, place and helper."""
    return value if getattr(obj, "full_access", False) else None


class ActivityOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    kind: Kind
    status: ActivityStatus
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    mode: Mode
    place: str
    facilitator_id: uuid.UUID
    facilitator_name: str
    full_access: bool
    case_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    cohort_id: uuid.UUID | None = None
    topic: str | None = None
    domain: Domain | Literal[""] | None = None
    component: Component | Literal[""] | None = None
    consultee: str | None = None
    attendees: str | None = None
    decisions: str | None = None
    follow_up: str | None = None
    follow_up_due: date | None = None
    session_format: SessionFormat | Literal[""] | None = None
    guardian_id: uuid.UUID | None = None
    agreed_actions: str | None = None
    result: str | None = None

    @staticmethod
    def resolve_session_format(obj: Activity) -> Any:
        return _if_full(obj, obj.session_format)

    @staticmethod
    def resolve_guardian_id(obj: Activity) -> Any:
        return _if_full(obj, obj.guardian_id)

    @staticmethod
    def resolve_agreed_actions(obj: Activity) -> Any:
        return _if_full(obj, obj.agreed_actions)

    @staticmethod
    def resolve_result(obj: Activity) -> Any:
        return _if_full(obj, obj.result)

    @staticmethod
    def resolve_facilitator_id(obj: Activity) -> uuid.UUID:
        return obj.facilitator.public_id

    @staticmethod
    def resolve_facilitator_name(obj: Activity) -> str:
        return obj.facilitator.display_name()

    @staticmethod
    def resolve_full_access(obj: Activity) -> bool:
        return bool(getattr(obj, "full_access", False))

    @staticmethod
    def resolve_case_id(obj: Activity) -> Any:
        return _if_full(obj, obj.case_id)

    @staticmethod
    def resolve_group_id(obj: Activity) -> Any:
        return _if_full(obj, obj.group_id)

    @staticmethod
    def resolve_cohort_id(obj: Activity) -> Any:
        return _if_full(obj, obj.cohort_id)

    @staticmethod
    def resolve_topic(obj: Activity) -> Any:
        return _if_full(obj, obj.topic)

    @staticmethod
    def resolve_domain(obj: Activity) -> Any:
        return _if_full(obj, obj.domain)

    @staticmethod
    def resolve_component(obj: Activity) -> Any:
        return _if_full(obj, obj.component)

    @staticmethod
    def resolve_consultee(obj: Activity) -> Any:
        return _if_full(obj, obj.consultee)

    @staticmethod
    def resolve_attendees(obj: Activity) -> Any:
        return _if_full(obj, obj.attendees)

    @staticmethod
    def resolve_decisions(obj: Activity) -> Any:
        return _if_full(obj, obj.decisions)

    @staticmethod
    def resolve_follow_up(obj: Activity) -> Any:
        return _if_full(obj, obj.follow_up)

    @staticmethod
    def resolve_follow_up_due(obj: Activity) -> Any:
        return _if_full(obj, obj.follow_up_due)


class ParticipantOut(Schema):
    person_id: uuid.UUID | None
    name: str
    attended: bool | None


class OutsideParticipantOut(Schema):
    full_name: str
    role: str


class ActivityDetailOut(ActivityOut):
    participants: list[ParticipantOut] | None = None
    outside_participants: list[OutsideParticipantOut] | None = None

    @staticmethod
    def resolve_outside_participants(obj: Activity) -> Any:
        return getattr(obj, "outside_rows", None)

    @staticmethod
    def resolve_participants(obj: Activity) -> Any:
        return getattr(obj, "participant_rows", None)


class OutsideParticipantIn(BaseModel):
    full_name: str = Field(max_length=TEXT)
    role: str = Field(max_length=TEXT)


class ActivityIn(BaseModel):
    kind: Kind
    starts_at: datetime
    duration_minutes: int = 45
    mode: Mode = Mode.IN_PERSON
    place: str = Field(default="", max_length=TEXT)
    organisation_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    cohort_id: uuid.UUID | None = None
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    present_ids: list[uuid.UUID] | None = Field(default=None, max_length=200)
    topic: str = Field(default="", max_length=TEXT)
    domain: Domain | Literal[""] = ""
    component: Component | Literal[""] = ""
    consultee: str = Field(default="", max_length=TEXT)
    attendees: str = Field(default="", max_length=TEXT)
    decisions: str = Field(default="", max_length=TEXT)
    follow_up: str = Field(default="", max_length=TEXT)
    follow_up_due: date | None = None
    note: str = Field(default="", max_length=2 * TEXT)
    confidentiality: Confidentiality = Confidentiality.STANDARD
    guardian_id: uuid.UUID | None = None
    session_format: SessionFormat | Literal[""] = ""
    outside_participants: list[OutsideParticipantIn] = Field(default_factory=list, max_length=100)
    agreed_actions: str = Field(default="", max_length=TEXT)
    result: str = Field(default="", max_length=TEXT)


class OutcomesIn(BaseModel):
    agreed_actions: str = Field(default="", max_length=TEXT)
    result: str = Field(default="", max_length=TEXT)


class CompleteIn(BaseModel):
    present_ids: list[uuid.UUID] | None = Field(default=None, max_length=200)


class SlotOut(Schema):
    id: uuid.UUID
    starts_at: datetime
    ends_at: datetime
    duration_minutes: int
    mode: Mode
    place: str
    counselor_id: uuid.UUID
    counselor_name: str
    booked: bool

    @staticmethod
    def resolve_counselor_id(obj: TimeSlot) -> uuid.UUID:
        return obj.counselor.public_id

    @staticmethod
    def resolve_counselor_name(obj: TimeSlot) -> str:
        return obj.counselor.display_name()

    @staticmethod
    def resolve_booked(obj: TimeSlot) -> bool:
        return obj.booked_activity_id is not None


class SlotIn(BaseModel):
    starts_at: datetime
    duration_minutes: int = 45
    mode: Mode = Mode.IN_PERSON
    place: str = Field(default="", max_length=TEXT)
    weeks: int = 1
    organisation_id: uuid.UUID | None = None


class GroupOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    kind: GroupKind
    is_active: bool
    member_ids: list[uuid.UUID]

    @staticmethod
    def resolve_member_ids(obj: Group) -> list[uuid.UUID]:
        return [p.pk for p in obj.members.all()]


# --- activities -----------------------------------------------------------------------------


@router.get(
    "/activities", response=list[ActivityOut], summary="Activities the caller may see (audited)"
)
@paginate(Pagination)
def list_activities(
    request: HttpRequest,
    kind: Kind | None = None,
    status: ActivityStatus | None = None,
    case_id: uuid.UUID | None = None,
) -> Any:
    return queries.activity_listing(
        request.user, current_org(request), kind=kind or "", status=status or "", case_id=case_id
    )


@router.post(
    "/activities",
    response={201: ActivityOut, **E},
    summary="Log an activity (scheduled when it lies in the future)",
)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    org = _org(request, payload.organisation_id)
    data = services.ActivityData(
        kind=payload.kind,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        mode=payload.mode,
        place=payload.place,
        case=payload.case_id,
        group=payload.group_id,
        cohort=payload.cohort_id,
        people=list(payload.person_ids),
        present=list(payload.present_ids) if payload.present_ids is not None else None,
        topic=payload.topic,
        domain=payload.domain,
        component=payload.component,
        consultee=payload.consultee,
        attendees=payload.attendees,
        decisions=payload.decisions,
        follow_up=payload.follow_up,
        follow_up_due=payload.follow_up_due,
        note=payload.note,
        confidentiality=payload.confidentiality,
        guardian=payload.guardian_id,
        session_format=payload.session_format,
        outside_participants=[(o.full_name, o.role) for o in payload.outside_participants],
        agreed_actions=payload.agreed_actions,
        result=payload.result,
    )
    activity = services.log_activity(by=request.user, organisation=org, data=data)
    return Status(201, queries.get_activity_for(request.user, activity.pk))


def _detail(request: HttpRequest, activity: Activity) -> Activity:
    """Add the participants for a reader of the whole record (pseudonym for a peer
    supporter when the student hid their name)."""
    if activity.full_access:  # type: ignore[attr-defined]
        pseudonym = permissions.pseudonym_for(request.user, activity.case)
        activity.participant_rows = [  # type: ignore[attr-defined]
            {
                "person_id": None if pseudonym else p.person_id,
                "name": pseudonym or p.person.full_name,
                "attended": p.attended,
            }
            for p in queries.participants_of(activity)
        ]
        activity.outside_rows = list(activity.outside_participants.all())  # type: ignore[attr-defined]
    return activity


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityDetailOut, 401: ERRORS[401], 404: ERRORS[404]},
    summary="One activity (the view is audited)",
)
def get_activity(request: HttpRequest, activity_id: str) -> Any:
    return _detail(request, services.open_activity_record(by=request.user, pk=activity_id))


@router.post(
    "/activities/{activity_id}/complete",
    response={200: ActivityOut, **E},
    summary="Mark a scheduled activity done (with attendance for a group session)",
)
def complete_activity(request: HttpRequest, activity_id: str, payload: CompleteIn) -> Any:
    activity = queries.get_activity_for(request.user, activity_id)
    present = list(payload.present_ids) if payload.present_ids is not None else None
    services.complete_activity(by=request.user, activity=activity, present=present)
    return queries.get_activity_for(request.user, activity.pk)


@router.post(
    "/activities/{activity_id}/outcomes",
    response={200: ActivityOut, **E},
    summary="Record the agreed actions and result of systemic work that took place",
)
def record_outcomes(request: HttpRequest, activity_id: str, payload: OutcomesIn) -> Any:
    activity = queries.get_activity_for(request.user, activity_id)
    services.record_outcomes(
        by=request.user,
        activity=activity,
        agreed_actions=payload.agreed_actions,
        result=payload.result,
    )
    return queries.get_activity_for(request.user, activity.pk)


@router.post(
    "/activities/{activity_id}/cancel",
    response={200: ActivityOut, **E},
    summary="Cancel a scheduled activity or one's own appointment",
)
def cancel_activity(request: HttpRequest, activity_id: str) -> Any:
    activity = queries.get_activity_for(request.user, activity_id)
    services.cancel_activity(by=request.user, activity=activity)
    return queries.get_activity_for(request.user, activity.pk)


# --- time slots -----------------------------------------------------------------------------


@router.get(
    "/slots",
    response=list[SlotOut],
    summary="Free time slots the caller may book; with mine=true, the caller's own slots",
)
@paginate(Pagination)
def list_slots(request: HttpRequest, mine: bool = False) -> Any:
    org = current_org(request)
    if mine:
        return queries.visible_slots(request.user, org.id).filter(counselor_id=request.user.pk)
    return queries.free_slots(request.user, org.id)


@router.post("/slots", response={201: list[SlotOut], **E}, summary="Publish free time slots")
def create_slots(request: HttpRequest, payload: SlotIn) -> Any:
    org = _org(request, payload.organisation_id)
    slots = services.publish_slots(
        by=request.user,
        organisation=org,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        mode=payload.mode,
        place=payload.place,
        weeks=payload.weeks,
    )
    return Status(201, slots)


@router.delete("/slots/{slot_id}", response={204: None, **E}, summary="Remove a free slot")
def delete_slot(request: HttpRequest, slot_id: str) -> Any:
    services.delete_slot(by=request.user, slot=queries.get_slot_for(request.user, slot_id))
    return HttpResponse(status=204)


@router.post(
    "/slots/{slot_id}/book",
    response={201: ActivityOut, **E},
    summary="Book a free slot: it becomes the caller's appointment",
)
def book_slot(request: HttpRequest, slot_id: str) -> Any:
    slot = queries.get_slot_for(request.user, slot_id)
    activity = services.book_slot(by=request.user, slot=slot)
    return Status(201, queries.get_activity_for(request.user, activity.pk))


# --- groups ---------------------------------------------------------------------------------


@router.get("/groups", response=list[GroupOut], summary="Groups the caller may see")
@paginate(Pagination)
def list_groups(request: HttpRequest) -> Any:
    return queries.group_listing(request.user, current_org(request))


@router.get(
    "/groups/{group_id}",
    response={200: GroupOut, 401: ERRORS[401], 404: ERRORS[404]},
    summary="One group and its members",
)
def get_group(request: HttpRequest, group_id: str) -> Any:
    return queries.get_group_for(request.user, group_id)
