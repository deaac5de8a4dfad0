"""Launching campaigns, the follow-up list with one-click cases, small-cell suppression,
results over time with the reliable change index, and the home tiles."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from rangkul.activities.models import Group
from rangkul.cases.models import Case
from rangkul.people.tests.factories import PersonFactory
from rangkul.screenings import aggregates, queries, services
from rangkul.screenings.engine import get_instrument
from rangkul.screenings.tests.factories import (
    add_students,
    assignment_of,
    complete_answers,
    enable,
    launch,
)


def submit(campaign, user, answers):
    return services.submit_answers(
        by=user, assignment=assignment_of(campaign, user), answers=answers, lang="id"
    )


def test_a_class_campaign_asks_the_students_with_accounts(school):
    PersonFactory(organisation=school.org, cohort=school.cohort)  # no login
    campaign = launch(school, "gad7")
    people = set(campaign.assignments.values_list("person__user", flat=True))
    assert people == {school.siswa.pk, school.sebaya.pk}
    assert campaign.follow_up_band == "moderate"


def test_a_group_or_a_case_campaign(school):
    group = Group.objects.create(organisation=school.org, name="Kelompok", kind="counseling")
    group.members.add(school.siswa_person)
    assert launch(school, "gad7", group=group).assignments.count() == 1
    case = Case.objects.create(
        organisation=school.org,
        person=school.siswa_person,
        tier="counseling",
        domain="personal",
        lead=school.konselor,
    )
    with pytest.raises(ValidationError):
        launch(school, "gad7", case=case)
    before = launch(school, "gad7", case=case, case_phase="before")
    assert before.target == "case" and before.assignments.get().person == school.siswa_person


def test_bad_launches_change_nothing(school, other_school):
    enable(school, "gad7")
    today = school.org.today()
    cases = [
        ({"opens_on": today, "closes_on": today - timedelta(days=1)}, "Tanggal tutup"),
        ({"cohort": other_school.cohort}, "lembaga lain"),
        ({"cohort": school.cohort, "people": [school.siswa_person]}, "Pilih tepat satu"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError) as exc:
            launch(school, "gad7", **kwargs)
        assert message in " ".join(exc.value.messages)
    with pytest.raises(PermissionDenied):
        launch(school, "gad7", by=school.kepsek)
    assert not school.org.screening_campaigns.exists()


def test_the_follow_up_list_and_the_one_click_case(school):
    others = add_students(school, 2)
    campaign = launch(school, "phqa")
    submit(campaign, school.siswa, complete_answers("phqa", 2, q9=0, s3=0, s4=0))  # 16
    submit(campaign, school.sebaya, complete_answers("phqa", 0))  # minimal
    submit(campaign, others[0].user, complete_answers("phqa", 0, s4=1))  # critical only
    rows = queries.follow_up(school.konselor, campaign, "moderate", "id")
    assert {r.person for r in rows} == {school.siswa_person, others[0]}
    assert queries.follow_up(school.konselor, campaign, "severe", "id")[0].person == others[0]

    case = services.open_case_from_follow_up(
        by=school.konselor, campaign=campaign, person_id=school.siswa_person.pk
    )
    assert case.person == school.siswa_person and case.tier == "counseling"
    assert {r.person for r in queries.follow_up(school.konselor, campaign, "moderate", "id")} == {
        others[0]
    }
    with pytest.raises(ValidationError):
        services.open_case_from_follow_up(
            by=school.konselor, campaign=campaign, person_id=school.siswa_person.pk
        )


def test_the_home_tile_counts_every_campaigns_follow_up_in_one_query(school):
    others = add_students(school, 2)
    phqa = launch(school, "phqa")
    gad7 = launch(school, "gad7")
    submit(phqa, school.siswa, complete_answers("phqa", 2, q9=0, s3=0, s4=0))  # 16
    submit(phqa, school.sebaya, complete_answers("phqa", 0))  # minimal
    submit(phqa, others[0].user, complete_answers("phqa", 0, s4=1))  # critical only
    submit(gad7, others[1].user, complete_answers("gad7", 3))  # severe
    campaigns = [phqa, gad7]
    with CaptureQueriesContext(connection) as two:
        counts = queries.follow_up_counts(school.konselor, campaigns)
    assert counts == {
        c.pk: len(queries.follow_up(school.konselor, c, c.follow_up_band, "id")) for c in campaigns
    }
    assert counts == {phqa.pk: 2, gad7.pk: 1}
    with CaptureQueriesContext(connection) as one:
        queries.follow_up_counts(school.konselor, [phqa])
    assert len(two) == len(one)
    # A person with an open case drops out of the count, as from the list.
    services.open_case_from_follow_up(
        by=school.konselor, campaign=phqa, person_id=school.siswa_person.pk
    )
    assert queries.follow_up_counts(school.konselor, campaigns)[phqa.pk] == 1


def test_the_open_case_button(school, client: Client):
    campaign = launch(school, "phqa")
    submit(campaign, school.siswa, complete_answers("phqa", 3, q9=0, s3=0, s4=0))
    client.force_login(school.konselor)
    page = client.post(
        f"/screenings/campaigns/{campaign.pk}/follow-up/{school.siswa_person.pk}/case/"
    )
    case = Case.objects.get(person=school.siswa_person)
    assert page.status_code == 302 and page["Location"].endswith(f"/cases/{case.pk}/")


def test_the_principal_sees_small_cells_hidden(school, client: Client):
    others = add_students(school, 6)
    campaign = launch(school, "phqa")
    for person in others:
        submit(campaign, person.user, complete_answers("phqa", 0))  # 6 minimal
    submit(
        campaign, school.siswa, complete_answers("phqa", 2, q9=0, s3=0, s4=0)
    )  # 1 moderately severe
    full = queries.band_distribution(school.konselor, campaign, "id")
    hidden = queries.band_distribution(school.kepsek, campaign, "id")
    assert [r.count for r in full.rows] == [6, 0, 0, 1, 0]
    # One hidden cell could be worked out from the total: the next smallest goes too.
    assert [r.count for r in hidden.rows] == [None, 0, 0, None, 0]
    assert hidden.suppressed and hidden.total == 7
    client.force_login(school.kepsek)
    html = client.get("/screenings/").content.decode()
    assert "&lt; 5" in html and school.siswa_person.full_name not in html


def test_suppression_rules():
    phqa = get_instrument("phqa")
    scheme = aggregates.scheme_of(phqa)
    tiny = aggregates.distribution(phqa, scheme, {"minimal": 3}, 0, "id", suppress=True)
    assert tiny.total is None and all(r.count is None for r in tiny.rows)
    big = aggregates.distribution(
        phqa, scheme, {"minimal": 10, "mild": 6, "severe": 2, "moderate": 3}, 2, "id", suppress=True
    )
    assert [r.count for r in big.rows] == [10, 6, None, 0, None] and big.critical is None
    assert (
        aggregates.severity_order(
            get_instrument("who5"), aggregates.scheme_of(get_instrument("who5"))
        )[0]
        == "adequate_wellbeing"
    )


def test_results_over_time_with_reliable_change(school, client: Client):
    enable(school, "gad7", "phqa")
    first = launch(school, "gad7")
    submit(first, school.siswa, complete_answers("gad7", 3))  # 21
    second = launch(school, "gad7")
    submit(second, school.siswa, complete_answers("gad7", 1))  # 7
    phqa = launch(school, "phqa")
    submit(phqa, school.siswa, complete_answers("phqa", 1, q9=0, s3=0, s4=0))
    submit(launch(school, "phqa"), school.siswa, complete_answers("phqa", 0))
    client.force_login(school.konselor)
    page = client.get(f"/screenings/people/{school.siswa_person.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and '<svg class="trend"' in html
    assert '<polyline points="8.0,' in html
    gad = html.split('data-testid="rci-gad7"')[1].split("</p>")[0]
    assert "membaik" in gad
    phq = html.split('data-testid="rci-phqa"')[1].split("</p>")[0]
    assert "tidak tersedia" in phq


def test_home_tiles(school, client: Client):
    campaign = launch(school, "phqa")
    submit(campaign, school.sebaya, complete_answers("phqa", 3, q9=0, s3=0, s4=0))
    client.force_login(school.siswa)
    assert 'data-tile="screenings_pending"' in client.get("/").content.decode()
    client.force_login(school.konselor)
    html = client.get("/").content.decode()
    assert 'data-tile="screenings_campaigns"' in html and campaign.title in html
    client.force_login(school.kepsek)
    assert 'data-tile="screenings_aggregate"' in client.get("/").content.decode()
