"""Campaigns: launch, list, distribution, follow-up, close."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from pydantic import BaseModel, Field

from rangkul.activities.queries import get_group_for
from rangkul.cases.queries import get_case_for
from rangkul.lib.api import ERRORS, Error, PageIn, PageOut, take_page
from rangkul.lib.scoping import get_in_scope
from rangkul.lib.views import current_org
from rangkul.people.queries import visible_cohorts, visible_people
from rangkul.screenings import queries, services
from rangkul.screenings.api.common import Lang, language
from rangkul.screenings.models import CasePhase, ScreeningCampaign, Target

router = Router(tags=["campaigns"])


class CampaignIn(BaseModel):
    instrument: str = Field(
        max_length=80, description="A shipped code (phqa) or custom:<id> of the organisation's own"
    )
    opens_on: date
    closes_on: date
    title: str = Field("", max_length=120)
    cohort: uuid.UUID | None = None
    group: uuid.UUID | None = None
    people: list[uuid.UUID] = Field(default_factory=list, max_length=2000)
    case: uuid.UUID | None = None
    case_phase: CasePhase | Literal[""] = Field("", description="for a case only")
    anonymous: bool = False
    shows_crisis_resources: bool = Field(
        True,
        description=(
            "Whoever presents the questionnaire shows crisis resources on a critical answer. "
            "An anonymous campaign with an instrument that has critical items is refused "
            "when this is false."
        ),
    )
    follow_up_band: str = Field("", max_length=40)
    organisation: uuid.UUID | None = None


class Counts(BaseModel):
    assigned: int
    completed: int


class CampaignOut(BaseModel):
    id: uuid.UUID
    title: str
    instrument: str
    version: str
    band_scheme: str
    target: Target
    anonymous: bool
    opens_on: date
    closes_on: date
    is_open: bool
    completion: Counts


class CampaignList(PageOut):
    items: list[CampaignOut]


class BandCount(BaseModel):
    code: str
    label: str
    count: int | None = Field(description="null when suppressed (fewer than 5)")


class DistributionOut(BaseModel):
    rows: list[BandCount]
    total: int | None
    critical: int | None
    suppressed: bool


class CampaignDetailOut(CampaignOut):
    distribution: DistributionOut


class FollowUpOut(BaseModel):
    person_id: uuid.UUID
    full_name: str
    response_id: uuid.UUID
    score: float | None
    band: str
    band_label: str
    critical: bool


def campaign_out(
    campaign: ScreeningCampaign, counts: queries.Completion | None = None
) -> dict[str, Any]:
    counts = counts or queries.completion(campaign)
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "instrument": campaign.instrument_code,
        "version": campaign.instrument_version,
        "band_scheme": campaign.band_scheme,
        "target": campaign.target,
        "anonymous": campaign.anonymous,
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "is_open": campaign.is_open_on(campaign.organisation.today()),
        "completion": {"assigned": counts.assigned, "completed": counts.completed},
    }


@router.get(
    "/campaigns",
    response={200: CampaignList, 401: Error},
    summary="Campaigns the caller may see (staff: all of theirs; principals: group campaigns)",
)
def list_campaigns(
    request: HttpRequest, paging: Query[PageIn], organisation: uuid.UUID | None = None
) -> Any:
    org = current_org(request, organisation)
    # The current organisation's campaigns, and for an authority those of its schools.
    qs = queries.aggregate_campaigns(request.user).filter(
        Q(organisation_id=org.id) | Q(organisation__parent_id=org.id)
    )
    shown = take_page(qs, **paging.dict())
    counts = queries.completions([c.pk for c in shown.items])
    return {
        "items": [campaign_out(c, counts.get(c.pk)) for c in shown.items],
        "count": shown.count,
        "next_cursor": shown.next_cursor,
    }


@router.post(
    "/campaigns",
    response={201: CampaignOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: ERRORS[422]},
    summary="Launch a campaign for a class, a group, named people or a case",
)
def create_campaign(request: HttpRequest, payload: CampaignIn) -> Any:
    user: Any = request.user
    org = current_org(request, payload.organisation)
    people = []
    if payload.people:
        people = list(visible_people(user, org.id).filter(pk__in=payload.people))
        if len(people) != len(set(payload.people)):
            raise ValidationError(_("Some of these people were not found."))
    campaign = services.create_campaign(
        by=user,
        organisation=org,
        instrument=payload.instrument,
        opens_on=payload.opens_on,
        closes_on=payload.closes_on,
        title=payload.title,
        cohort=get_in_scope(visible_cohorts(user, org.id), payload.cohort)
        if payload.cohort
        else None,
        group=get_group_for(user, payload.group) if payload.group else None,
        people=people,
        case=get_case_for(user, payload.case) if payload.case else None,
        case_phase=payload.case_phase,
        anonymous_answers=payload.anonymous,
        shows_crisis_resources=payload.shows_crisis_resources,
        follow_up_band=payload.follow_up_band,
    )
    return Status(201, campaign_out(campaign))


@router.get(
    "/campaigns/{campaign_id}",
    response={200: CampaignDetailOut, 401: Error, 404: Error},
    summary="A campaign with its band distribution (small cells hidden for aggregate viewers)",
)
def get_campaign(request: HttpRequest, campaign_id: str, lang: Lang | None = None) -> Any:
    campaign = queries.get_campaign_aggregate_for(request.user, campaign_id)
    result = queries.band_distribution(request.user, campaign, language(request, lang))
    return {
        **campaign_out(campaign),
        "distribution": {
            "rows": [{"code": r.code, "label": r.label, "count": r.count} for r in result.rows],
            "total": result.total,
            "critical": result.critical,
            "suppressed": result.suppressed,
        },
    }


@router.get(
    "/campaigns/{campaign_id}/follow-up",
    response={200: list[FollowUpOut], 401: Error, 404: Error},
    summary="People at or above a band, or with a critical answer, and no open case",
)
def follow_up(
    request: HttpRequest, campaign_id: str, band: str = "", lang: Lang | None = None
) -> Any:
    campaign = queries.get_campaign_for(request.user, campaign_id)
    rows = queries.follow_up(
        request.user, campaign, band or campaign.follow_up_band, language(request, lang)
    )
    return [
        {
            "person_id": row.person.pk,
            "full_name": row.person.full_name,
            "response_id": row.response.pk,
            "score": row.response.score,
            "band": row.response.band_code,
            "band_label": row.band_label,
            "critical": row.response.critical,
        }
        for row in rows
    ]


@router.post(
    "/campaigns/{campaign_id}/close",
    response={200: CampaignOut, 401: Error, 404: Error},
    summary="Stop accepting answers",
)
def close_campaign(request: HttpRequest, campaign_id: str) -> Any:
    campaign = queries.get_campaign_for(request.user, campaign_id)
    return campaign_out(services.close_campaign(by=request.user, campaign=campaign))


@router.post(
    "/campaigns/{campaign_id}/follow-up/{person_id}/case",
    response={201: dict[str, str], 400: Error, 401: Error, 404: Error},
    summary="Open a counseling case for a person on the follow-up list",
)
def open_case(request: HttpRequest, campaign_id: str, person_id: uuid.UUID) -> Any:
    campaign = queries.get_campaign_for(request.user, campaign_id)
    case = services.open_case_from_follow_up(
        by=request.user, campaign=campaign, person_id=person_id
    )
    return Status(201, {"case_id": str(case.pk)})
