"""Permission matrix for instruments, campaigns, assignments and responses.

Every persona × every action, across two schools, a district office and a community
organisation. The predicate, the scoped queryset, the HTML page and the API agree; what a
persona may not see is a 404. A peer supporter never sees a screening result, not even of
a person whose case they work; a principal sees only the distribution.
"""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.cases.models import Case
from rangkul.screenings import permissions, queries, services
from rangkul.screenings.tests.factories import assignment_of, complete_answers

# Shipped instruments, their wording and stateless scoring: every member.
INSTRUMENT_USE = set(PERSONAS)
# Switch instruments on and off, band schemes, own questionnaires (school 1).
INSTRUMENT_CONFIGURE = {"koordinator"}
# Replace the wording with the organisation's validated one (school 1).
INSTRUMENT_WORDING = {"admin"}
# Launch campaigns in school 1.
CAMPAIGN_CREATE = {"konselor", "koordinator"}
# A school 1 class campaign in full: who was asked, follow-up, individual results.
CAMPAIGN_FULL = {"konselor", "koordinator"}
# The same campaign's band distribution without names.
CAMPAIGN_AGGREGATE = {"konselor", "koordinator", "kepsek", "analis"}
# One student's submitted response.
RESPONSE_VIEW = {"siswa", "konselor", "koordinator"}
# Scores, bands, the FHIR export and a person's results over time.
RESPONSE_SCORES = {"konselor", "koordinator"}
# Fill in the student's assignment.
ASSIGNMENT_ANSWER = {"siswa"}


@pytest.fixture
def submitted(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    return services.submit_answers(
        by=school.siswa,
        assignment=assignment,
        answers=complete_answers("phqa", 1, q9=0, s3=0, s4=0),
        lang="id",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_instrument_matrix(persona, personas, school, client: Client):
    user = personas[persona]
    assert permissions.can_use_instruments(user) is (persona in INSTRUMENT_USE)
    assert permissions.can_configure_instruments(user, school.org.id) is (
        persona in INSTRUMENT_CONFIGURE
    )
    assert permissions.can_override_wording(user, school.org.id) is (persona in INSTRUMENT_WORDING)
    client.force_login(user)
    assert client.get("/api/v1/instruments/gad7").status_code == 200
    scored = client.post(
        "/api/v1/instruments/gad2/score",
        {"answers": {"q1": 1, "q2": 2}},
        content_type="application/json",
    )
    assert scored.status_code == 200
    configure = client.post("/screenings/instruments/phqa/configure/", {"enabled": "on"})
    assert configure.status_code == (302 if persona in INSTRUMENT_CONFIGURE else 404)
    wording = client.get("/screenings/instruments/phqa/wording/")
    assert wording.status_code == (200 if persona in INSTRUMENT_WORDING else 404)
    settings_page = client.get("/screenings/instruments/")
    allowed = persona in INSTRUMENT_CONFIGURE | INSTRUMENT_WORDING
    assert settings_page.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_campaign_matrix(persona, personas, school, campaign, submitted, client: Client):
    user = personas[persona]
    full = persona in CAMPAIGN_FULL
    aggregate = persona in CAMPAIGN_AGGREGATE
    assert permissions.can_create_campaign(user, school.org.id) is (persona in CAMPAIGN_CREATE)
    assert permissions.can_view_campaign(user, campaign) is full
    assert permissions.can_view_campaign_aggregate(user, campaign) is aggregate
    assert queries.visible_campaigns(user).filter(pk=campaign.pk).exists() is full
    assert queries.aggregate_campaigns(user).filter(pk=campaign.pk).exists() is aggregate

    client.force_login(user)
    page = client.get(f"/screenings/campaigns/{campaign.pk}/")
    assert page.status_code == (200 if aggregate else 404)
    if aggregate:
        # Names only for those who see every result.
        assert (school.siswa_person.full_name in page.content.decode()) is full
    assert client.get(f"/api/v1/campaigns/{campaign.pk}").status_code == (200 if aggregate else 404)
    listed = {c["id"] for c in client.get("/api/v1/campaigns?limit=100").json()["items"]}
    assert (str(campaign.pk) in listed) is aggregate
    follow = client.get(f"/api/v1/campaigns/{campaign.pk}/follow-up")
    assert follow.status_code == (200 if full else 404)
    close = client.post(f"/screenings/campaigns/{campaign.pk}/close/")
    assert close.status_code == (302 if full else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_response_matrix(persona, personas, school, submitted, client: Client):
    user = personas[persona]
    allowed = persona in RESPONSE_VIEW
    scores = persona in RESPONSE_SCORES
    assert permissions.can_view_response(user, submitted) is allowed
    assert permissions.can_view_scores(user, submitted) is scores
    assert queries.visible_responses(user).filter(pk=submitted.pk).exists() is allowed

    client.force_login(user)
    assert client.get(f"/screenings/responses/{submitted.pk}/").status_code == (
        200 if allowed else 404
    )
    api = client.get(f"/api/v1/responses/{submitted.pk}")
    assert api.status_code == (200 if allowed else 404)
    if allowed:
        assert (api.json()["score"] is not None) is scores
    listed = {r["id"] for r in client.get("/api/v1/responses?limit=100").json()["items"]}
    assert (str(submitted.pk) in listed) is allowed
    assert client.get(f"/api/v1/responses/{submitted.pk}/fhir").status_code == (
        200 if scores else 404
    )
    assert client.get(f"/screenings/responses/{submitted.pk}/fhir.json").status_code == (
        200 if scores else 404
    )
    assert client.get(f"/screenings/people/{school.siswa_person.pk}/").status_code == (
        200 if scores else 404
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_assignment_matrix(persona, personas, school, campaign, client: Client):
    user = personas[persona]
    assignment = assignment_of(campaign, school.siswa)
    allowed = persona in ASSIGNMENT_ANSWER
    client.force_login(user)
    assert client.get(f"/screenings/a/{assignment.pk}/").status_code == (200 if allowed else 404)
    saved = client.post(
        f"/api/v1/assignments/{assignment.pk}/answers",
        {"answers": {"q1": 1}},
        content_type="application/json",
    )
    assert saved.status_code == (200 if allowed else 404)


def test_a_peer_supporter_on_the_case_still_sees_no_result(school, submitted, client: Client):
    Case.objects.create(
        organisation=school.org,
        person=school.siswa_person,
        tier="peer",
        domain="personal",
        lead=school.sebaya,
    )
    assert not permissions.can_view_response(school.sebaya, submitted)
    client.force_login(school.sebaya)
    assert client.get(f"/screenings/responses/{submitted.pk}/").status_code == 404
    assert client.get(f"/screenings/people/{school.siswa_person.pk}/").status_code == 404


def test_individual_campaigns_have_no_aggregate_for_the_principal(school, client: Client):
    from rangkul.screenings.tests.factories import launch

    single = launch(school, "gad7", people=[school.siswa_person])
    client.force_login(school.kepsek)
    assert client.get(f"/screenings/campaigns/{single.pk}/").status_code == 404
    assert not queries.aggregate_campaigns(school.kepsek).filter(pk=single.pk).exists()
