import uuid
from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field

from rangkul.lib.api import PageIn, PageOut, take_page
from rangkul.lib.views import current_org
from rangkul.safety import permissions, queries, services
from rangkul.safety.api.common import E
from rangkul.safety.models import Alert, AlertStatus, Severity

router = Router(tags=["safety"])


class CheckIn(BaseModel):
    text: str = Field(max_length=20_000)
    lang: str | None = Field(default=None, pattern="^(id|en)$")


class AlertOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID | None
    case_id: uuid.UUID | None
    severity: str
    source: str
    status: str
    categories: list[str]
    raised_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    rung: str
    next_escalation_at: datetime | None

    @staticmethod
    def resolve_categories(obj: Alert) -> list[str]:
        return obj.categories


class EscalationOut(Schema):
    rung: str
    reason: str
    at: datetime
    recipient_id: uuid.UUID | None
    by_phone: bool

    @staticmethod
    def resolve_recipient_id(obj: Any) -> uuid.UUID | None:
        return obj.recipient.public_id if obj.recipient else None

    @staticmethod
    def resolve_by_phone(obj: Any) -> bool:
        return bool(obj.contact)


class AlertDetailOut(AlertOut):
    escalations: list[EscalationOut]

    @staticmethod
    def resolve_escalations(obj: Alert) -> list[Any]:
        return list(queries.escalations_of(obj))


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
    description="Uses the shipped phrase lists plus the caller's current organisation's "
    "own phrases.",
)
def check(request: HttpRequest, payload: CheckIn) -> Any:
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
    alerts = queries.filter_alerts(
        queries.visible_alerts(request.user, org.id), status=status, severity=severity
    )
    shown = take_page(alerts, **paging.dict())
    services.record_alert_list(by=request.user, alerts=shown.items, organisation=org)
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
