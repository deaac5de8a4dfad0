"""Synthetic screenings: campaigns for every cohort, assignments and scored responses."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from rangkul.accounts.models import Organisation, User
from rangkul.people.models import Cohort, Person
from rangkul.screenings.catalogue import presented
from rangkul.screenings.engine import Instrument, score
from rangkul.screenings.models import (
    Assignment,
    AssignmentStatus,
    InstrumentSetting,
    ResponseStatus,
    ScreeningCampaign,
    ScreeningResponse,
    Target,
)
from rangkul.system.synthetic.state import Pool, RunState

INSTRUMENTS = ("phqa", "gad7")


def answer_pool(g: RunState, code: str, org: Organisation) -> Pool:
    """Scored answer patterns for an instrument (scored once, reused for every row)."""
    if code not in g.answer_pools:
        instrument = presented(org.id, code, "id").instrument
        g.instruments[code] = instrument
        pool = []
        for level in range(64):
            # Most students answer low; a few answer high (a realistic skew).
            top = 0 if level < 32 else (1 if level < 52 else (2 if level < 60 else 3))
            answers = {}
            for item in instrument.items:
                if item.required_if is not None or item.optional:
                    continue
                values = sorted(o.value for o in item.options if not o.refused)
                answers[item.id] = values[min(g.rng.randint(0, top), len(values) - 1)]
            # No critical answers: an alert would need its ladder, which synthetic rows
            # do not have.
            result = score(instrument, answers)
            if result.critical:
                continue
            stored = result.to_dict()
            stored.pop("answers")
            stored["_score"] = float(result.score) if result.score is not None else None
            stored["_band"] = result.band.code if result.band else ""
            pool.append((answers, stored))
        g.answer_pools[code] = pool
    return g.answer_pools[code]


def make_screenings(
    g: RunState,
    org: Organisation,
    people: list[Person],
    cohorts: list[Cohort],
    counselor: User,
    n_responses: int,
) -> None:
    """Four rounds a year of each instrument for every cohort, most of them answered."""
    g.bulk(
        InstrumentSetting,
        [InstrumentSetting(organisation=org, instrument_code=c, enabled=True) for c in INSTRUMENTS],
    )
    by_cohort: dict[Any, list[Person]] = {}
    for p in people:
        by_cohort.setdefault(p.cohort_id, []).append(p)
    # Four rounds a year, each instrument for every class: campaigns of 40.
    campaigns: list[ScreeningCampaign] = []
    rounds = max(1, round(n_responses / max(1, len(people)) / len(INSTRUMENTS)))
    for r in range(rounds):
        opens = g.today - timedelta(days=365 - r * (365 // rounds))
        for code in INSTRUMENTS:
            instrument = _instrument(g, code, org)
            for cohort in cohorts:
                campaigns.append(
                    ScreeningCampaign(
                        id=g.uuid(),
                        organisation=org,
                        title=f"{instrument.code.upper()} {cohort.name} ronde {r + 1}",
                        instrument_code=instrument.code,
                        instrument_version=instrument.version,
                        target=Target.COHORT,
                        cohort=cohort,
                        opens_on=opens,
                        closes_on=opens + timedelta(days=14),
                        created_by=counselor,
                        created_at=timezone.make_aware(
                            datetime.combine(opens, datetime.min.time())
                        ),
                    )
                )
    g.bulk(ScreeningCampaign, campaigns)
    assignments: list[Assignment] = []
    responses: list[ScreeningResponse] = []
    wording = {c: presented(org.id, c, "id") for c in INSTRUMENTS}
    for campaign in campaigns:
        pool = answer_pool(g, campaign.instrument_code, org)
        for person in by_cohort.get(campaign.cohort_id, []):
            if len(responses) >= n_responses:
                break
            answered = g.rng.random() < 0.92
            day = campaign.opens_on + timedelta(days=g.rng.randrange(14))
            a = Assignment(
                id=g.uuid(),
                organisation=org,
                campaign=campaign,
                person=person,
                status=AssignmentStatus.COMPLETED if answered else AssignmentStatus.PENDING,
                completed_on=day if answered else None,
            )
            assignments.append(a)
            if not answered:
                continue
            answers, scored = g.rng.choice(pool)
            stored = {k: v for k, v in scored.items() if not k.startswith("_")}
            w = wording[campaign.instrument_code]
            at = timezone.make_aware(
                datetime.combine(day, datetime.min.time()) + timedelta(hours=8 + g.rng.random() * 6)
            )
            responses.append(
                ScreeningResponse(
                    id=g.uuid(),
                    organisation=org,
                    campaign=campaign,
                    assignment=a,
                    person=person,
                    entered_by=person.user,
                    status=ResponseStatus.SUBMITTED,
                    instrument_code=campaign.instrument_code,
                    instrument_version=campaign.instrument_version,
                    language=w.language,
                    wording_source=w.source,
                    translation_status=w.translation_status,
                    wording_hash=w.hash,
                    answers=answers,
                    result=stored,
                    score=scored["_score"],
                    band_code=scored["_band"],
                    critical=False,
                    started_at=at - timedelta(minutes=4),
                    submitted_at=at,
                    submitted_on=day,
                )
            )
    g.bulk(Assignment, assignments)
    g.bulk(ScreeningResponse, responses)


def _instrument(g: RunState, code: str, org: Organisation) -> Instrument:
    answer_pool(g, code, org)
    return g.instruments[code]
