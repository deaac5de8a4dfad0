"""The JSON API of violence reports and matters: the same services and scoped reads as the
pages. Reporting without an account stays on the public form (CSRF and rate limit)."""

import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from rangkul.lib.api import ERRORS, PageIn, PageOut, take_page
from rangkul.lib.views import current_org
from rangkul.violence import permissions, queries, services
from rangkul.violence.models import (
    Channel,
    ChildVictim,
    Matter,
    MatterStatus,
    ReceiptStatus,
    Standing,
    Step,
    ViolenceKind,
)

router = Router(tags=["violence"])
E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}


class ReportIn(BaseModel):
    kind: ViolenceKind
    standing: Standing
    what: str = Field(max_length=4000)
    where: str = Field(default="", max_length=200)
    when: str = Field(default="", max_length=100)
    who: str = Field(default="", max_length=1000)
    online: bool = False
    danger_now: bool = False
    child_victim: ChildVictim = ChildVictim.UNKNOWN
    anonymous: bool = False
    confidential: bool = False


class ReceiptOut(BaseModel):
    receipt_code: str
    status: ReceiptStatus


class MatterOut(BaseModel):
    id: uuid.UUID
    kind: ViolenceKind
    online: bool
    step: Step
    status: MatterStatus
    task_force_involved: bool
    opened_at: datetime


class StepRecordOut(BaseModel):
    step: Step
    due_at: datetime
    completed_at: datetime | None
    escalated_at: datetime | None
    summary: str


class MatterDetailOut(MatterOut):
    what: str
    where: str
    when: str
    who: str
    danger_now: bool
    child_victim: ChildVictim
    standing: Standing
    anonymous: bool
    reporter: str | None
    steps: list[StepRecordOut]


class MatterList(PageOut):
    items: list[MatterOut]


class StepIn(BaseModel):
    step: Step
    summary: str = Field(max_length=4000)


def _row(matter: Matter) -> dict[str, Any]:
    return {
        "id": matter.pk,
        "kind": matter.report.kind,
        "online": matter.report.online,
        "step": matter.step,
        "status": matter.status,
        "task_force_involved": matter.task_force_involved,
        "opened_at": matter.opened_at,
    }


def _detail(user: Any, matter: Matter) -> dict[str, Any]:
    report = matter.report
    reporter = None
    if not report.anonymous and permissions.can_see_reporter(user, matter):
        reporter = report.reporter.display_name() if report.reporter else report.reporter_name
    return {
        **_row(matter),
        "what": report.what,
        "where": report.where,
        "when": report.when,
        "who": report.who,
        "danger_now": report.danger_now,
        "child_victim": report.child_victim,
        "standing": report.standing,
        "anonymous": report.anonymous,
        "reporter": reporter,
        "steps": [
            {
                "step": r.step,
                "due_at": r.due_at,
                "completed_at": r.completed_at,
                "escalated_at": r.escalated_at,
                "summary": r.summary,
            }
            for r in matter.steps.all()
        ],
    }


@router.post(
    "/violence/reports",
    response={201: ReceiptOut, **E},
    summary="Report violence to the caller's school team; the receipt code is shown once",
)
def submit_report(request: HttpRequest, payload: ReportIn) -> Any:
    report, code = services.submit_report(
        organisation=current_org(request),
        by=request.user,
        channel=Channel.MEMBER,
        **payload.model_dump(),
    )
    return Status(201, {"receipt_code": code, "status": report.matter.receipt_status})


@router.get(
    "/violence/matters",
    response={200: MatterList, **E},
    summary="Matters the caller handles or oversees (the page shown is audited)",
)
def list_matters(request: HttpRequest, paging: Query[PageIn]) -> Any:
    org = current_org(request)
    matters = queries.matter_listing(request.user, org)
    shown = take_page(matters.queryset, **paging.dict())
    matters.shown(shown.items)
    return {
        "items": [_row(m) for m in shown.items],
        "count": shown.count,
        "next_cursor": shown.next_cursor,
    }


@router.get("/violence/matters/{matter_id}", response={200: MatterDetailOut, **E})
def get_matter(request: HttpRequest, matter_id: str) -> Any:
    matter = services.open_matter_record(by=request.user, pk=matter_id)
    return _detail(request.user, matter)


@router.post("/violence/matters/{matter_id}/steps", response={200: MatterOut, **E})
def complete_step(request: HttpRequest, matter_id: str, payload: StepIn) -> Any:
    matter = queries.get_matter_for(request.user, matter_id)
    matter = services.complete_step(
        by=request.user, matter=matter, step=payload.step, summary=payload.summary
    )
    return _row(matter)
