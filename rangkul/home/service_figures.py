"""Service figures for principals and district analysts: what the service did, not who.

Requests in the last 90 days, open cases by tier, time to first contact and screenings done,
per organisation, every count passed through the one suppression rule
(rangkul.lib.suppression) and the median only when at least 5 requests are behind it.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rangkul.accounts import permissions as account_permissions
from rangkul.accounts import queries as account_queries
from rangkul.accounts.roles import Capability
from rangkul.cases import aggregates as case_aggregates
from rangkul.cases.models import Tier
from rangkul.lib import suppression
from rangkul.lib.tiles import Tile
from rangkul.screenings import service_counts as screening_counts

PERIOD_DAYS = 90


def figures(orgs: list[Any]) -> dict[str, Any]:
    ids = [o.id for o in orgs]
    since = timezone.now() - timedelta(days=PERIOD_DAYS)
    requests = case_aggregates.requests_since(ids, since)
    screenings = screening_counts.screenings_done_since(ids, since)
    by_tier = case_aggregates.open_cases_by_tier(ids)
    tiers = list(Tier)
    tier_table = suppression.table([[by_tier.get((i, t.value), 0) for t in tiers] for i in ids])
    waits = case_aggregates.hours_to_first_contact(ids, since)
    median = suppression.median(waits)
    rows = [
        {
            "organisation": org,
            "requests": suppression.count(requests.get(org.id, 0)),
            "screenings": suppression.count(screenings.get(org.id, 0)),
            "tiers": tier_table[n],
        }
        for n, org in enumerate(orgs)
    ]
    return {
        "period_days": PERIOD_DAYS,
        "requests": suppression.count(sum(requests.values())),
        "screenings": suppression.count(sum(screenings.values())),
        "open_cases": suppression.count(sum(by_tier.values())),
        "median_hours": round(median, 1) if median is not None else None,
        "tier_labels": [t.label for t in tiers],
        "rows": rows,
    }


def own_service_tile(user: Any, org: Any) -> Tile | None:
    if not account_permissions.has_capability(user, org.id, Capability.VIEW_AGGREGATES):
        return None
    return Tile(
        "service_figures",
        _("The service in the last 90 days"),
        "home/tiles/service_figures.html",
        {**figures([org]), "per_organisation": False},
    )


def child_service_tile(user: Any, org: Any) -> Tile | None:
    if not account_permissions.has_capability(user, org.id, Capability.VIEW_CHILD_AGGREGATES):
        return None
    children = list(account_queries.visible_organisations(user).filter(parent_id=org.id))
    return Tile(
        "service_figures",
        _("Services under this office in the last 90 days"),
        "home/tiles/service_figures.html",
        {**figures(children), "per_organisation": True},
    )
