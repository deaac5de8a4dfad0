"""The service directory and referrals out over JSON, on the same services, queries and
permission rules as the pages.

A provider's accounts read a referral as the provider sees it on its page: the frozen
snapshot of what was shared, never the case, the person's record or the consent record."""

import uuid
from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel, Field

from rangkul.cases.queries import get_case_for
from rangkul.lib.api import ERRORS, Pagination
from rangkul.lib.views import current_org
from rangkul.people.models import ConsentScope
from rangkul.people.queries import active_consents
from rangkul.referrals import permissions, queries, services
from rangkul.referrals.models import (
    AgeGroup,
    Channel,
    Cost,
    NotCompletedReason,
    Provider,
    ProviderKind,
    ReferralOut,
    ReferralStatus,
    ReferralUrgency,
    ServiceKind,
    SharedField,
)

router = Router(tags=["referrals"])
E = {k: ERRORS[k] for k in (400, 401, 403, 404, 422)}
TEXT = 5000  # generous bounds on the body; the services apply the real limits

# --- the directory ----------------------------------------------------------------------------


class ProviderOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    name: str
    kind: ProviderKind
    description: str
    services: list[ServiceKind]
    age_groups: list[AgeGroup]
    regions: list[str]
    languages: list[str]
    costs: list[Cost]
    hours: str
    phone: str
    email: str
    website: str
    address: str
    capacity_per_month: int | None
    channel: Channel
    provider_organisation_id: uuid.UUID | None
    is_active: bool

    @staticmethod
    def resolve_services(obj: Provider) -> list[str]:
        return Provider.codes(obj.services)

    @staticmethod
    def resolve_age_groups(obj: Provider) -> list[str]:
        return Provider.codes(obj.age_groups)

    @staticmethod
    def resolve_costs(obj: Provider) -> list[str]:
        return Provider.codes(obj.costs)

    @staticmethod
    def resolve_regions(obj: Provider) -> list[str]:
        return obj.region_list

    @staticmethod
    def resolve_languages(obj: Provider) -> list[str]:
        return obj.language_list


class ProviderIn(BaseModel):
    name: str = Field(max_length=TEXT)
    kind: ProviderKind
    description: str = Field(default="", max_length=TEXT)
    services: list[ServiceKind] = Field(max_length=len(ServiceKind.values))
    age_groups: list[AgeGroup] = Field(max_length=len(AgeGroup.values))
    regions: list[str] = Field(default_factory=list, max_length=100)
    languages: list[str] = Field(default_factory=lambda: ["id"], max_length=20)
    costs: list[Cost] = Field(max_length=len(Cost.values))
    hours: str = Field(default="", max_length=TEXT)
    phone: str = Field(default="", max_length=TEXT)
    email: str = Field(default="", max_length=TEXT)
    website: str = Field(default="", max_length=TEXT)
    address: str = Field(default="", max_length=TEXT)
    capacity_per_month: int | None = Field(default=None, ge=0, le=100000)
    channel: Channel = Channel.LETTER_OR_PHONE
    provider_organisation_id: uuid.UUID | None = None
    is_active: bool = True
    organisation_id: uuid.UUID | None = None


@router.get("/providers", response=list[ProviderOut], summary="The service directory, filtered")
@paginate(Pagination)
def list_providers(
    request: HttpRequest,
    q: str = "",
    region: str = "",
    service: ServiceKind | None = None,
    age: int | None = None,
    cost: Cost | None = None,
    kind: ProviderKind | None = None,
) -> Any:
    current_org(request)
    return queries.visible_providers(
        request.user,
        search=q.strip()[:100],
        region=region.strip()[:13],
        service=service or "",
        age=age if age is not None and 0 <= age <= 120 else None,
        cost=cost or "",
        kind=kind or "",
    )


@router.get(
    "/providers/{provider_id}",
    response={200: ProviderOut, 401: ERRORS[401], 404: ERRORS[404]},
    summary="One directory entry",
)
def get_provider(request: HttpRequest, provider_id: str) -> Any:
    current_org(request)
    return queries.get_provider_for(request.user, provider_id)


