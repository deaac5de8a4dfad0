"""The semester rollup of first and last scores, refreshed incrementally."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rangkul.reports import effectiveness as eff
from rangkul.reports import rollups
from rangkul.reports.filters import default_filters
from rangkul.reports.models import ScoreChange, ScoreSeries
from rangkul.reports.permissions import report_scope
from rangkul.reports.tables import Report, outcomes_table
from rangkul.reports.tests.factories import people, scores
from rangkul.screenings.tests.factories import launch

pytestmark = pytest.mark.django_db


def _key(p):
    return (p.person_id, p.instrument, p.first, p.last, p.reliable)


def test_the_rollup_gives_the_same_pairs_as_the_responses_and_follows_new_ones(
    school, time_machine
):
    campaign = launch(school, "gad7")
    persons = people(school.org, 6)
    for i, person in enumerate(persons):
        scores(campaign, person, "gad7", [15, 10 + i, 8 - i % 3])
    scores(campaign, people(school.org, 1)[0], "gad7", [12])  # one response: no pair
    assert rollups.refresh_score_series(timezone.now() + timedelta(minutes=5)) == 19
    f = default_filters()
    raw = sorted(map(_key, eff.pairs([school.org.id], f.start, f.end)))
    rolled = sorted(map(_key, eff.pairs_from_rollup([school.org.id], f.since)))
    assert raw == rolled and len(rolled) == 6
    # A later response of one person moves only their last score; nothing is read twice.
    time_machine.shift(timedelta(hours=1))
    scores(campaign, persons[0], "gad7", [3], days_ago=0)
    assert rollups.refresh_score_series(timezone.now() + timedelta(minutes=5)) == 1
    series = ScoreSeries.objects.get(person=persons[0])
    assert (series.first_score, series.last_score, series.responses) == (15, 3, 4)
    assert rollups.refresh_score_series(timezone.now() + timedelta(minutes=5)) == 0


def test_a_semester_report_reads_the_rollup_once_it_is_current(school):
    campaign = launch(school, "gad7")
    for person in people(school.org, 5):
        scores(campaign, person, "gad7", [14, 9])
    report = Report(report_scope(school.kepsek, school.org), default_filters())
    with CaptureQueriesContext(connection) as raw:
        rows_raw = outcomes_table(report).rows
    assert not any("reports_scoreseries" in q["sql"] for q in raw.captured_queries)
    rollups.refresh_score_series(timezone.now() + timedelta(minutes=5))
    report = Report(report_scope(school.kepsek, school.org), default_filters())
    with CaptureQueriesContext(connection) as rolled:
        rows_rolled = outcomes_table(report).rows
    read = " ".join(q["sql"] for q in rolled.captured_queries)
    assert "reports_scorechange" in read and "screenings_screeningresponse" not in read
    assert rows_raw == rows_rolled and rows_rolled[0][4] == -5


def test_semesters_run_july_to_december_and_january_to_june():
    from datetime import date

    assert rollups.semester_start(date(2026, 7, 1)) == date(2026, 7, 1)
    assert rollups.semester_start(date(2026, 6, 30)) == date(2026, 1, 1)
    assert rollups.covers(date(2026, 7, 1), date(2026, 12, 31), date(2027, 2, 1))
    assert rollups.covers(date(2026, 7, 1), date(2026, 11, 20), date(2026, 11, 20))
    assert not rollups.covers(date(2026, 7, 2), date(2026, 11, 20), date(2026, 11, 20))
    assert not rollups.covers(date(2026, 7, 1), date(2026, 11, 19), date(2026, 11, 20))


def _cells():
    return sorted(
        ScoreChange.objects.values_list("instrument_code", "first_score", "last_score", "people")
    )


def _cells_from_series():
    found = Counter(
        (s.instrument_code, s.first_score, s.last_score)
        for s in ScoreSeries.objects.filter(responses__gte=2)
    )
    return sorted((*k, n) for k, n in found.items())


def test_the_counts_per_first_and_last_score_follow_each_new_response(school, time_machine):
    campaign = launch(school, "gad7")
    persons = people(school.org, 12)
    for i, person in enumerate(persons):
        scores(campaign, person, "gad7", [15 - i % 4, 9 + i % 3])
    scores(campaign, people(school.org, 1)[0], "gad7", [12])  # one response: not counted
    rollups.refresh_score_series(timezone.now() + timedelta(minutes=5))
    assert _cells() == _cells_from_series() and sum(c[3] for c in _cells()) == 12
    # New last scores move people between cells; a person's second response adds them.
    time_machine.shift(timedelta(hours=1))
    for person in persons[:5]:
        scores(campaign, person, "gad7", [2], days_ago=0)
    lone = ScoreSeries.objects.get(responses=1).person
    scores(campaign, lone, "gad7", [4], days_ago=0)
    rollups.refresh_score_series(timezone.now() + timedelta(minutes=5))
    assert _cells() == _cells_from_series() and sum(c[3] for c in _cells()) == 13
    assert ("gad7", 12.0, 4.0, 1) in _cells()
    assert not ScoreChange.objects.filter(people=0).exists()


def test_the_figures_from_the_counts_equal_the_figures_from_each_person(school):
    campaign = launch(school, "gad7")
    phq = launch(school, "phq9")
    for i, person in enumerate(people(school.org, 23)):
        scores(campaign, person, "gad7", [15 - i % 7, 12 - i % 5, 4 + i % 9])
        if i % 2:
            scores(phq, person, "phq9", [20 - i % 6, 8 + i % 4])
    f = default_filters()
    from_responses = eff.outcomes(eff.pairs([school.org.id], f.start, f.end))
    rollups.refresh_score_series(timezone.now() + timedelta(minutes=5))
    from_counts = eff.outcomes_from_rollup([school.org.id], f.since)

    def shown(found):
        return [
            (o.instrument, o.n, o.improved, o.deteriorated, o.rated, o.has_reliable_change,
             [round(v, 9) for v in vars(o.change).values() if v is not None])
            for o in found
        ]  # fmt: skip

    assert shown(from_counts) == shown(from_responses)
    assert [o.n for o in from_counts] == [23, 11]
    report = Report(report_scope(school.kepsek, school.org), default_filters())
    assert report.rolled_up and outcomes_table(report).rows[0][1] == 23
