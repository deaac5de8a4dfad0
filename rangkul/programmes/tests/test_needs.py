"""The needs survey: the AKPD given to classes, results by domain, topic and class."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from rangkul.programmes import needs
from rangkul.programmes.tests.factories import add_class, answer, run_survey
from rangkul.screenings.engine import load_definition
from rangkul.screenings.models import ScreeningCampaign

pytestmark = pytest.mark.django_db


def test_every_akpd_item_carries_a_domain_and_a_topic_and_the_engine_accepts_it():
    instrument = load_definition(needs.definition(), "akpd")
    topics = needs.topics()
    assert [t.item for t in topics] == [item.id for item in instrument.items]
    assert {t.domain for t in topics} == {"personal", "social", "learning", "career"}
    assert needs.topic_of("social_bullying").text("id") == "Perundungan"


def test_the_coordinator_runs_the_survey_as_one_campaign_per_class(school):
    other, _users = add_class(school, "XB", 3)
    survey = run_survey(school, [school.cohort, other])
    campaigns = ScreeningCampaign.objects.filter(pk__in=survey.campaigns.all())
    assert sorted(c.cohort.name for c in campaigns) == ["X-1", "XB"]
    assert {c.instrument_code for c in campaigns} == {"akpd"}
    # A second survey uses the questionnaire already stored.
    run_survey(school, [other])


def test_a_counselor_cannot_start_the_survey(school):
    from rangkul.programmes import services

    with pytest.raises(PermissionDenied):
        services.run_needs_survey(
            by=school.konselor, organisation=school.org, cohorts=[school.cohort],
            opens_on=school.org.today(),
            closes_on=school.org.today(),
        )  # fmt: skip


def test_results_give_the_share_of_each_class_that_marked_each_need(school):
    cohort, users = add_class(school, "XC", 6)
    survey = run_survey(school, [cohort])
    for user in users[:3]:
        answer(survey, user, {"learning_time", "social_bullying"})
    for user in users[3:5]:
        answer(survey, user, {"learning_time"})
    result = needs.results(list(survey.campaigns.all()), exact=True)
    assert result.respondents == 5
    rows = {r.topic.item: r for r in result.rows}
    assert rows["learning_time"].counts == [5] and rows["learning_time"].percents == [100]
    assert rows["social_bullying"].counts == [3] and rows["social_bullying"].percents == [60]
    assert rows["career_jobs"].percents == [0]
    domains = {d.domain: d.cells for d in result.domains}
    assert domains["learning"] == [(5, 100)] and domains["social"] == [(3, 60)]
    assert domains["career"] == [(0, 0)]
    assert [d for d, _rows in result.by_domain()] == ["personal", "social", "learning", "career"]


def test_the_principal_sees_small_counts_suppressed_and_the_counselor_exact(school):
    cohort, users = add_class(school, "XD", 6)
    survey = run_survey(school, [cohort])
    for i, user in enumerate(users):
        # Two small cells in the column: no third cell needs hiding.
        answer(
            survey,
            user,
            {"learning_time"} | ({"social_bullying", "career_jobs"} if i < 2 else set()),
        )
    principal, counselor = Client(), Client()
    principal.force_login(school.kepsek)
    counselor.force_login(school.konselor)
    seen = principal.get(f"/programmes/needs/{survey.pk}/").content.decode()
    assert "&lt;5" in seen and "6 (100%)" in seen and "2 (33%)" not in seen
    exact = counselor.get(f"/programmes/needs/{survey.pk}/").content.decode()
    assert "2 (33%)" in exact
    assert Client().get(f"/programmes/needs/{survey.pk}/").status_code == 302
    walikelas = Client()
    walikelas.force_login(school.walikelas)
    assert walikelas.get(f"/programmes/needs/{survey.pk}/").status_code == 404


def test_viewing_results_is_audited(school):
    from rangkul.audit.models import AuditEvent

    survey = run_survey(school, [school.cohort])
    client = Client()
    client.force_login(school.konselor)
    client.get(f"/programmes/needs/{survey.pk}/")
    assert AuditEvent.objects.filter(verb="programme.needs_results_viewed").exists()
