"""Rollups refreshed incrementally, so that semester reports do not read every response.

`refresh_score_series()` runs every few minutes: it reads the responses submitted since its
mark (up to a lag of LAG, so that a transaction still committing is not skipped) and folds
each into the first/last score of its person, instrument and semester (ScoreSeries), and
moves the person's count in ScoreChange from their old (first, last) cell to the new one.
Reading the rollups instead of the responses is exact for a whole semester, or a semester
to date, once the job has run; other periods are computed from the responses.

`refresh_activity_days()` runs with it: it finds the days on which activities were done
since its mark (activities recorded as done, and scheduled ones completed, which the audit
trail dates) and counts each such day again from the activities (ActivityDay). Counting a
day again is idempotent, so reading an activity twice does no harm. Days are those of
settings.TIME_ZONE; a page in another time zone counts the activities themselves.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from rangkul.activities.models import Activity, ActivityStatus
from rangkul.audit.models import AuditEvent
from rangkul.reports.models import ActivityDay, RollupMark, ScoreChange, ScoreSeries
from rangkul.screenings.models import ResponseStatus, ScreeningResponse

LAG = timedelta(minutes=2)
BATCH = 5000
SERIES = "score_series"
ACTIVITIES = "activity_days"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def semester_start(day: date) -> date:
    """Indonesian school semesters: July-December (ganjil) and January-June (genap)."""
    return date(day.year, 7 if day.month >= 7 else 1, 1)


def semester_end(start: date) -> date:
    return date(start.year, 12, 31) if start.month == 7 else date(start.year, 6, 30)


def refresh_score_series(now: datetime | None = None) -> int:
    """Fold new responses into the rollup; returns how many were read."""
    upto = (now or timezone.now()) - LAG
    with transaction.atomic():
        mark, _new = RollupMark.objects.select_for_update().get_or_create(
            key=SERIES, defaults={"through": EPOCH}
        )
        raw = list(
            ScreeningResponse.objects.filter(
                status=ResponseStatus.SUBMITTED,
                person__isnull=False,
                score__isnull=False,
                submitted_at__gt=mark.through,
                submitted_at__lte=upto,
            )
            .order_by("submitted_at")
            .values_list("organisation_id", "person_id", "instrument_code", "submitted_at", "score")
        )
        rows: list[tuple[Any, Any, str, datetime, float]] = [
            (o, p, code, at, score)
            for o, p, code, at, score in raw
            if p is not None and at is not None and score is not None
        ]
        found: dict[tuple, ScoreSeries] = {}
        keys = {(p, code, semester_start(timezone.localdate(at))) for _o, p, code, at, _s in rows}
        people = {k[0] for k in keys}
        for series in ScoreSeries.objects.filter(person_id__in=people):
            key = (series.person_id, series.instrument_code, series.semester_start)
            if key in keys:
                found[key] = series
        created: dict[tuple, ScoreSeries] = {}
        changed: dict[tuple, ScoreSeries] = {}
        cells: Counter[tuple] = Counter()  # ScoreChange cell -> change of its count
        for series in found.values():
            if series.responses >= 2:
                cells[_cell(series)] -= 1
        for org_id, person_id, code, at, score in rows:
            key = (person_id, code, semester_start(timezone.localdate(at)))
            current = found.get(key) or created.get(key)
            if current is None:
                created[key] = ScoreSeries(
                    organisation_id=org_id, person_id=person_id, instrument_code=code,
                    semester_start=key[2], first_score=score, first_at=at, last_score=score,
                    last_at=at, responses=1,
                )  # fmt: skip
                continue
            current.responses += 1
            if at < current.first_at:
                current.first_score, current.first_at = score, at
            if at >= current.last_at:
                current.last_score, current.last_at = score, at
            if current.pk:
                changed[key] = current
        for series in [*found.values(), *created.values()]:
            if series.responses >= 2:
                cells[_cell(series)] += 1
        _apply(cells)
        ScoreSeries.objects.bulk_create(created.values(), batch_size=BATCH)
        ScoreSeries.objects.bulk_update(
            changed.values(),
            ["first_score", "first_at", "last_score", "last_at", "responses"],
            batch_size=BATCH,
        )
        mark.through = upto
        mark.save(update_fields=["through"])
    return len(rows)


def _cell(series: ScoreSeries) -> tuple[Any, date, str, float, float]:
    return (
        series.organisation_id, series.semester_start, series.instrument_code,
        series.first_score, series.last_score,
    )  # fmt: skip


def _apply(cells: Counter[tuple]) -> None:
    """Add each change of count to its ScoreChange row (made or deleted as needed)."""
    moved = {cell: n for cell, n in cells.items() if n}
    if not moved:
        return
    rows = {
        (r.organisation_id, r.semester_start, r.instrument_code, r.first_score, r.last_score): r
        for r in ScoreChange.objects.filter(
            organisation_id__in={c[0] for c in moved}, semester_start__in={c[1] for c in moved}
        )
    }
    new: list[ScoreChange] = []
    changed: list[ScoreChange] = []
    emptied: list[ScoreChange] = []
    for cell, n in moved.items():
        row = rows.get(cell)
        if row is None:
            org, semester, code, first, last = cell
            new.append(ScoreChange(organisation_id=org, semester_start=semester,
                                   instrument_code=code, first_score=first, last_score=last,
                                   people=n))  # fmt: skip
            continue
        row.people += n
        (changed if row.people else emptied).append(row)
    ScoreChange.objects.filter(pk__in=[r.pk for r in emptied]).delete()
    ScoreChange.objects.bulk_update(changed, ["people"], batch_size=BATCH)
    ScoreChange.objects.bulk_create(new, batch_size=BATCH)


def covers(since: date, until: date, today: date) -> bool:
    """Whether the rollup answers for [since, until]: a whole semester, or one to date."""
    if since != semester_start(since):
        return False
    end = semester_end(since)
    return until == end or (until == today and since <= today <= end)


def has_read_up_to(moment: datetime, marks: dict[str, datetime] | None = None) -> bool:
    """Whether the job has read the responses up to `moment` (or up to a few minutes ago,
    for a period that runs to today)."""
    through = (marks if marks is not None else read_marks()).get(SERIES)
    return through is not None and through >= min(moment, timezone.now()) - LAG * 5


def read_marks() -> dict[str, datetime]:
    """How far each rollup has read, in one query (a page asks about several)."""
    return dict(RollupMark.objects.values_list("key", "through"))


def rollup_zone() -> ZoneInfo:
    """The time zone whose days the day rollups count."""
    return ZoneInfo(settings.TIME_ZONE)


def refresh_activity_days(now: datetime | None = None) -> int:
    """Count again each day with activities done since the mark; returns how many days."""
    upto = (now or timezone.now()) - LAG
    with transaction.atomic():
        mark, _new = RollupMark.objects.select_for_update().get_or_create(
            key=ACTIVITIES, defaults={"through": EPOCH}
        )
        since = mark.through
        completed = AuditEvent.objects.filter(
            verb="activity.completed", at__gt=since, at__lte=upto
        ).values_list("object_id", flat=True)
        done = Activity.objects.filter(status=ActivityStatus.DONE).filter(
            Q(created_at__gt=since, created_at__lte=upto) | Q(id__in=list(completed))
        )
        zone = rollup_zone()
        days = {
            (org_id, starts_at.astimezone(zone).date())
            for org_id, starts_at in done.values_list("organisation_id", "starts_at")
        }
        count_days(days)
        mark.through = upto
        mark.save(update_fields=["through"])
    return len(days)


def rebuild_activity_days(now: datetime | None = None) -> None:
    """Count every day again and move the mark to now. For rows written around the
    services with past creation times (a bulk load of synthetic or imported data), which the
    job, reading only what was created since its mark, would not see."""
    upto = (now or timezone.now()) - LAG
    with transaction.atomic():
        mark, _new = RollupMark.objects.select_for_update().get_or_create(
            key=ACTIVITIES, defaults={"through": upto}
        )
        count_days(None)
        mark.through = upto
        mark.save(update_fields=["through"])


def count_days(days: set[tuple[Any, date]] | None) -> None:
    """Replace the ActivityDay rows of the given (organisation, day) pairs, or of every day
    when None, by counts of the activities done on them."""
    zone = rollup_zone()
    done = Activity.objects.filter(status=ActivityStatus.DONE)
    stale = ActivityDay.objects.all()
    if days is not None:
        if not days:
            return
        # One range per organisation, then only the days asked for are kept.
        spans: dict[Any, tuple[date, date]] = {}
        for org_id, day in days:
            low, high = spans.get(org_id, (day, day))
            spans[org_id] = (min(low, day), max(high, day))
        within = Q()
        for org_id, (low, high) in spans.items():
            within |= Q(
                organisation_id=org_id,
                starts_at__gte=datetime.combine(low, time.min, tzinfo=zone),
                starts_at__lt=datetime.combine(high + timedelta(days=1), time.min, tzinfo=zone),
            )
        done = done.filter(within)
        stale = stale.filter(
            organisation_id__in=spans.keys(), day__gte=min(s[0] for s in spans.values()),
            day__lte=max(s[1] for s in spans.values()),
        )  # fmt: skip
    counts = (
        done.annotate(day=TruncDate("starts_at", tzinfo=zone))
        .values("organisation_id", "day", "kind")
        .annotate(n=Count("*"))
        .order_by()
    )
    rows = [
        ActivityDay(
            organisation_id=c["organisation_id"], day=c["day"], kind=c["kind"], activities=c["n"]
        )  # fmt: skip
        for c in counts.iterator()
        if days is None or (c["organisation_id"], c["day"]) in days
    ]
    old = stale.values_list("id", "organisation_id", "day")
    ActivityDay.objects.filter(
        pk__in=[pk for pk, org_id, day in old if days is None or (org_id, day) in days]
    ).delete()
    ActivityDay.objects.bulk_create(rows, batch_size=BATCH)


def days_cover(since: datetime, until: datetime, marks: dict[str, datetime] | None = None) -> bool:
    """Whether the day rollups answer for [since, until): whole days of their time zone,
    read by the job up to the end of the period (or a few minutes ago)."""
    zone = rollup_zone()
    for moment in (since, until):
        local = moment.astimezone(zone)
        if local.time() != time.min:
            return False
    through = (marks if marks is not None else read_marks()).get(ACTIVITIES)
    return through is not None and through >= min(until, timezone.now()) - LAG * 5