def _save(request: HttpRequest, payload: ProviderIn, provider: Provider | None) -> Provider:
    org = current_org(request, payload.organisation_id)
    # An unknown organisation is refused by the service like a missing one.
    chosen = (
        queries.provider_organisations().filter(pk=payload.provider_organisation_id).first()
        if payload.provider_organisation_id is not None
        else None
    )
    raw = payload.model_dump(exclude={"channel", "provider_organisation_id", "is_active"})
    raw.pop("organisation_id")
    return services.save_provider(
        by=request.user,
        organisation=org,
        provider=provider,
        channel=payload.channel,
        provider_organisation=chosen,
        is_active=payload.is_active,
        **raw,
    )


@router.post(
    "/providers",
    response={201: ProviderOut, **E},
    summary="Add an entry to the organisation's directory (coordinator, administrator)",
)
def create_provider(request: HttpRequest, payload: ProviderIn) -> Any:
    return Status(201, _save(request, payload, None))


@router.put(
    "/providers/{provider_id}",
    response={200: ProviderOut, **E},
    summary="Correct an entry the organisation keeps (all fields)",
)
def update_provider(request: HttpRequest, provider_id: str, payload: ProviderIn) -> Any:
    provider = queries.get_provider_for(request.user, provider_id, action="manage")
    return _save(request, payload, provider)


# --- referrals out ----------------------------------------------------------------------------


class StepOut(Schema):
    at: datetime
    from_status: ReferralStatus | Literal[""]
    to_status: ReferralStatus
    by_provider: bool
    feedback: str


class ReferralOutOut(Schema):
    id: uuid.UUID
    status: ReferralStatus
    urgency: ReferralUrgency
    provider_id: uuid.UUID
    provider_name: str
    sending_organisation: str
    shared_fields: list[SharedField]
    snapshot: dict[str, Any] | None
    sent_at: datetime | None
    appointment_at: datetime | None
    decline_reason: str
    not_completed_reason: NotCompletedReason | Literal[""]
    next_step_due_at: datetime | None
    closed_at: datetime | None
    # The sending side only: what the referral belongs to inside the organisation.
    case_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    consent_id: uuid.UUID | None = None
    reason: str | None = None
    steps: list[StepOut] | None = None

    @staticmethod
    def resolve_provider_name(obj: ReferralOut) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_sending_organisation(obj: ReferralOut) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_shared_fields(obj: ReferralOut) -> list[str]:
        return obj.shared

    @staticmethod
    def resolve_snapshot(obj: ReferralOut) -> Any:
        return obj.snapshot if obj.status != ReferralStatus.DRAFT else None

    @staticmethod
    def resolve_case_id(obj: ReferralOut) -> Any:
        return obj.case_id if getattr(obj, "sender_view", False) else None

    @staticmethod
    def resolve_person_id(obj: ReferralOut) -> Any:
        return obj.person_id if getattr(obj, "sender_view", False) else None

    @staticmethod
    def resolve_consent_id(obj: ReferralOut) -> Any:
        return obj.consent_id if getattr(obj, "sender_view", False) else None

    @staticmethod
    def resolve_reason(obj: ReferralOut) -> Any:
        return obj.reason if getattr(obj, "sender_view", False) else None

    @staticmethod
    def resolve_steps(obj: ReferralOut) -> Any:
        return getattr(obj, "step_rows", None)


class ReferralOutIn(BaseModel):
    case_id: uuid.UUID
    provider_id: uuid.UUID
    reason: str = Field(max_length=TEXT)
    urgency: ReferralUrgency
    consent_id: uuid.UUID | None = None
    shared_fields: list[SharedField] | None = Field(default=None, max_length=20)


class AnswerIn(BaseModel):
    # A step the status table does not allow from the current status is a 400.
    to: ReferralStatus
    feedback: str = Field(default="", max_length=TEXT)
    decline_reason: str = Field(default="", max_length=TEXT)
    not_completed_reason: NotCompletedReason | Literal[""] = ""
    appointment_at: datetime | None = None


