"""Answering (the respondent's side) and reading responses (staff and the respondent)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from rangkul.lib.api import Error, PageIn, PageOut, take_page
from rangkul.lib.views import current_org
from rangkul.safety.resources import crisis_resources
from rangkul.screenings import permissions, queries, services
from rangkul.screenings.api.common import AnswerErrorOut, Lang, Open, language
from rangkul.screenings.engine import public_view
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    ResponseStatus,
    ScreeningResponse,
    WordingSource,
)
from rangkul.screenings.problems import AlreadySubmitted, AnswerError

router = Router(tags=["responses"])


class AssignmentOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    title: str
    instrument: str
    status: AssignmentStatus
    closes_on: date
    completed_on: date | None


class AssignmentList(PageOut):
    items: list[AssignmentOut]


class AssignmentDetailOut(AssignmentOut):
    instrument_view: Open = Field(description="The instrument as GET /instruments/{code} shows it")
    answers: dict[str, int]
    asked: list[str]


class AnswersIn(BaseModel):
    answers: dict[str, Any] = Field(description='{"<item id>": <option value or null to clear>}')


class ResourceOut(BaseModel):
    name: str
    contact: str
    link: str
    hours: str


class SavedOut(BaseModel):
    saved: bool
    answered: int
    asked: list[str]
    critical: bool
    show_crisis_screen: bool
    crisis_resources: list[ResourceOut]


class SubmittedOut(BaseModel):
    status: ResponseStatus
    response_id: uuid.UUID | None = Field(description="null for anonymous campaigns")
    show_crisis_screen: bool = Field(
        description="a critical answer was sent: show the crisis screen with the resources"
    )
    crisis_resources: list[ResourceOut]


class ResponseOut(BaseModel):
    id: uuid.UUID
    campaign_id: uuid.UUID
    person_id: uuid.UUID | None
    instrument: str
    version: str
    status: ResponseStatus
    language: str
    wording_source: WordingSource | Literal[""]
    translation_status: str
    wording_hash: str
    submitted_at: datetime | None
    score: float | None = Field(description="staff only")
    band: str | None = Field(description="staff only")
    critical: bool | None = Field(description="staff only")


class ResponseList(PageOut):
    items: list[ResponseOut]


class ResponseDetailOut(ResponseOut):
    answers: dict[str, int]
    result: dict[str, Any] | None = Field(description="staff only")


def _assignment_out(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "campaign_id": a.campaign_id,
        "title": a.campaign.title,
        "instrument": a.campaign.instrument_code,
        "status": a.status,
        "closes_on": a.campaign.closes_on,
        "completed_on": a.completed_on,
    }


def _response_out(user: Any, r: ScreeningResponse) -> dict[str, Any]:
    staff = permissions.can_view_scores(user, r)
    return {
        "id": r.pk,
        "campaign_id": r.campaign_id,
        "person_id": r.person_id,
        "instrument": r.instrument_code,
        "version": r.instrument_version,
        "status": r.status,
        "language": r.language,
        "wording_source": r.wording_source,
        "translation_status": r.translation_status,
        "wording_hash": r.wording_hash,
        "submitted_at": r.submitted_at,
        "score": r.score if staff else None,
        "band": r.band_code if staff else None,
        "critical": r.critical if staff else None,
    }


# --- the respondent's side ------------------------------------------------------------------


@router.get("/assignments", response={200: AssignmentList, 401: Error}, summary="My questionnaires")
def my_assignments(request: HttpRequest, paging: Query[PageIn]) -> Any:
    shown = take_page(queries.my_assignments(request.user), **paging.dict())
    return {
        "items": [_assignment_out(a) for a in shown.items],
        "count": shown.count,
        "next_cursor": shown.next_cursor,
    }


@router.get(
    "/assignments/{assignment_id}",
    response={200: AssignmentDetailOut, 401: Error, 404: Error},
    summary="A questionnaire to fill in, with the draft answers saved so far",
)
def get_assignment(request: HttpRequest, assignment_id: str, lang: Lang | None = None) -> Any:
    assignment = queries.get_assignment_to_answer(request.user, assignment_id)
    wording, answers = queries.wording_to_answer(assignment, language(request, lang))
    return {
        **_assignment_out(assignment),
        "instrument_view": public_view(wording.instrument, wording.language),
        "answers": answers,
        "asked": services.asked_items(wording.instrument, answers),
    }


@router.post(
    "/assignments/{assignment_id}/answers",
    response={200: SavedOut, 400: Error, 401: Error, 404: Error, 409: Error, 422: AnswerErrorOut},
    summary="Save draft answers (as they are given); a critical answer raises the alert now",
)
def save_answers(
    request: HttpRequest, assignment_id: str, payload: AnswersIn, lang: Lang | None = None
) -> Any:
    assignment = queries.get_assignment_to_answer(request.user, assignment_id)
    try:
        saved = services.save_answers(
            by=request.user,
            assignment=assignment,
            answers=payload.answers,
            lang=language(request, lang),
        )
    except AlreadySubmitted as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    except AnswerError as exc:
        return Status(422, {"detail": " ".join(exc.messages), "errors": exc.field_errors()})
    return {
        "saved": True,
        "answered": saved.answered,
        "asked": saved.asked,
        "critical": bool(saved.critical),
        "show_crisis_screen": bool(saved.critical),
        "crisis_resources": _resources(assignment, bool(saved.critical)),
    }


def _resources(assignment: Assignment, critical: bool) -> list[dict[str, str]]:
    """The crisis resources a client shows beside a critical answer (none otherwise)."""
    if not critical:
        return []
    return [
        {
            "name": r.localised("name"),
            "contact": r.contact,
            "link": r.link,
            "hours": r.localised("hours"),
        }
        for r in crisis_resources(assignment.campaign.organisation)
    ]


@router.post(
    "/assignments/{assignment_id}/submit",
    response={
        201: SubmittedOut,
        400: Error,
        401: Error,
        404: Error,
        409: Error,
        422: AnswerErrorOut,
    },
    summary="Send the answers (once); later calls answer 409",
)
def submit(
    request: HttpRequest,
    assignment_id: str,
    payload: AnswersIn | None = None,
    lang: Lang | None = None,
) -> Any:
    shown_in = language(request, lang)
    assignment = queries.get_assignment_to_answer(request.user, assignment_id, lang=shown_in)
    try:
        response = services.submit_answers(
            by=request.user,
            assignment=assignment,
            answers=payload.answers if payload else None,
            lang=shown_in,
        )
    except AlreadySubmitted as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    except AnswerError as exc:
        return Status(422, {"detail": " ".join(exc.messages), "errors": exc.field_errors()})
    anonymous = assignment.campaign.anonymous
    return Status(
        201,
        {
            "status": "submitted",
            "response_id": None if anonymous else response.pk,
            # The submission may be the first the server hears of a critical answer.
            "show_crisis_screen": response.critical,
            "crisis_resources": _resources(assignment, response.critical),
        },
    )


# --- reading responses ------------------------------------------------------------------------


@router.get(
    "/responses",
    response={200: ResponseList, 401: Error},
    summary="Responses the caller may see (staff: their organisation's; others: their own)",
)
def list_responses(
    request: HttpRequest,
    paging: Query[PageIn],
    campaign: uuid.UUID | None = None,
    person: uuid.UUID | None = None,
) -> Any:
    org = current_org(request)
    listing = queries.response_listing(request.user, org, campaign_id=campaign, person_id=person)
    shown = take_page(listing.queryset, **paging.dict())
    listing.shown(shown.items)
    return {
        "items": [_response_out(request.user, r) for r in shown.items],
        "count": shown.count,
        "next_cursor": shown.next_cursor,
    }


@router.get(
    "/responses/{response_id}",
    response={200: ResponseDetailOut, 401: Error, 404: Error},
    summary="One response (the view is audited)",
)
def get_response(request: HttpRequest, response_id: str) -> Any:
    response = services.open_response(by=request.user, pk=response_id)
    staff = permissions.can_view_scores(request.user, response)
    return {
        **_response_out(request.user, response),
        "answers": response.answers,
        "result": response.result if staff else None,
    }


@router.get(
    "/responses/{response_id}/fhir",
    response={200: dict[str, Any], 401: Error, 404: Error},
    summary="The response as a FHIR R4B QuestionnaireResponse (staff; audited)",
)
def response_fhir(request: HttpRequest, response_id: str) -> Any:
    return services.export_response_fhir(by=request.user, pk=response_id)
