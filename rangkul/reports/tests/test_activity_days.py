"""The day rollup of activities done, and the district page reading the cases once."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rangkul.activities.models import Activity, ActivityStatus, Kind
from rangkul.activities.services.activities import complete_activity
from rangkul.activities.tests.factories import ActivityFactory
from rangkul.reports import effectiveness as eff
from rangkul.reports import rollups
from rangkul.reports.filters import Filters, default_filters
from rangkul.reports.models import ActivityDay
from rangkul.reports.permissions import report_scope
from rangkul.reports.tables import Report, organisations_table, programmes_table
from rangkul.reports.tests.factories import cases, close, people

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def _activity(school, kind, at, status=ActivityStatus.DONE):
    return ActivityFactory(
        organisation=school.org, facilitator=school.konselor, kind=kind, starts_at=at,
        status=status,
    )  # fmt: skip


def _fixed_activities(school, other_school):
    """Activities on either side of midnight in Jakarta (17:00 UTC), of several kinds and
    statuses, in two schools."""
    midnight = datetime(2026, 11, 10, 17, 0, tzinfo=UTC)
    for minutes in (-1, 0, 1, 60 * 24 - 1, 60 * 24):
        _activity(school, Kind.INDIVIDUAL_COUNSELING, midnight + timedelta(minutes=minutes))
    _activity(school, Kind.PEER_MEETING, midnight - timedelta(days=3))
    _activity(school, Kind.HOME_VISIT, midnight - timedelta(days=40))
    _activity(school, Kind.PEER_MEETING, midnight, status=ActivityStatus.CANCELLED)
    _activity(other_school, Kind.CLASSROOM_GUIDANCE, midnight + timedelta(hours=2))
    _activity(other_school, Kind.CLASSROOM_GUIDANCE, midnight + timedelta(days=2))


def _periods():
    semester = default_filters()
    return [
        semester,
        Filters(since=semester.since, until=semester.since + timedelta(days=300)),
        Filters(since=datetime(2026, 11, 11).date(), until=datetime(2026, 11, 11).date()),
        Filters(since=datetime(2026, 11, 8).date(), until=datetime(2026, 11, 12).date()),
        Filters(since=datetime(2026, 1, 1).date(), until=datetime(2026, 11, 10).date()),
    ]


def test_the_day_rollup_counts_what_the_activities_count_for_any_period(school, other_school):
    _fixed_activities(school, other_school)
    assert rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5)) == 7
    ids = [school.org.id, other_school.org.id]
    for f in _periods():
        raw = sorted(map(str, eff.activities_from_rows(ids, f.start, f.end)))
        rolled = sorted(map(str, eff.activities_from_days(ids, f.start, f.end)))
        assert raw == rolled, f
    # The day after Jakarta's midnight holds the three activities from midnight on.
    day = ActivityDay.objects.get(organisation=school.org, day=datetime(2026, 11, 11).date())
    assert day.activities == 3
    one_day = Filters(since=day.day, until=day.day)
    assert eff.activities_from_days([school.org.id], one_day.start, one_day.end) == [
        (school.org.id, Kind.INDIVIDUAL_COUNSELING, 3)
    ]


def test_the_migration_and_a_rebuild_give_the_same_rows_as_the_job(school, other_school):
    _fixed_activities(school, other_school)
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    fields = ("organisation_id", "day", "kind", "activities")
    by_job = sorted(ActivityDay.objects.values_list(*fields))
    ActivityDay.objects.all().delete()
    rollups.rebuild_activity_days()
    rebuilt = sorted(ActivityDay.objects.values_list(*fields))
    assert rebuilt == by_job and len(by_job) == 7


def test_a_completed_activity_is_counted_on_the_next_run_and_nothing_is_counted_twice(
    school, time_machine
):
    planned = _activity(
        school, Kind.INDIVIDUAL_COUNSELING, timezone.now() - timedelta(days=2),
        status=ActivityStatus.SCHEDULED,
    )  # fmt: skip
    _activity(school, Kind.INDIVIDUAL_COUNSELING, timezone.now() - timedelta(days=2))
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    f = default_filters()
    report = Report(report_scope(school.kepsek, school.org), f)
    assert {p.tier: p.activities for p in report.programmes}["counseling"] == 1
    time_machine.shift(timedelta(hours=1))
    complete_activity(by=school.konselor, activity=planned)
    assert rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5)) == 1
    assert rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5)) == 0
    report = Report(report_scope(school.kepsek, school.org), f)
    with CaptureQueriesContext(connection) as ctx:
        counseling = {p.tier: p.activities for p in report.programmes}["counseling"]
    assert counseling == 2
    assert any("reports_activityday" in q["sql"] for q in ctx.captured_queries)
    assert not any("activities_activity" in q["sql"] for q in ctx.captured_queries)


def test_a_page_reads_the_activities_where_the_rollup_does_not_answer(school, time_machine):
    _activity(school, Kind.INDIVIDUAL_COUNSELING, timezone.now() - timedelta(days=2))
    f = default_filters()
    # The job has not read up to the end of the period.
    assert not rollups.days_cover(f.start, f.end)
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    assert rollups.days_cover(f.start, f.end)
    # Days of another time zone are not the rollup's days.
    with timezone.override(ZoneInfo("Asia/Jayapura")):
        local = Filters(since=f.since, until=f.until)
        assert not rollups.days_cover(local.start, local.end)
        assert eff.activities_done([school.org.id], local.start, local.end) == [
            (school.org.id, Kind.INDIVIDUAL_COUNSELING, 1)
        ]
    # A new activity shows once the job has run again.
    time_machine.shift(timedelta(hours=1))
    _activity(school, Kind.INDIVIDUAL_COUNSELING, timezone.now() - timedelta(hours=1))
    assert not rollups.days_cover(f.start, default_filters().end)
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    now = default_filters()
    assert eff.activities_done([school.org.id], now.start, now.end) == [
        (school.org.id, Kind.INDIVIDUAL_COUNSELING, 2)
    ]


def test_the_district_figures_added_up_from_each_school_agree_with_all_together(
    authority, school, other_school, analis
):
    # One person with cases at both schools is one person reached in the district.
    both = people(school.org, 1)[0]
    cases(school.org, [both, *people(school.org, 5)], "counseling")
    cases(other_school.org, [both, *people(other_school.org, 6)], "counseling")
    close(cases(other_school.org, people(other_school.org, 2), "peer")[0], "improved")
    _activity(school, Kind.PEER_MEETING, timezone.now() - timedelta(days=1))
    _activity(other_school, Kind.INDIVIDUAL_COUNSELING, timezone.now() - timedelta(days=1))
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    f = default_filters()
    scope = report_scope(analis, authority)
    for tier in ("", "counseling"):
        filters = Filters(since=f.since, until=f.until, tier=tier)
        report = Report(scope, filters)
        organisations_table(report)
        added = report.programmes
        alone = eff.programmes(scope.org_ids, filters.start, filters.end, tier or None)
        assert [vars(p) for p in added] == [vars(p) for p in alone]
    counseling = {p.tier: p for p in added}["counseling"]
    assert counseling.people == 12 and counseling.opened == 13
    # The district page reads the cases grouped by organisation once, not again for all.
    report = Report(scope, f)
    with CaptureQueriesContext(connection) as ctx:
        organisations_table(report)
        programmes_table(report)
    sql = [q["sql"] for q in ctx.captured_queries]
    counts = [q for q in sql if "cases_case" in q and "COUNT(*)" in q]
    assert len(counts) == 3  # opened, closed and tier changes: each once


def test_a_bulk_load_with_past_creation_times_needs_the_rebuild(school):
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    loaded = _activity(school, Kind.INDIVIDUAL_COUNSELING, timezone.now() - timedelta(days=3))
    Activity.objects.filter(pk=loaded.pk).update(created_at=timezone.now() - timedelta(days=3))
    f = default_filters()
    rollups.refresh_activity_days(timezone.now() + timedelta(minutes=5))
    assert eff.activities_from_days([school.org.id], f.start, f.end) == []
    call_command("refresh_rollups", "--rebuild", stdout=StringIO())
    assert eff.activities_from_days([school.org.id], f.start, f.end) == [
        (school.org.id, Kind.INDIVIDUAL_COUNSELING, 1)
    ]
