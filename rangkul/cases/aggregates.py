"""Counts about the pathway for people who see figures only (principal, district analyst).

No names, no texts: numbers per organisation, which the caller passes through
rangkul.lib.suppression before showing. Callers check the capability first (VIEW_AGGREGATES
for one's own organisation, VIEW_CHILD_AGGREGATES for the organisations under an office).
"""

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from django.db.models import Count

from rangkul.cases.models import OPEN_STATUSES, Case, SupportRequest


def requests_since(org_ids: Sequence[UUID], since: datetime) -> dict[UUID, int]:
    rows = (
        SupportRequest.objects.filter(organisation_id__in=org_ids, created_at__gte=since)
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {row["organisation_id"]: row["n"] for row in rows}


def open_cases_by_tier(org_ids: Sequence[UUID]) -> dict[tuple[UUID, str], int]:
    rows = (
        Case.objects.filter(organisation_id__in=org_ids, status__in=OPEN_STATUSES)
        .values("organisation_id", "tier")
        .annotate(n=Count("id"))
    )
    return {(row["organisation_id"], row["tier"]): row["n"] for row in rows}


def hours_to_first_contact(org_ids: Sequence[UUID], since: datetime) -> list[float]:
    """Hours from asking to the first contact, one value per request that got one."""
    rows = SupportRequest.objects.filter(
        organisation_id__in=org_ids, created_at__gte=since, first_contact_at__isnull=False
    ).values_list("created_at", "first_contact_at")
    return [(contact - asked).total_seconds() / 3600 for asked, contact in rows if contact]
