import uuid
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field

from rangkul.lib import ratelimit
from rangkul.lib.api import PageIn, PageOut, take_page
from rangkul.lib.views import current_org
from rangkul.safety import permissions, protocol, queries, services
from rangkul.safety.api.common import E
from rangkul.safety.models import (
    Alert,
    AlertSource,
    AlertStatus,
    EscalationReason,
    FeedbackKind,
    GuardianAnswer,
    Rung,
    Severity,
)
from rangkul.safety.roster import settings_for

router = Router(tags=["safety"])


class CheckIn(BaseModel):
    text: str = Field(max_length=20_000)
    lang: str | None = Field(default=None, pattern="^(id|en)$")


class AlertOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID | None
    case_id: uuid.UUID | None
    severity: Severity
    source: AlertSource
    status: AlertStatus
    categories: list[str]
    raised_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    rung: Rung | Literal[""]
    next_escalation_at: datetime | None

    @staticmethod
    def resolve_categories(obj: Alert) -> list[str]:
        return obj.categories


class EscalationOut(Schema):
    rung: Rung
    reason: EscalationReason
    at: datetime
    recipient_id: uuid.UUID | None
    by_phone: bool

    @staticmethod
    def resolve_recipient_id(obj: Any) -> uuid.UUID | None:
        return obj.recipient.public_id if obj.recipient else None

    @staticmethod
    def resolve_by_phone(obj: Any) -> bool:
        return bool(obj.contact)


class StepOut(BaseModel):
    key: str
    label: str
    done: bool
    answer: GuardianAnswer | Literal[""]
    by_id: uuid.UUID | None
    at: datetime | None


class AlertDetailOut(AlertOut):
    escalations: list[EscalationOut]
    protocol: list[StepOut]
    about_friend: bool
    friend_id: uuid.UUID | None
    friend_note: str

    @staticmethod
    def resolve_escalations(obj: Alert) -> list[Any]:
        return list(queries.escalations_of(obj))

    @staticmethod
    def resolve_protocol(obj: Alert) -> list[dict[str, Any]]:
        steps = protocol.checklist(obj, settings_for(obj.organisation))
        return [
            {
                "key": step.key,
                "label": step.label,
                "done": step.tick is not None,
                "answer": step.tick.answer if step.tick else "",
                "by_id": step.tick.by.public_id if step.tick else None,
                "at": step.tick.at if step.tick else None,
            }
            for step in steps
        ]

    @staticmethod
    def resolve_about_friend(obj: Alert) -> bool:
        return obj.is_about_friend


class TickIn(BaseModel):
    step: str = Field(max_length=40)
    answer: GuardianAnswer | Literal[""] = ""


class FriendIn(BaseModel):
    person_id: uuid.UUID | None = None
    note: str = Field(default="", max_length=200)


class MarkIn(BaseModel):
    kind: FeedbackKind
    note: str = Field(default="", max_length=300)


class MarkOut(Schema):
    id: uuid.UUID
    kind: FeedbackKind
    detected_level: str
    at: datetime


class StatsOut(BaseModel):
    open: int
    acknowledged: int
    resolved: int
    escalated_alerts: int
    escalations: int
    median_minutes_to_acknowledge: float | None
    mean_minutes_to_acknowledge: float | None


class ResolveIn(BaseModel):
    note: str = Field(default="", max_length=2000)


@router.post(
    "/safety/check",
    response={200: dict, **E},
    summary="Check a text for crisis language; stores nothing, raises no alert",
    description="For staff and integrations only: a student or peer supporter gets 403, "
    "so nobody can test wordings against the detector. Uses the shipped phrase lists plus "
    "the caller's current organisation's own phrases.",
)
def check(request: HttpRequest, payload: CheckIn) -> Any:
    if not permissions.can_check_text(request.user):
        raise PermissionDenied(_("The safety check is for staff and integrations only."))
    ratelimit.hit("safety_check", person=request.user.pk)
    try:
        org = current_org(request)
    except Http404:
        org = None  # a user without an organisation gets the shipped lists only
    return services.check_text(payload.text, organisation=org, lang=payload.lang).to_dict()


class AlertList(PageOut):
    items: list[AlertOut]


@router.get(
    "/alerts",
    response={200: AlertList, **E},
    summary="Alerts the caller responds to (the page shown is audited)",
)
def list_alerts(
    request: HttpRequest,
    paging: Query[PageIn],
    status: AlertStatus | Literal[""] = "",
    severity: Severity | Literal[""] = "",
) -> Any:
    org = current_org(request)
    alerts = queries.alert_listing(request.user, org, status=status, severity=severity)
    shown = take_page(alerts.queryset, **paging.dict())
    alerts.shown(shown.items)
    return {"items": shown.items, "count": shown.count, "next_cursor": shown.next_cursor}


@router.get(
    "/alerts/stats",
    response={200: StatsOut, **E},
    summary="Alert counts and time to acknowledge in the current organisation",
)
def alert_stats(request: HttpRequest, days: Literal["", "7", "30", "90", "365"] = "") -> Any:
    org = current_org(request)
    if not permissions.can_see_alert_dashboard(request.user, org.id):
        raise Http404
    alerts = queries.filter_alerts(queries.visible_alerts(request.user, org.id), days=days)
    return queries.alert_stats(alerts).__dict__


@router.get("/alerts/{alert_id}", response={200: AlertDetailOut, **E})
def get_alert(request: HttpRequest, alert_id: str) -> Any:
    return services.open_alert_record(by=request.user, pk=alert_id)


@router.post("/alerts/{alert_id}/acknowledge", response={200: AlertOut, **E})
def acknowledge(request: HttpRequest, alert_id: str) -> Any:
    return services.acknowledge_alert(
        by=request.user, alert=queries.get_alert_for(request.user, alert_id)
    )


@router.post("/alerts/{alert_id}/resolve", response={200: AlertOut, **E})
def resolve(request: HttpRequest, alert_id: str, payload: ResolveIn) -> Any:
    return services.resolve_alert(
        by=request.user, alert=queries.get_alert_for(request.user, alert_id), note=payload.note
    )


@router.post(
    "/alerts/{alert_id}/protocol",
    response={200: AlertDetailOut, **E},
    summary="Tick a step of the crisis protocol (the guardian step needs an answer)",
)
def tick_protocol(request: HttpRequest, alert_id: str, payload: TickIn) -> Any:
    alert = queries.get_alert_for(request.user, alert_id)
    services.tick_step(by=request.user, alert=alert, step=payload.step, answer=payload.answer)
    return alert


@router.post(
    "/alerts/{alert_id}/friend",
    response={200: AlertDetailOut, **E},
    summary="Record who the friend at risk is",
)
def identify_friend(request: HttpRequest, alert_id: str, payload: FriendIn) -> Any:
    alert = queries.get_alert_for(request.user, alert_id)
    person = None
    if payload.person_id is not None:
        person = (
            queries.friend_choices(request.user, alert.organisation_id)
            .filter(pk=payload.person_id)
            .first()
        )
        if person is None:
            raise ValidationError({"person_id": _("Choose a person of this organisation.")})
    return services.identify_friend(by=request.user, alert=alert, person=person, note=payload.note)


@router.post(
    "/alerts/{alert_id}/feedback",
    response={201: MarkOut, **E},
    summary="Mark the detection behind an alert as wrong (stays in the organisation)",
)
def mark_detection(request: HttpRequest, alert_id: str, payload: MarkIn) -> Any:
    alert = queries.get_alert_for(request.user, alert_id)
    return Status(
        201,
        services.mark_detection(by=request.user, alert=alert, kind=payload.kind, note=payload.note),
    )
