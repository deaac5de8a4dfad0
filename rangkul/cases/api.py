"""Requests, referrals, cases and messages over JSON, on the same services as the pages."""

import functools
import uuid
from datetime import UTC, datetime
from typing import Any, Literal

import pydantic_core
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from rangkul.accounts.models import User
from rangkul.cases import permissions, queries, services
from rangkul.cases.models import (
    TIER_ORDER,
    Case,
    CaseStatus,
    Confidentiality,
    Domain,
    GenderPreference,
    HelperChoice,
    Message,
    NoteKind,
    Outcome,
    ReferralStatus,
    RequestStatus,
    RiskLevel,
    SafetyLevel,
    Source,
    SupportRequest,
    Tier,
    Topic,
    Urgency,
)
from rangkul.lib.api import ERRORS, PageIn, PageOut, Pagination, take_page
from rangkul.lib.views import current_org
from rangkul.people.queries import referable_people

router = Router(tags=["pathway"])
E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}


# --- schemas --------------------------------------------------------------------------------


def _person_id(context: Any, person_id: uuid.UUID, case: Case | None) -> uuid.UUID | None:
    """A peer supporter who sees a pseudonym gets no id that links the student's requests
    (each request has its own pseudonym)."""
    request = (context or {}).get("request")
    if request is None or case is None:
        return person_id
    return None if permissions.pseudonym_for(request.user, case) else person_id


class RequestIn(BaseModel):
    domain: Domain
    text: str = Field(min_length=1, max_length=2000)
    urgency: Urgency
    helper_choice: HelperChoice = HelperChoice.EITHER
    helper_gender: GenderPreference = GenderPreference.ANY
    show_name_to_peer: bool = False
    topic: Topic = Topic.GENERAL
    avoid: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    language: Literal["id", "en", "jv", "su", "mad", "min", "ban", "bug"] = "id"
    avoid_same_class: bool = False
    client_token: str = Field(default="", max_length=64)


class RequestOut(Schema):
    id: uuid.UUID
    status: RequestStatus
    source: Source
    domain: Domain
    urgency: Urgency
    topic: Topic
    # The detector's verdict, for the professionals who triage; null for the student who
    # wrote it (and anyone else), so nobody can learn how the detector reads a wording.
    safety_level: SafetyLevel | None
    text: str
    person_id: uuid.UUID | None
    created_at: datetime
    case_id: uuid.UUID | None = None

    @staticmethod
    def resolve_person_id(obj: SupportRequest, context: Any) -> uuid.UUID | None:
        return _person_id(context, obj.person_id, getattr(obj, "case", None))

    @staticmethod
    def resolve_case_id(obj: SupportRequest) -> uuid.UUID | None:
        case = getattr(obj, "case", None)
        return case.pk if case is not None else None

    @staticmethod
    def resolve_safety_level(obj: SupportRequest, context: Any) -> str | None:
        request = (context or {}).get("request")
        if request is None or not permissions.can_see_detection(request.user, obj):
            return None
        return obj.safety_level


class OfferOut(Schema):
    id: uuid.UUID
    pseudonym: str
    domain: Domain
    urgency: Urgency
    offered_at: datetime | None


class ReferralIn(BaseModel):
    person_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=2000)
    domain: Domain = Domain.PERSONAL
    urgency: Urgency = Urgency.MEDIUM


class ReferralOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    created_at: datetime
    status: ReferralStatus

    @staticmethod
    def resolve_status(obj: SupportRequest) -> ReferralStatus:
        # A teacher learns only that it was received, being handled or closed.
        return permissions.referral_status(obj)


class AssignIn(BaseModel):
    user_id: uuid.UUID


class CaseOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID | None
    tier: Tier
    status: CaseStatus
    domain: Domain
    risk_level: RiskLevel
    lead_id: uuid.UUID | None
    opened_at: datetime
    closed_at: datetime | None
    outcome: Outcome | Literal[""]

    @staticmethod
    def resolve_person_id(obj: Case, context: Any) -> uuid.UUID | None:
        return _person_id(context, obj.person_id, obj)

    @staticmethod
    def resolve_lead_id(obj: Case) -> uuid.UUID | None:
        return obj.lead.public_id if obj.lead else None