def _shown(request: HttpRequest, referral: ReferralOut, *, steps: bool = False) -> ReferralOut:
    """Mark what the caller may read: the sending side sees the case links and the reason;
    the provider sees the snapshot and the steps only."""
    referral.sender_view = permissions.is_sender(request.user, referral)  # type: ignore[attr-defined]
    if steps:
        referral.step_rows = list(referral.updates.all())  # type: ignore[attr-defined]
    return referral


def _mark_page(rows: list[ReferralOut], organisation: Any) -> None:
    """The list holds only referrals the caller sees (`referral_filter`) of their own
    organisation: one it sent is seen as staff on its case, one sent to it as its provider.
    Deciding by the organisation spares a case-team query per row."""
    for referral in rows:
        referral.sender_view = referral.organisation_id == organisation.pk  # type: ignore[attr-defined]


@router.get(
    "/referrals-out",
    response=list[ReferralOutOut],
    summary="Referrals out the caller's organisation sent or received (audited)",
)
@paginate(Pagination)
def list_referrals_out(request: HttpRequest, status: ReferralStatus | None = None) -> Any:
    org = current_org(request)
    listing = queries.referral_listing(request.user, org, status=status or "")
    audit_page = listing.on_page

    def on_page(rows: list[Any]) -> None:
        _mark_page(rows, org)
        if audit_page is not None:
            audit_page(rows)

    listing.on_page = on_page
    return listing


def _referral(request: HttpRequest, referral_id: str) -> ReferralOut:
    referral = queries.get_referral_for(request.user, referral_id)
    org = current_org(request)
    if org.pk not in (referral.organisation_id, referral.provider.provider_organisation_id):
        raise Http404
    return referral


@router.get(
    "/referrals-out/{referral_id}",
    response={200: ReferralOutOut, 401: ERRORS[401], 404: ERRORS[404]},
    summary="One referral out (the view is audited)",
)
def get_referral_out(request: HttpRequest, referral_id: str) -> Any:
    _referral(request, referral_id)
    referral = services.open_referral_record(by=request.user, pk=referral_id)
    return _shown(request, referral, steps=True)


@router.post(
    "/referrals-out",
    response={201: ReferralOutOut, **E},
    summary="Draft a referral out from a case, resting on a consent record",
)
def create_referral_out(request: HttpRequest, payload: ReferralOutIn) -> Any:
    org = current_org(request)
    case = get_case_for(request.user, payload.case_id)
    if case.organisation_id != org.pk:
        raise Http404
    provider = queries.visible_providers(request.user).filter(pk=payload.provider_id).first()
    if provider is None:
        raise Http404
    consent = None
    if payload.consent_id is not None:
        consent = (
            active_consents(case.person, ConsentScope.REFERRAL)
            .filter(pk=payload.consent_id)
            .first()
        )
    referral = services.create_referral(
        by=request.user,
        case=case,
        provider=provider,
        reason=payload.reason,
        urgency=payload.urgency,
        consent=consent,
        shared_fields=None if payload.shared_fields is None else list(payload.shared_fields),
    )
    return Status(201, _shown(request, referral, steps=True))


@router.post(
    "/referrals-out/{referral_id}/send",
    response={200: ReferralOutOut, **E},
    summary="Send a draft: the shared details are frozen and the provider is told",
)
def send_referral_out(request: HttpRequest, referral_id: str) -> Any:
    referral = services.send_referral(by=request.user, referral=_referral(request, referral_id))
    return _shown(request, referral, steps=True)


@router.post(
    "/referrals-out/{referral_id}/answer",
    response={200: ReferralOutOut, **E},
    summary="A step after sending: accept, decline, set the appointment, complete or not",
)
def answer_referral_out(request: HttpRequest, referral_id: str, payload: AnswerIn) -> Any:
    referral = services.answer_referral(
        by=request.user,
        referral=_referral(request, referral_id),
        to=payload.to,
        feedback=payload.feedback,
        decline_reason=payload.decline_reason,
        not_completed_reason=payload.not_completed_reason,
        appointment_at=payload.appointment_at,
    )
    return _shown(request, referral, steps=True)
