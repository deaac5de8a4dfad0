"""Counts of screenings for people who see figures only (principal, district analyst).

Numbers per organisation, passed through rangkul.lib.suppression by the caller, which
checks the capability first.
"""

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from django.db.models import Count

from rangkul.screenings.models import ResponseStatus, ScreeningResponse


def screenings_done_since(org_ids: Sequence[UUID], since: datetime) -> dict[UUID, int]:
    rows = (
        ScreeningResponse.objects.filter(
            organisation_id__in=org_ids,
            status=ResponseStatus.SUBMITTED,
            submitted_at__gte=since,
        )
        .values("organisation_id")
        .annotate(n=Count("id"))
    )
    return {row["organisation_id"]: row["n"] for row in rows}
