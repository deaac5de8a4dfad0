"""An organisation's safety arrangements over JSON, on the same services as the pages.
Responders read; the coordinator (settings: also the administrator) writes."""

import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import BaseModel, Field

from rangkul.accounts.models import User
from rangkul.lib.api import ClockTime
from rangkul.lib.views import current_org
from rangkul.safety import permissions, queries, services
from rangkul.safety.api.common import E
from rangkul.safety.models import (
    CrisisResource,
    DutyShift,
    OrganisationPhrase,
    PhraseCategory,
    PhraseLevel,
    TextChannel,
    TextWhen,
)
from rangkul.safety.roster import (
    coverage_gaps,
    response_promise,
    roster_week,
    week_start,
)

router = Router(tags=["safety"])


def _staff_user(public_id: uuid.UUID | None) -> User | None:
    if public_id is None:
        return None
    user = User.objects.filter(public_id=public_id).first()
    if user is None:
        raise Http404
    return user


def _aware(moment: datetime, zone: Any) -> datetime:
    """A time without a zone is meant in the organisation's zone."""
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=zone)


# --- roster ---------------------------------------------------------------------------------


class ShiftOut(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    user_name: str
    starts_at: datetime
    ends_at: datetime

    @staticmethod
    def resolve_user_id(obj: DutyShift) -> uuid.UUID:
        return obj.user.public_id

    @staticmethod
    def resolve_user_name(obj: DutyShift) -> str:
        return obj.user.display_name()


class ShiftIn(BaseModel):
    user_id: uuid.UUID
    starts_at: datetime
    ends_at: datetime


class WeekIn(BaseModel):
    week: date


class SpanOut(BaseModel):
    starts_at: datetime
    ends_at: datetime
    minutes: int


@router.get("/safety/shifts", response={200: list[ShiftOut], **E}, summary="The duty roster")
def list_shifts(request: HttpRequest, week: date | None = None) -> Any:
    org = current_org(request)
    if not permissions.can_view_roster(request.user, org.id):
        raise Http404
    zone = org.zone
    monday = roster_week(week) if week else week_start(timezone.localdate(timezone=zone))
    start = datetime.combine(monday, time(0), tzinfo=zone)
    return queries.visible_shifts(request.user, org.id).filter(
        starts_at__lt=start + timedelta(days=7), ends_at__gt=start
    )


@router.post("/safety/shifts", response={201: ShiftOut, **E}, summary="Add a shift")
def add_shift(request: HttpRequest, payload: ShiftIn) -> Any:
    org = current_org(request)
    if not permissions.can_view_roster(request.user, org.id):
        raise Http404
    zone = org.zone
    shift = services.add_shift(
        by=request.user,
        organisation=org,
        user=_staff_user(payload.user_id),
        starts_at=_aware(payload.starts_at, zone),
        ends_at=_aware(payload.ends_at, zone),
    )
    return Status(201, shift)


@router.delete("/safety/shifts/{shift_id}", response={204: None, **E})
def remove_shift(request: HttpRequest, shift_id: str) -> Any:
    services.remove_shift(by=request.user, shift=queries.get_shift_for(request.user, shift_id))
    return Status(204, None)


@router.post(
    "/safety/roster/copy-week",
    response={200: dict, **E},
    summary="Copy the previous week's shifts into the week of the given date",
)
def copy_week(request: HttpRequest, payload: WeekIn) -> Any:
    org = current_org(request)
    if not permissions.can_view_roster(request.user, org.id):
        raise Http404
    copied = services.copy_previous_week(by=request.user, organisation=org, week=payload.week)
    return {"copied": copied}


@router.get(
    "/safety/roster/gaps",
    response={200: list[SpanOut], **E},
    summary="Times within duty hours in the coming days that no shift covers",
)
def gaps(request: HttpRequest, days: Annotated[int, Field(ge=1, le=28)] = 7) -> Any:
    org = current_org(request)
    if not permissions.can_view_roster(request.user, org.id):
        raise Http404
    return [
        {"starts_at": g.starts_at, "ends_at": g.ends_at, "minutes": g.minutes}
        for g in coverage_gaps(org, days=days)
    ]


@router.get(
    "/safety/response-promise",
    response={200: dict, **E},
    summary="When a person will respond to a student of the current organisation",
)
def promise(request: HttpRequest) -> Any:
    org = current_org(request)
    result = response_promise(org)
    starts = result["next_shift_starts"]
    return {**result, "next_shift_starts": starts.isoformat() if starts else None}


# --- organisation phrases -------------------------------------------------------------------


class PhraseOut(Schema):
    id: uuid.UUID
    pattern: str
    category: PhraseCategory
    level: PhraseLevel
    lang: str
    active: bool
    created_at: datetime


class PhraseIn(BaseModel):
    pattern: str = Field(max_length=200)
    category: PhraseCategory
    level: PhraseLevel
    lang: str = Field(default="id", max_length=3)


@router.get("/safety/phrases", response={200: list[PhraseOut], **E})
def list_phrases(request: HttpRequest) -> Any:
    org = current_org(request)
    if not permissions.can_view_phrases(request.user, org.id):
        raise Http404
    return queries.visible_phrases(request.user, org.id)


@router.post("/safety/phrases", response={201: PhraseOut, **E}, summary="Add a phrase")
def add_phrase(request: HttpRequest, payload: PhraseIn) -> Any:
    org = current_org(request)
    if not permissions.can_view_phrases(request.user, org.id):
        raise Http404
    phrase = services.add_phrase(by=request.user, organisation=org, **payload.model_dump())
    return Status(201, phrase)


@router.post("/safety/phrases/{phrase_id}/deactivate", response={200: PhraseOut, **E})
def deactivate_phrase(request: HttpRequest, phrase_id: str) -> OrganisationPhrase:
    phrase = queries.get_phrase_for(request.user, phrase_id)
    return services.deactivate_phrase(by=request.user, phrase=phrase)


# --- local crisis resources -----------------------------------------------------------------


class ResourceOut(Schema):
    id: uuid.UUID
    name: str
    contact: str
    link: str
    serves: str
    hours: str
    always_open: bool
    last_verified: date
    active: bool


class ResourceIn(BaseModel):
    name: str = Field(max_length=120)
    contact: str = Field(max_length=80)
    link: str = Field(default="", max_length=200)
    serves: str = Field(max_length=200)
    hours: str = Field(max_length=120)
    always_open: bool = False
    last_verified: date
    active: bool = True


@router.get("/safety/resources", response={200: list[ResourceOut], **E})
def list_resources(request: HttpRequest) -> Any:
    org = current_org(request)
    if not permissions.can_view_resources(request.user, org.id):
        raise Http404
    return queries.visible_resources(request.user, org.id)


@router.post("/safety/resources", response={201: ResourceOut, **E})
def add_resource(request: HttpRequest, payload: ResourceIn) -> Any:
    org = current_org(request)
    if not permissions.can_view_resources(request.user, org.id):
        raise Http404
    return Status(
        201,
        services.save_crisis_resource(by=request.user, organisation=org, **payload.model_dump()),
    )


@router.put("/safety/resources/{resource_id}", response={200: ResourceOut, **E})
def change_resource(request: HttpRequest, resource_id: str, payload: ResourceIn) -> CrisisResource:
    item = queries.get_resource_for(request.user, resource_id)
    return services.save_crisis_resource(
        by=request.user, organisation=item.organisation, resource=item, **payload.model_dump()
    )


# --- settings -------------------------------------------------------------------------------


class SettingsOut(Schema):
    around_the_clock: bool
    duty_days: list[int]
    duty_start: ClockTime
    duty_end: ClockTime
    out_of_hours_user_id: uuid.UUID | None
    out_of_hours_name: str
    out_of_hours_phone: str
    safeguarding_lead_id: uuid.UUID | None
    ack_minutes_urgent: int
    ack_minutes_concern: int
    protocol_steps: str
    text_channel: TextChannel | Literal[""]
    text_when: TextWhen
    calendar_title: str = Field(description="Empty: the default neutral title")

    @staticmethod
    def resolve_calendar_title(obj: Any) -> str:
        return obj.organisation.calendar_title

    @staticmethod
    def resolve_duty_days(obj: Any) -> list[int]:
        return sorted(obj.duty_weekdays)

    @staticmethod
    def resolve_out_of_hours_user_id(obj: Any) -> uuid.UUID | None:
        return obj.out_of_hours_user.public_id if obj.out_of_hours_user else None

    @staticmethod
    def resolve_safeguarding_lead_id(obj: Any) -> uuid.UUID | None:
        return obj.safeguarding_lead.public_id if obj.safeguarding_lead else None


class SettingsIn(BaseModel):
    around_the_clock: bool = False
    duty_days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4], max_length=7)
    duty_start: ClockTime = time(7, 0)
    duty_end: ClockTime = time(15, 0)
    out_of_hours_user_id: uuid.UUID | None = None
    out_of_hours_name: str = Field(default="", max_length=80)
    out_of_hours_phone: str = Field(default="", max_length=30)
    safeguarding_lead_id: uuid.UUID | None = None
    ack_minutes_urgent: int = 15
    ack_minutes_concern: int = 240
    # Left out: kept as they are.
    protocol_steps: str | None = Field(default=None, max_length=2000)
    # Choices from the models; "" turns text messages off.
    text_channel: TextChannel | Literal[""] | None = None
    text_when: TextWhen | None = None
    # The neutral title of calendar entries; left out: kept as it is.
    calendar_title: str | None = Field(default=None, max_length=60)


@router.get("/safety/settings", response={200: SettingsOut, **E})
def get_settings(request: HttpRequest) -> Any:
    return queries.get_settings_for(request.user, current_org(request))


@router.put("/safety/settings", response={200: SettingsOut, **E})
def put_settings(request: HttpRequest, payload: SettingsIn) -> Any:
    org = current_org(request)
    queries.get_settings_for(request.user, org)
    data = payload.model_dump()
    return services.update_settings(
        by=request.user,
        organisation=org,
        out_of_hours_user=_staff_user(data.pop("out_of_hours_user_id")),
        safeguarding_lead=_staff_user(data.pop("safeguarding_lead_id")),
        **data,
    )
