import uuid
from datetime import date, datetime
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from rangkul.lib.api import ERRORS, Pagination
from rangkul.lib.views import current_org
from rangkul.people import queries, services
from rangkul.people.models import (
    Consent,
    ConsentBasis,
    ConsentScope,
    Gender,
    Guardian,
    Person,
    Relationship,
    ReviewDecision,
)

router = Router(tags=["people"])
E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}
Kept = TypeVar("Kept", Person, Guardian, Consent)
TEXT = 5000  # generous bounds on the body; the services apply the real limits


class PersonOut(Schema):
    id: uuid.UUID
    full_name: str
    organisation_id: uuid.UUID
    cohort: str | None
    gender: Gender
    has_login: bool

    @staticmethod
    def resolve_cohort(obj: Person) -> str | None:
        return obj.cohort.name if obj.cohort else None

    @staticmethod
    def resolve_has_login(obj: Person) -> bool:
        return obj.user_id is not None


class PersonDetailOut(PersonOut):
    birth_date: date | None


class GuardianOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    full_name: str
    relationship: Relationship
    phone: str
    may_contact: bool
    do_not_contact: bool
    do_not_contact_note: str


class GuardianIn(BaseModel):
    full_name: str = Field(max_length=TEXT)
    relationship: Relationship
    phone: str = Field(default="", max_length=TEXT)
    may_contact: bool = True
    do_not_contact: bool = False
    do_not_contact_note: str = Field(default="", max_length=TEXT)


class ConsentOut(Schema):
    id: uuid.UUID
    person_id: uuid.UUID
    basis: ConsentBasis
    scope: ConsentScope
    scope_detail: str
    guardian_id: uuid.UUID | None
    has_form_file: bool
    witness_name: str
    exception_reason: str
    recorded_at: datetime
    review_due_at: datetime | None
    review_decision: ReviewDecision | None
    withdrawn_at: datetime | None
    withdrawal_effect: str
    is_active: bool

    @staticmethod
    def resolve_has_form_file(obj: Consent) -> bool:
        return bool(obj.form_file)

    @staticmethod
    def resolve_review_decision(obj: Consent) -> Any:
        return obj.review_decision or None


class ConsentIn(BaseModel):
    """A scanned guardian form is uploaded on the person's page; the API records the
    other bases (the person, a guardian's verbal consent with a witness, an exception)."""

    basis: ConsentBasis
    scope: ConsentScope
    scope_detail: str = Field(default="", max_length=TEXT)
    guardian_id: uuid.UUID | None = None
    witness_name: str = Field(default="", max_length=TEXT)
    exception_reason: str = Field(default="", max_length=TEXT)


class WithdrawIn(BaseModel):
    effect: str = Field(max_length=TEXT)


@router.get("", response=list[PersonOut], summary="People the caller may see (audited)")
@paginate(Pagination)
def list_people(request: HttpRequest, q: str = "") -> Any:
    return queries.people_listing(request.user, current_org(request), search=q.strip()[:100])


@router.get(
    "/{person_id}",
    response={200: PersonDetailOut, 401: ERRORS[401], 404: ERRORS[404]},
    summary="One person's record (the view is audited)",
)
def get_person(request: HttpRequest, person_id: str) -> Any:
    return services.open_person_record(by=request.user, pk=person_id)


def _here(request: HttpRequest, obj: Kept) -> Kept:
    """The record when it belongs to the organisation the caller works in; a record of
    another of their organisations answers 404, like one out of scope."""
    if obj.organisation_id != current_org(request).pk:
        raise Http404
    return obj


def _person(request: HttpRequest, person_id: str) -> Person:
    """A person of the caller's organisation whose guardians and consent the caller keeps."""
    return _here(request, queries.get_person_for(request.user, person_id, action="guardians"))


# --- guardians --------------------------------------------------------------------------------


@router.get(
    "/{person_id}/guardians",
    response=list[GuardianOut],
    summary="A person's parents and guardians, for staff who act for them (audited)",
)
@paginate(Pagination)
def list_guardians(request: HttpRequest, person_id: str) -> Any:
    return queries.guardian_listing(request.user, _person(request, person_id))


@router.post(
    "/{person_id}/guardians",
    response={201: GuardianOut, **E},
    summary="Add a parent or guardian",
)
def add_guardian(request: HttpRequest, person_id: str, payload: GuardianIn) -> Any:
    person = _person(request, person_id)
    guardian = services.add_guardian(by=request.user, person=person, **payload.model_dump())
    return Status(201, guardian)


@router.put(
    "/guardians/{guardian_id}",
    response={200: GuardianOut, **E},
    summary="Correct a guardian's details (all fields)",
)
def update_guardian(request: HttpRequest, guardian_id: str, payload: GuardianIn) -> Any:
    guardian = _here(request, queries.get_guardian_for(request.user, guardian_id))
    return services.update_guardian(by=request.user, guardian=guardian, **payload.model_dump())


# --- consent ----------------------------------------------------------------------------------


@router.get(
    "/{person_id}/consents",
    response=list[ConsentOut],
    summary="A person's consent records with their basis (audited)",
)
@paginate(Pagination)
def list_consents(request: HttpRequest, person_id: str) -> Any:
    return queries.consent_listing(request.user, _person(request, person_id))


@router.post(
    "/{person_id}/consents",
    response={201: ConsentOut, **E},
    summary="Record consent with its basis",
)
def record_consent(request: HttpRequest, person_id: str, payload: ConsentIn) -> Any:
    person = _person(request, person_id)
    guardian = None
    if payload.guardian_id is not None:
        guardian = queries.guardians_of(request.user, person).filter(pk=payload.guardian_id).first()
    consent = services.record_consent(
        by=request.user,
        person=person,
        basis=payload.basis,
        scope=payload.scope,
        scope_detail=payload.scope_detail,
        guardian=guardian,
        witness_name=payload.witness_name,
        exception_reason=payload.exception_reason,
    )
    return Status(201, consent)


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **E},
    summary="Withdraw consent, recording what the withdrawal changes",
)
def withdraw_consent(request: HttpRequest, consent_id: str, payload: WithdrawIn) -> Any:
    consent = _here(request, queries.get_consent_for(request.user, consent_id))
    return services.withdraw_consent(by=request.user, consent=consent, effect=payload.effect)