class TierIn(BaseModel):
    to_tier: Tier
    reason: str = Field(min_length=1, max_length=1000)


class StatusIn(BaseModel):
    to: CaseStatus
    outcome: Outcome | Literal[""] = ""
    closing_note: str = Field(default="", max_length=2000)


class HandoverIn(BaseModel):
    reason: str = Field(min_length=1, max_length=1000)
    danger: bool = False


class MessageIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class MessageOut(Schema):
    id: uuid.UUID
    sender_id: uuid.UUID
    sender_role: str
    text: str
    created_at: datetime

    @staticmethod
    def resolve_sender_id(obj: Message, context: Any) -> uuid.UUID:
        request = (context or {}).get("request")
        reader = request.user if request is not None else None
        if request is None:
            return permissions.sender_id_for(reader, obj)
        # Whether the reader sees pseudonyms is the same for every message of a case:
        # decided once per request, not once per message.
        seen: dict[Any, bool] = request.__dict__.setdefault("_rangkul_pseudonym", {})
        if obj.case_id not in seen:
            seen[obj.case_id] = reader is not None and bool(
                permissions.pseudonym_for(reader, obj.case)
            )
        return permissions.sender_id_for(reader, obj, pseudonymous=seen[obj.case_id])


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)
    confidentiality: Confidentiality = Confidentiality.STANDARD
    kind: NoteKind = NoteKind.NOTE


class NoteOut(Schema):
    id: uuid.UUID
    kind: NoteKind
    confidentiality: Confidentiality
    created_at: datetime


# --- requests -------------------------------------------------------------------------------


@router.post("/requests", response={201: RequestOut, **E}, summary="Ask for help")
def create_request(request: HttpRequest, payload: RequestIn) -> Any:
    avoid = list(User.objects.filter(public_id__in=payload.avoid)) if payload.avoid else []
    if len(avoid) != len(set(payload.avoid)):
        # An unknown id gets the same answer as someone of another organisation.
        raise ValidationError({"avoid": _("Choose only people of your school or organisation.")})
    support = services.submit_request(
        by=request.user,
        organisation=current_org(request),
        domain=payload.domain,
        text=payload.text,
        urgency=payload.urgency,
        helper_choice=payload.helper_choice,
        helper_gender=payload.helper_gender,
        show_name_to_peer=payload.show_name_to_peer,
        topic=payload.topic,
        avoid=avoid,
        language=payload.language,
        avoid_same_class=payload.avoid_same_class,
        client_token=payload.client_token,
    )
    return Status(201, support)


@router.get(
    "/requests", response=list[RequestOut], summary="Requests the caller may read (audited)"
)
@paginate(Pagination)
def list_requests(request: HttpRequest, status: RequestStatus | None = None) -> Any:
    return queries.request_listing(request.user, current_org(request), status=status or "")


@router.get("/requests/offers", response=list[OfferOut], summary="Requests offered to me")
@paginate(Pagination)
def list_offers(request: HttpRequest) -> Any:
    return queries.offers_for(request.user, current_org(request).id)


@router.get("/requests/{request_id}", response={200: RequestOut, **E})
def get_request(request: HttpRequest, request_id: str) -> Any:
    return services.open_request_record(by=request.user, pk=request_id)


@router.post("/requests/{request_id}/accept", response={201: CaseOut, **E})
def accept(request: HttpRequest, request_id: str) -> Any:
    return Status(
        201,
        services.accept_offer(
            by=request.user, support_request=queries.get_offer_for(request.user, request_id)
        ),
    )


@router.post("/requests/{request_id}/decline", response={200: OfferOut, **E})
def decline(request: HttpRequest, request_id: str) -> Any:
    offer = queries.get_offer_for(request.user, request_id)
    services.decline_offer(by=request.user, support_request=offer)
    offer.refresh_from_db()
    return offer


