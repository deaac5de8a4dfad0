"""The programme dashboard's figures: a fixed number of queries whatever the data.

People reached by age band and sex and by vulnerability (one aggregate), activities by kind
(one grouped count), referrals out made and completed for the programme's beneficiaries
(through the referrals app's scoped query: the reader counts what they may see) and the
follow-ups due."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q

from rangkul.activities.models import Activity, Kind
from rangkul.people.models import Gender
from rangkul.psychosocial import queries
from rangkul.psychosocial.models import Beneficiary, Programme, Vulnerability
from rangkul.referrals import queries as referral_queries
from rangkul.referrals.models import ReferralOut, ReferralStatus

# (code, lowest age, highest age)
AGE_BANDS: list[tuple[str, int, int]] = [
    ("0-5", 0, 5),
    ("6-12", 6, 12),
    ("13-17", 13, 17),
    ("18-59", 18, 59),
    ("60+", 60, 200),
]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _band_q(day: date, low: int, high: int) -> Q:
    born = Q(
        person__birth_date__lte=_years_before(day, low),
        person__birth_date__gt=_years_before(day, high + 1),
    )
    stated = Q(person__birth_date__isnull=True, stated_age__gte=low, stated_age__lte=high)
    return born | stated


@dataclass
class Figures:
    total: int = 0
    households: int = 0
    by_band: list[dict[str, Any]] = field(default_factory=list)
    unknown_age: int = 0
    by_vulnerability: list[tuple[str, int]] = field(default_factory=list)
    activities: list[tuple[str, int]] = field(default_factory=list)
    referrals_made: int = 0
    referrals_completed: int = 0
    follow_ups: list[Any] = field(default_factory=list)


def figures(user: Any, programme: Programme, today: date) -> Figures:
    out = Figures()
    rows = Beneficiary.objects.filter(programme=programme)
    sexes = [g.value for g in Gender]
    aggregates: dict[str, Any] = {
        "total": Count("pk"),
        "households": Count("household", distinct=True, filter=~Q(household="")),
        "unknown_age": Count(
            "pk", filter=Q(person__birth_date__isnull=True, stated_age__isnull=True)
        ),
    }
    for code, low, high in AGE_BANDS:
        for sex in sexes:
            aggregates[f"band_{code}_{sex}"] = Count(
                "pk", filter=_band_q(today, low, high) & Q(person__gender=sex)
            )
    for v in Vulnerability:
        aggregates[f"v_{v.value}"] = Count("pk", filter=Q(vulnerabilities__contains=f",{v},"))
    counted = rows.aggregate(**aggregates)
    out.total, out.households = counted["total"], counted["households"]
    out.unknown_age = counted["unknown_age"]
    for code, _low, _high in AGE_BANDS:
        cells = [counted[f"band_{code}_{sex}"] for sex in sexes]
        out.by_band.append({"band": code, "cells": cells, "total": sum(cells)})
    out.by_vulnerability = [(str(v.label), counted[f"v_{v.value}"]) for v in Vulnerability]

    people = rows.values("person_id")
    activity_ids = Activity.objects.filter(
        Q(programme=programme) | Q(participants__person_id__in=people)
    ).values("pk")
    by_kind = (
        Activity.objects.filter(pk__in=activity_ids, status="done")
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    labels = dict(Kind.choices)
    out.activities = [(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in by_kind]

    referred = referral_queries.visible_referrals(user).filter(person_id__in=people)
    made = referred.exclude(status=ReferralStatus.DRAFT).values("pk")
    tally = ReferralOut.objects.filter(pk__in=made).aggregate(
        made=Count("pk"), completed=Count("pk", filter=Q(status=ReferralStatus.COMPLETED))
    )
    out.referrals_made, out.referrals_completed = tally["made"], tally["completed"]
    out.follow_ups = queries.follow_ups_due(user, programme, today)
    return out
