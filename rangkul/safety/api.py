import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import BaseModel, Field

from rangkul.api.schemas import ERRORS
from rangkul.safety import queries, services
from rangkul.safety.models import Alert

router = Router(tags=["safety"])
E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}


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

    @staticmethod
    def resolve_categories(obj: Alert) -> list[str]:
        return list(obj.evidence.get("categories", []))


class ResolveIn(BaseModel):
    note: str = Field(default="", max_length=2000)


@router.post(
    "/safety/check",
    response={200: dict, **E},
    summary="Check a text for crisis language; stores nothing, raises no alert",
)
def check(request: HttpRequest, payload: CheckIn) -> Any:
    return services.check_text(payload.text, lang=payload.lang).to_dict()


@router.get("/alerts", response=list[AlertOut], summary="Alerts the caller responds to")
@paginate(LimitOffsetPagination)
def list_alerts(request: HttpRequest, status: str = "") -> Any:
    qs = queries.visible_alerts(request.user)
    return qs.filter(status=status) if status else qs


@router.get("/alerts/{alert_id}", response={200: AlertOut, **E})
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