@router.post(
    "/requests/{request_id}/assign",
    response={200: dict, **E},
    summary="Assign a triaged request to a counselor or an eligible peer supporter",
)
def assign(request: HttpRequest, request_id: str, payload: AssignIn) -> Any:
    support = queries.get_request_for(request.user, request_id)
    target = User.objects.filter(public_id=payload.user_id).first()
    if target is None:
        raise HttpError(400, "user_id")
    result = services.assign_request(by=request.user, support_request=support, to=target)
    if isinstance(result, Case):
        return {"case_id": str(result.pk), "status": "accepted"}
    return {"request_id": str(result.pk), "status": result.status}


@router.post("/referrals", response={201: ReferralOut, **E}, summary="Refer a student to BK")
def create_referral(request: HttpRequest, payload: ReferralIn) -> Any:
    person = (
        referable_people(request.user, current_org(request).id).filter(pk=payload.person_id).first()
    )
    if person is None:
        raise Http404
    return Status(
        201,
        services.refer_student(
            by=request.user,
            person=person,
            reason=payload.reason,
            domain=payload.domain,
            urgency=payload.urgency,
        ),
    )


@router.get("/referrals", response=list[ReferralOut], summary="My referrals (status only)")
@paginate(Pagination)
def list_referrals(request: HttpRequest) -> Any:
    return queries.my_referrals(request.user, current_org(request).id)


# --- cases ----------------------------------------------------------------------------------


class CaseRowOut(BaseModel):
    """A case in the list: the same fields as `CaseOut`, built from the list's plain rows."""

    id: uuid.UUID
    person_id: uuid.UUID | None
    tier: Tier
    status: CaseStatus
    domain: Domain
    risk_level: RiskLevel
    lead_id: uuid.UUID | None
    opened_at: datetime
    closed_at: datetime | None
    outcome: Outcome | Literal[""]


class CaseList(PageOut):
    items: list[CaseRowOut]


# A time as every other answer of the API writes it (ninja's encoder is Django's: to the
# millisecond, "Z" for UTC).
_encode = DjangoJSONEncoder().default


@functools.lru_cache(maxsize=8192)
def _utc_moment(value: datetime) -> str:
    return _encode(value)


def _moment(value: datetime) -> str:
    """`_encode(value)`; the text of a time read in UTC (every time the database gives) is
    kept per process: a page of 100 cases writes up to 200 times, the same ones on every
    read of the list, and writing one costs more than looking it up. Only UTC times are
    kept, because equal moments in two zones compare equal but are written differently."""
    if value.tzinfo is UTC:
        return _utc_moment(value)
    return _encode(value)


