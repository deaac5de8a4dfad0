"""Raw figures of what each programme did and what changed, for a set of organisations.

Plain counts and numbers, no names; `dashboard.py` passes them through the suppression rule
before anyone sees them. Every function takes the organisations and a period [since, until).

Programmes are the tiers of the stepped-care pathway (peer support, counseling, psychosocial
support, specialist referral out). A case counts for its current tier; an escalation or a
step-down counts for the tier it left (a peer's handover is an escalation); an activity
counts for the programme of its kind (peer meetings: peer support; psychological first aid,
psychosocial groups and home visits: psychosocial support; every other BK service:
counseling).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum

from rangkul.activities.models import PSYCHOSOCIAL_KINDS, Activity, ActivityStatus, Kind
from rangkul.cases.models import TIER_ORDER, Case, Outcome, TierChange
from rangkul.reports import rollups
from rangkul.reports.models import ActivityDay, ScoreChange, ScoreSeries
from rangkul.reports.stats import Change, paired_change
from rangkul.screenings.catalogue import find_shipped
from rangkul.screenings.engine.rci import reliable_change
from rangkul.screenings.models import ResponseStatus, ScreeningResponse

TIERS = [str(t) for t in TIER_ORDER]
OUTCOMES = [str(o) for o in Outcome]


def programme_of_kind(kind: str) -> str:
    if kind == Kind.PEER_MEETING:
        return "peer"
    if kind in PSYCHOSOCIAL_KINDS:
        return "psychosocial"
    return "counseling"


@dataclass
class Programme:
    """What one tier did in the period."""

    tier: str
    people: int = 0
    opened: int = 0
    closed: dict[str, int] = field(default_factory=dict)
    escalated: int = 0
    stepped_down: int = 0
    activities: int = 0
    hours_to_contact: list[float] = field(default_factory=list)


def cases_in_period(org_ids: Sequence[UUID], since: datetime, until: datetime) -> QuerySet[Case]:
    """Cases open at some moment of the period."""
    return Case.objects.filter(organisation_id__in=org_ids, opened_at__lt=until).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=since)
    )


def people_in_tier(
    org_ids: Sequence[UUID], since: datetime, until: datetime, tier: str
) -> QuerySet[Any]:
    """The person ids a tier filter narrows a view to (for outcome figures)."""
    return cases_in_period(org_ids, since, until).filter(tier=tier).values("person_id")


def programmes(
    org_ids: Sequence[UUID],
    since: datetime,
    until: datetime,
    tier: str | None = None,
    marks: dict[str, datetime] | None = None,
) -> list[Programme]:
    """The programmes of all the organisations together."""
    return programmes_by_org(org_ids, since, until, tier, together=True, marks=marks)[None]


def combine(
    by_org: dict[Any, list[Programme]],
    org_ids: Sequence[UUID],
    since: datetime,
    until: datetime,
    tier: str | None = None,
) -> list[Programme]:
    """The programmes of all the organisations together, added up from `by_org` (computed
    over the same organisations) so that a page showing both reads the cases once. People
    are counted once across organisations: with more than one, one more query counts them
    distinct."""
    together = {t: Programme(t) for t in TIERS if tier in (None, t)}
    for progs in by_org.values():
        for p in progs:
            q = together[p.tier]
            q.people += p.people
            q.opened += p.opened
            for outcome, n in p.closed.items():
                q.closed[outcome] = q.closed.get(outcome, 0) + n
            q.escalated += p.escalated
            q.stepped_down += p.stepped_down
            q.activities += p.activities
            q.hours_to_contact.extend(p.hours_to_contact)
    if len(org_ids) > 1:
        cases = cases_in_period(org_ids, since, until)
        if tier:
            cases = cases.filter(tier=tier)
        people = dict.fromkeys(together, 0)
        rows = cases.values("tier").annotate(n=Count("person_id", distinct=True)).order_by()
        people.update({r["tier"]: r["n"] for r in rows})
        for t, q in together.items():
            q.people = people[t]
    return list(together.values())


def programmes_by_org(
    org_ids: Sequence[UUID],
    since: datetime,
    until: datetime,
    tier: str | None = None,
    *,
    together: bool = False,
    marks: dict[str, datetime] | None = None,
) -> dict[Any, list[Programme]]:
    """The programmes of each organisation (or of all together, under the key None), in
    the same six queries whatever the number of organisations."""
    keys: list[Any] = [None] if together else list(org_ids)
    rows = {(k, t): Programme(t) for k in keys for t in TIERS if tier in (None, t)}

    def at(org_id: Any, case_tier: str) -> Programme | None:
        return rows.get((None if together else org_id, case_tier))

    org = "organisation_id"
    cases = cases_in_period(org_ids, since, until)
    if tier:
        cases = cases.filter(tier=tier)
    # People are counted once across organisations when together (COUNT DISTINCT).
    people = cases.values("tier") if together else cases.values(org, "tier")
    for row in people.annotate(n=Count("person_id", distinct=True)):
        if p := at(row.get(org), row["tier"]):
            p.people = row["n"]
    opened = cases.filter(opened_at__gte=since)
    for row in opened.values(org, "tier").annotate(n=Count("*")):
        if p := at(row[org], row["tier"]):
            p.opened += row["n"]
    closed = cases.filter(closed_at__gte=since, closed_at__lt=until).exclude(outcome="")
    for row in closed.values(org, "tier", "outcome").annotate(n=Count("*")):
        if p := at(row[org], row["tier"]):
            p.closed[row["outcome"]] = p.closed.get(row["outcome"], 0) + row["n"]
    changes = TierChange.objects.filter(
        case__organisation_id__in=org_ids, at__gte=since, at__lt=until
    )
    if tier:
        changes = changes.filter(from_tier=tier)
    case_org = "case__organisation_id"
    for row in changes.values(case_org, "from_tier", "kind").annotate(n=Count("*")):
        if p := at(row[case_org], row["from_tier"]):
            if row["kind"] == TierChange.Kind.STEP_DOWN:
                p.stepped_down += row["n"]
            else:
                p.escalated += row["n"]
    for org_id, kind, n in activities_done(org_ids, since, until, marks):
        if p := at(org_id, programme_of_kind(kind)):
            p.activities += n
    waits = opened.filter(request__first_contact_at__isnull=False).values_list(
        org, "tier", "request__created_at", "request__first_contact_at"
    )
    for org_id, case_tier, asked, contact in waits:
        p = at(org_id, case_tier)
        if p is not None and asked is not None and contact is not None:
            p.hours_to_contact.append((contact - asked).total_seconds() / 3600)
    result: dict[Any, list[Programme]] = {k: [] for k in keys}
    for (k, _t), programme in rows.items():
        result[k].append(programme)
    return result


def activities_done(
    org_ids: Sequence[UUID],
    since: datetime,
    until: datetime,
    marks: dict[str, datetime] | None = None,
) -> list[tuple[Any, str, int]]:
    """(organisation, kind, activities done) in the period: from the day rollup when it
    answers (whole days of its time zone, read up to the end of the period), otherwise
    from the activities."""
    if rollups.days_cover(since, until, marks):
        return activities_from_days(org_ids, since, until)
    return activities_from_rows(org_ids, since, until)


def activities_from_rows(
    org_ids: Sequence[UUID], since: datetime, until: datetime
) -> list[tuple[Any, str, int]]:
    done = Activity.objects.filter(
        organisation_id__in=org_ids,
        status=ActivityStatus.DONE,
        starts_at__gte=since,
        starts_at__lt=until,
    )
    rows = done.values("organisation_id", "kind").annotate(n=Count("*")).order_by()
    return [(r["organisation_id"], r["kind"], r["n"]) for r in rows]


def activities_from_days(
    org_ids: Sequence[UUID], since: datetime, until: datetime
) -> list[tuple[Any, str, int]]:
    zone = rollups.rollup_zone()
    days = ActivityDay.objects.filter(
        organisation_id__in=org_ids,
        day__gte=since.astimezone(zone).date(),
        day__lt=until.astimezone(zone).date(),
    )
    rows = days.values("organisation_id", "kind").annotate(n=Sum("activities")).order_by()
    return [(r["organisation_id"], r["kind"], r["n"]) for r in rows]


@dataclass
class Pair:
    person_id: UUID
    instrument: str
    first: float
    last: float
    reliable: str | None  # improved | no_reliable_change | deteriorated, or None (no data)


@dataclass
class InstrumentOutcome:
    instrument: str
    name: str
    change: Change | None
    n: int
    has_reliable_change: bool
    improved: int
    deteriorated: int
    higher_is_worse: bool
    rated: int = 0  # people with a reliable change label


def pairs(
    org_ids: Sequence[UUID],
    since: datetime,
    until: datetime,
    people: QuerySet[Any] | None = None,
) -> list[Pair]:
    """The first and the last submitted score of each person on each instrument in the
    period: people with at least two responses."""
    responses = ScreeningResponse.objects.filter(
        organisation_id__in=org_ids,
        status=ResponseStatus.SUBMITTED,
        person__isnull=False,
        score__isnull=False,
        submitted_at__gte=since,
        submitted_at__lt=until,
    )
    if people is not None:
        responses = responses.filter(person_id__in=people)
    series: dict[tuple[UUID, str], list[float]] = defaultdict(list)
    rows = responses.order_by("submitted_at").values_list("person_id", "instrument_code", "score")
    for person_id, code, score in rows:
        if score is not None:
            series[(person_id, code)].append(score)
    return [
        _pair(person_id, code, scores[0], scores[-1])
        for (person_id, code), scores in series.items()
        if len(scores) >= 2
    ]


def pairs_from_rollup(
    org_ids: Sequence[UUID], semester: date, people: QuerySet[Any] | None = None
) -> list[Pair]:
    """The same pairs for a whole semester (or one to date), from the rollup table."""
    rows = ScoreSeries.objects.filter(
        organisation_id__in=org_ids, semester_start=semester, responses__gte=2
    )
    if people is not None:
        rows = rows.filter(person_id__in=people)
    return [
        _pair(person_id, code, first, last)
        for person_id, code, first, last in rows.values_list(
            "person_id", "instrument_code", "first_score", "last_score"
        )
    ]


def _pair(person_id: UUID, code: str, first: float, last: float) -> Pair:
    instrument = find_shipped(code)
    label = None
    if instrument is not None:
        rc = reliable_change(instrument, first, last)
        label = rc.label if rc is not None else None
    return Pair(person_id, code, first, last, label)


def outcomes(found: list[Pair]) -> list[InstrumentOutcome]:
    by_code: dict[str, list[Pair]] = defaultdict(list)
    for pair in found:
        by_code[pair.instrument].append(pair)
    return [_outcome(code, by_code[code]) for code in sorted(by_code)]


def outcomes_from_rollup(org_ids: Sequence[UUID], semester: date) -> list[InstrumentOutcome]:
    """The same figures as `outcomes(pairs_from_rollup(...))` for a whole semester (or one
    to date) and no filter, from the counts of people per first and last score: one
    grouped read of a few hundred rows a school, whatever the number of students."""
    cells = (
        ScoreChange.objects.filter(organisation_id__in=org_ids, semester_start=semester)
        .values_list("instrument_code", "first_score", "last_score")
        .annotate(n=Sum("people"))
        .order_by("instrument_code", "first_score", "last_score")
    )
    by_code: dict[str, list[Pair]] = defaultdict(list)
    for code, first, last, n in cells:
        # One pair stands for the n people of the cell (same scores, same label).
        by_code[code].extend([_pair(UUID(int=0), code, first, last)] * n)
    return [_outcome(code, by_code[code]) for code in sorted(by_code)]


def _outcome(code: str, group: list[Pair]) -> InstrumentOutcome:
    instrument = find_shipped(code)
    labels = [p.reliable for p in group]
    return InstrumentOutcome(
        instrument=code,
        name=instrument.short_name if instrument else code,
        change=paired_change([p.first for p in group], [p.last for p in group]),
        n=len(group),
        has_reliable_change=all(label is not None for label in labels),
        improved=labels.count("improved"),
        deteriorated=labels.count("deteriorated"),
        higher_is_worse=bool(instrument and instrument.direction == "higher_is_worse"),
        rated=sum(1 for label in labels if label is not None),
    )


def median_or_none(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
