"""The end-of-semester report (laporan pelaksanaan program BK) as a PDF, always in
Indonesian. Everything in it is counted from what was recorded; people are counted, never
named, and counts of people pass through the one suppression rule, because the principal
reads the report too. Charts are SVG bars drawn here (WeasyPrint runs no JavaScript)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation

from rangkul.cases.models import Case, Outcome, Tier
from rangkul.lib import suppression, svgchart
from rangkul.lib.pdf import html_to_pdf
from rangkul.programmes import realisation
from rangkul.programmes.models import Programme
from rangkul.referrals.models import ReferralOut, ReferralStatus
from rangkul.screenings import aggregates
from rangkul.screenings import queries as screening_queries
from rangkul.screenings.models import ResponseStatus, ScreeningCampaign, ScreeningResponse


@dataclass
class Bar:
    label: str
    value: suppression.Cell
    width: int


def bars(rows: list[tuple[str, int]], *, people: bool = False) -> list[Bar]:
    """Rows as labelled bars; counts of people are suppressed (a hidden count draws none)."""
    shown: list[suppression.Cell] = (
        [c[0] for c in suppression.table([[n] for _label, n in rows])] if people and rows else
        [n for _label, n in rows]
    )  # fmt: skip
    widths = svgchart.shares([v if isinstance(v, int) else None for v in shown])
    return [Bar(label, v, w) for (label, _n), v, w in zip(rows, shown, widths, strict=True)]


def _cases(programme: Programme) -> dict[str, Any]:
    start, end = realisation.window(programme)
    opened = Case.objects.filter(
        organisation_id=programme.organisation_id, opened_at__gte=start, opened_at__lte=end
    )
    tiers = dict(Tier.choices)
    by_tier = {r["tier"]: r["n"] for r in opened.values("tier").annotate(n=Count("id"))}
    closed = Case.objects.filter(
        organisation_id=programme.organisation_id, closed_at__gte=start, closed_at__lte=end
    )
    outcomes = dict(Outcome.choices)
    by_outcome = {r["outcome"]: r["n"] for r in closed.values("outcome").annotate(n=Count("id"))}
    return {
        "by_tier": bars([(str(tiers[t]), by_tier.get(t, 0)) for t in tiers], people=True),
        "by_outcome": bars(
            [(str(outcomes.get(o, "—")), n) for o, n in sorted(by_outcome.items())], people=True
        ),
        "opened": suppression.count(opened.count()),
        "closed": suppression.count(closed.count()),
    }


def _referrals(programme: Programme) -> dict[str, Any]:
    start, end = realisation.window(programme)
    sent = ReferralOut.objects.filter(
        organisation_id=programme.organisation_id,
        sent_at__gte=start,
        sent_at__lte=end,
    )
    statuses = dict(ReferralStatus.choices)
    counts = {r["status"]: r["n"] for r in sent.values("status").annotate(n=Count("id"))}
    total = sum(counts.values())
    completed = counts.get(ReferralStatus.COMPLETED, 0)
    share = suppression.rate(completed, total)
    return {
        "by_status": bars(
            [(str(statuses[s]), counts.get(s, 0)) for s in statuses if s != "draft"], people=True
        ),
        "sent": suppression.count(total),
        "completed_percent": None if share is None else round(share * 100),
    }


def _screenings(programme: Programme) -> list[dict[str, Any]]:
    """Each campaign of the period given to a class or a group, by band, suppressed."""
    campaigns = ScreeningCampaign.objects.filter(
        organisation_id=programme.organisation_id,
        opens_on__gte=programme.starts_on,
        opens_on__lte=programme.ends_on,
        target__in=("cohort", "group"),
    ).exclude(instrument_code="akpd")
    found = []
    for campaign in campaigns.order_by("opens_on"):
        instrument = screening_queries.campaign_instrument(campaign)
        scheme = aggregates.scheme_of(instrument, campaign.band_scheme)
        submitted = ScreeningResponse.objects.filter(
            campaign=campaign, status=ResponseStatus.SUBMITTED
        )
        counts = {
            r["band_code"]: r["n"] for r in submitted.values("band_code").annotate(n=Count("id"))
        }
        critical = submitted.filter(critical=True).count()
        found.append(
            {
                "campaign": campaign,
                "instrument": instrument.short_name,
                "distribution": aggregates.distribution(
                    instrument, scheme, counts, critical, "id", suppress=True
                ),
            }
        )
    return found


def context(programme: Programme, result: realisation.Realisation) -> dict[str, Any]:
    return {
        "programme": programme,
        "r": result,
        "components": bars(result.by_component),
        "strategies": bars(result.by_strategy),
        "domains": bars(result.by_domain),
        "people_reached": suppression.count(result.people_reached),
        "cases": _cases(programme),
        "referrals": _referrals(programme),
        "screenings": _screenings(programme),
        "today": timezone.localdate(),
    }


def render_report(programme: Programme, result: realisation.Realisation) -> bytes:
    with translation.override("id"):
        html = render_to_string("programmes/report.html", context(programme, result))
    return html_to_pdf(html)


def render_service_plan(item: Any) -> bytes:
    with translation.override("id"):
        html = render_to_string(
            "programmes/service_plan_print.html",
            {"item": item, "plan": item.plan, "programme": item.programme,
             "today": timezone.localdate()},
        )  # fmt: skip
    return html_to_pdf(html)
