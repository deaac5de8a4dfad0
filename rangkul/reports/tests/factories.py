"""Report data for tests: people with cases, tier changes and repeated screenings."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rangkul.cases.models import Case, TierChange
from rangkul.people.tests.factories import PersonFactory
from rangkul.screenings.models import ResponseStatus, ScreeningResponse


def people(org: Any, n: int, cohort: Any = None) -> list[Any]:
    return [PersonFactory(organisation=org, cohort=cohort) for _ in range(n)]


def cases(org: Any, persons: list[Any], tier: str, **fields: Any) -> list[Case]:
    return [
        Case.objects.create(organisation=org, person=p, tier=tier, domain="personal", **fields)
        for p in persons
    ]


def close(case: Case, outcome: str, days_ago: float = 1) -> Case:
    case.status = "closed"
    case.outcome = outcome
    case.closed_at = timezone.now() - timedelta(days=days_ago)
    case.save(update_fields=["status", "outcome", "closed_at"])
    return case


def tier_change(case: Case, kind: str, to_tier: str, by: Any) -> TierChange:
    change = TierChange.objects.create(
        case=case, kind=kind, from_tier=case.tier, to_tier=to_tier, reason="uji", by=by
    )
    return change


def scores(campaign: Any, person: Any, code: str, values: list[float], days_ago: int = 30) -> None:
    """Submitted responses of one person, one a day, oldest first."""
    start = timezone.now() - timedelta(days=days_ago)
    for i, value in enumerate(values):
        ScreeningResponse.objects.create(
            organisation=campaign.organisation,
            campaign=campaign,
            person=person,
            status=ResponseStatus.SUBMITTED,
            instrument_code=code,
            instrument_version="1",
            score=value,
            submitted_at=start + timedelta(days=i),
            submitted_on=(start + timedelta(days=i)).date(),
        )