def _case_rows(user: Any, organisation: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The list's rows as the API answers them. Only a peer supporter can meet a pseudonym
    (`permissions.pseudonym_for`); for one, the page's cases are read once to decide it."""
    hidden: set[Any] = set()
    if permissions.may_see_pseudonyms(user, organisation.id):
        with_request = [r["pk"] for r in rows if r["request_id"] is not None]
        cases = Case.objects.filter(pk__in=with_request).select_related("request")
        hidden = {c.pk for c in cases if permissions.pseudonym_for(user, c)}
    return [
        {
            "id": r["pk"],
            "person_id": None if hidden and r["pk"] in hidden else r["person_id"],
            "tier": r["tier"],
            "status": r["status"],
            "domain": r["domain"],
            "risk_level": r["risk_level"],
            "lead_id": r["lead__public_id"],
            "opened_at": _moment(r["opened_at"]),
            "closed_at": None if r["closed_at"] is None else _moment(r["closed_at"]),
            "outcome": r["outcome"],
        }
        for r in rows
    ]


@router.get(
    "/cases",
    response={200: CaseList, **E},
    summary="Cases the caller may see (audited)",
)
def list_cases(
    request: HttpRequest,
    paging: Query[PageIn],
    tier: Tier | None = None,
    status: CaseStatus | None = None,
    risk: RiskLevel | None = None,
    domain: Domain | None = None,
) -> Any:
    # The hottest list: a page of 100 is read as plain rows of the database's own values
    # (the choices' codes, keys and times) and written as JSON by pydantic-core without
    # validating them again: `CaseList` documents the answer, and a test checks that the
    # answer is one (cases/tests/test_cases_list_answer.py).
    organisation = current_org(request)
    listing = queries.case_listing(
        request.user,
        organisation,
        tier=tier or "",
        status=status or "",
        risk=risk or "",
        domain=domain or "",
    )
    page = take_page(listing.rows, **paging.dict())
    listing.shown(page.items)
    body: dict[str, Any] = {
        "items": _case_rows(request.user, organisation, page.items),
        "count": page.count,
    }
    if page.next_cursor is not None:  # as `PageOut` leaves it out
        body["next_cursor"] = page.next_cursor
    return HttpResponse(pydantic_core.to_json(body), content_type="application/json")


@router.get("/cases/{case_id}", response={200: CaseOut, **E}, summary="One case (audited)")
def get_case(request: HttpRequest, case_id: str) -> Any:
    return services.open_case_record(by=request.user, pk=case_id)


def _move_tier(request: HttpRequest, case_id: str, payload: TierIn, *, up: bool) -> Any:
    case = queries.get_case_for(request.user, case_id)
    higher = TIER_ORDER.index(Tier(payload.to_tier)) > TIER_ORDER.index(Tier(case.tier))
    if higher != up:
        raise ValidationError(
            _("Escalation goes to a higher tier.")
            if up
            else _("Stepping down goes to a lower tier.")
        )
    return services.change_tier(
        by=request.user, case=case, to_tier=payload.to_tier, reason=payload.reason
    )


@router.post("/cases/{case_id}/escalate", response={200: CaseOut, **E})
def escalate(request: HttpRequest, case_id: str, payload: TierIn) -> Any:
    return _move_tier(request, case_id, payload, up=True)


@router.post("/cases/{case_id}/step-down", response={200: CaseOut, **E})
def step_down(request: HttpRequest, case_id: str, payload: TierIn) -> Any:
    return _move_tier(request, case_id, payload, up=False)


@router.post("/cases/{case_id}/status", response={200: CaseOut, **E})
def set_status(request: HttpRequest, case_id: str, payload: StatusIn) -> Any:
    case = queries.get_case_for(request.user, case_id)
    return services.change_status(
        by=request.user,
        case=case,
        to=payload.to,
        outcome=payload.outcome,
        closing_note=payload.closing_note,
    )


@router.post(
    "/cases/{case_id}/handover",
    response={200: CaseOut, **E},
    summary="A peer supporter hands the case to the counselors",
)
def handover(request: HttpRequest, case_id: str, payload: HandoverIn) -> Any:
    case = queries.get_case_for(request.user, case_id)
    return services.hand_over(
        by=request.user, case=case, reason=payload.reason, danger=payload.danger
    )


@router.get("/cases/{case_id}/messages", response=list[MessageOut])
@paginate(Pagination)
def list_messages(request: HttpRequest, case_id: str) -> Any:
    case = queries.get_case_for(request.user, case_id)
    return services.open_thread(by=request.user, case=case)


@router.post("/cases/{case_id}/messages", response={201: MessageOut, **E})
def post_message(request: HttpRequest, case_id: str, payload: MessageIn) -> Any:
    case = queries.get_case_to_write_in(request.user, case_id)
    return Status(201, services.send_message(by=request.user, case=case, text=payload.text))


@router.post("/cases/{case_id}/notes", response={201: NoteOut, **E})
def post_note(request: HttpRequest, case_id: str, payload: NoteIn) -> Any:
    case = queries.get_case_for(request.user, case_id)
    return Status(
        201,
        services.add_note(
            by=request.user,
            case=case,
            text=payload.text,
            confidentiality=payload.confidentiality,
            kind=payload.kind,
        ),
    )
