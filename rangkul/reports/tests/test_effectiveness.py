"""The programme and outcome figures from real cases, tier changes and screenings."""

import pytest

from rangkul.reports import effectiveness as eff
from rangkul.reports.filters import default_filters
from rangkul.reports.permissions import report_scope
from rangkul.reports.tables import Report, closed_table, outcomes_table, programmes_table
from rangkul.reports.tests.factories import cases, close, people, scores, tier_change
from rangkul.screenings.tests.factories import launch

pytestmark = pytest.mark.django_db


def _report(school):
    return Report(report_scope(school.koordinator, school.org), default_filters())


def test_programmes_count_people_cases_outcomes_and_tier_changes(school):
    peer_cases = cases(school.org, people(school.org, 6), "peer")
    counseling = cases(school.org, people(school.org, 7), "counseling")
    for case in counseling[:5]:
        close(case, "improved")
    close(counseling[5], "unchanged")
    tier_change(peer_cases[0], "handover", "counseling", school.konselor)
    tier_change(peer_cases[1], "escalate", "counseling", school.konselor)
    tier_change(counseling[6], "step_down", "peer", school.konselor)
    rows = {p.tier: p for p in _report(school).programmes}
    assert rows["peer"].people == 6 and rows["peer"].escalated == 2
    assert rows["counseling"].people == 7 and rows["counseling"].stepped_down == 1
    assert rows["counseling"].closed == {"improved": 5, "unchanged": 1}

    # Columns: people, opened, escalations, step-downs, activities, median hours. The 2
    # escalations of peer support hide the row's next smallest (6 people), which leaves one
    # hidden cell in the people column: the counseling 7 goes too.
    peer, counseling, *_rest, total = programmes_table(_report(school)).rows
    assert peer[1:6] == ["*", 6, "<5", 0, 0]
    assert counseling[1:6] == ["*", 7, 0, "<5", 0]
    assert total[1:6] == [13, 13, "<5", "<5", 0]
    # 5 improved and 1 unchanged: the 1 hides the 5 (the row's next smallest).
    counseling_closed = closed_table(_report(school)).rows[1]
    assert counseling_closed[1:3] == ["*", "<5"] and counseling_closed[-1] == 6


def test_outcomes_pair_first_and_last_scores_with_reliable_change(school):
    campaign = launch(school, "gad7")
    persons = people(school.org, 12)
    # GAD-7: a fall of 7 is a reliable improvement, a rise of 6 a reliable deterioration.
    for i, person in enumerate(persons):
        if i < 8:
            scores(campaign, person, "gad7", [15, 12, 8])
        elif i < 10:
            scores(campaign, person, "gad7", [6, 12])
        else:
            scores(campaign, person, "gad7", [10, 10])
    scores(campaign, people(school.org, 1)[0], "gad7", [9])  # one response: no pair
    found = eff.pairs([school.org.id], *_period())
    assert len(found) == 12
    [gad] = eff.outcomes(found)
    assert gad.n == 12 and gad.has_reliable_change
    assert (gad.improved, gad.deteriorated) == (8, 2)
    [row] = outcomes_table(_report(school)).rows
    assert row[1] == 12
    assert row[4] == round((8 * -7 + 2 * 6) / 12, 2)
    assert row[7] is not None and row[8] is not None  # 12 >= 10: effect sizes shown
    assert row[9] == round(8 / 12, 3) and row[10] == round(2 / 12, 3)


def test_effect_sizes_need_ten_people_and_means_five(school):
    campaign = launch(school, "gad7")
    for person in people(school.org, 9):
        scores(campaign, person, "gad7", [14, 9])
    [row] = outcomes_table(_report(school)).rows
    assert row[4] == -5 and row[7] is None and row[8] is None
    campaign2 = launch(school, "who5")
    for person in people(school.org, 4):
        scores(campaign2, person, "who5", [40, 60])
    rows = {r[0]: r for r in outcomes_table(_report(school)).rows}
    assert rows["WHO-5"][1] == "<5" and set(rows["WHO-5"][2:]) == {None}


def _period():
    f = default_filters()
    return f.start, f.end


def test_figures_per_organisation_add_up_to_the_figures_of_all(school, other_school):
    cases(school.org, people(school.org, 6), "peer")
    both = cases(other_school.org, people(other_school.org, 7), "counseling")
    close(both[0], "improved")
    ids = [school.org.id, other_school.org.id]
    start, end = _period()
    by_org = eff.programmes_by_org(ids, start, end)
    together = {p.tier: p for p in eff.programmes(ids, start, end)}
    assert {p.tier: p.people for p in by_org[school.org.id]}["peer"] == 6
    assert {p.tier: p.opened for p in by_org[other_school.org.id]}["counseling"] == 7
    assert together["peer"].people == 6 and together["counseling"].opened == 7
    assert together["counseling"].closed == {"improved": 1}
