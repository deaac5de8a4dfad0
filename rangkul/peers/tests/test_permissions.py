"""Permission matrix for the peer programme: profiles with their history, nominations and
selection records. The predicate, the scoped query and the page agree; out of scope is a
404."""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.accounts.tests.factories import member
from rangkul.peers import permissions, queries, services
from rangkul.peers.models import Decision, PeerProfile
from rangkul.peers.tests.factories import matchable_peer

# Who may open school 1's peer supporter's profile and history.
PROFILE_VIEW = {"sebaya", "koordinator", "admin"}
# Who may move that peer through the programme.
PROFILE_STATUS = {"koordinator", "admin"}
# Who may open the programme page of school 1.
PROGRAMME = {"koordinator", "admin"}
# Who may nominate a student of their organisation.
NOMINATE = {"sebaya", "konselor", "koordinator", "walikelas", "outsider"}
# Who sees a homeroom teacher's nomination (its status), and who its selection record.
NOMINATION_VIEW = {"walikelas", "koordinator", "admin"}
SELECTION_VIEW = {"koordinator", "admin"}


@pytest.fixture
def profile(school) -> PeerProfile:
    return matchable_peer(school.org, school.sebaya)


@pytest.mark.parametrize("persona", PERSONAS)
def test_profile_matrix(persona, personas, profile, client: Client):
    user = personas[persona]
    allowed = persona in PROFILE_VIEW
    assert permissions.can_view_profile(user, profile) is allowed
    assert queries.visible_profiles(user).filter(pk=profile.pk).exists() is allowed
    assert permissions.can_change_status(user, profile) is (persona in PROFILE_STATUS)
    client.force_login(user)
    response = client.get(f"/peers/{profile.pk}/")
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert ('data-testid="status-form"' in response.content.decode()) is (
            persona in PROFILE_STATUS
        )


def test_a_peer_never_sees_another_peers_profile(school, profile, client: Client):
    other = member(school.org, "peer_supporter", username="sebaya-lain")
    other_profile = matchable_peer(school.org, other)
    client.force_login(school.sebaya)
    assert client.get(f"/peers/{other_profile.pk}/").status_code == 404
    assert not queries.visible_profiles(school.sebaya).filter(pk=other_profile.pk).exists()


def test_a_peer_cannot_change_their_own_status_even_by_post(school, profile, client: Client):
    client.force_login(school.sebaya)
    client.post(f"/peers/{profile.pk}/", {"action": "status", "to": "paused", "reason": "Ujian"})
    profile.refresh_from_db()
    assert profile.status == "active"


@pytest.mark.parametrize("persona", PERSONAS)
def test_programme_and_nomination_pages_matrix(persona, personas, client: Client):
    user = personas[persona]
    client.force_login(user)
    assert client.get("/peers/").status_code == (200 if persona in PROGRAMME else 404)
    assert client.get("/peers/nominate/").status_code == (200 if persona in NOMINATE else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_nomination_and_selection_matrix(persona, personas, school, client: Client):
    nomination = services.nominate(
        by=school.walikelas, organisation=school.org, nominee=school.siswa, why="Pendengar baik"
    )
    services.decide_selection(
        by=school.koordinator,
        nomination=nomination,
        scores={"empathy": 5, "reliability": 4, "discretion": 5, "motivation": 4},
        decision=Decision.NOT_SELECTED,
    )
    user = personas[persona]
    assert permissions.can_view_nomination(user, nomination) is (persona in NOMINATION_VIEW)
    assert queries.visible_nominations(user).filter(pk=nomination.pk).exists() is (
        persona in NOMINATION_VIEW
    )
    allowed = persona in SELECTION_VIEW
    assert permissions.can_view_selection(user, nomination) is allowed
    assert queries.visible_selections(user).filter(nomination=nomination).exists() is allowed
    client.force_login(user)
    response = client.get(f"/peers/nominations/{nomination.pk}/")
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "18 / 20" in response.content.decode()


# Who sees a debrief prompt of school 1's peer (supervised by the counselor): the
# supervisor and the coordinator; never the peer, another peer or the administrator.
DEBRIEF_VIEW = {"konselor", "koordinator"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_debrief_matrix(persona, personas, school, profile):
    import uuid

    services.set_supervisor(by=school.koordinator, profile=profile, supervisor=school.konselor)
    [prompt] = services.open_debriefs(
        by=None,
        organisation_id=school.org.id,
        case_id=uuid.uuid4(),
        peer_user_ids=[profile.user_id],
    )
    user = personas[persona]
    allowed = persona in DEBRIEF_VIEW
    assert permissions.can_view_debrief(user, prompt) is allowed
    assert queries.open_debriefs_for(user, school.org.id).filter(pk=prompt.pk).exists() is allowed


# Who opens a student's pulse after a peer meeting (only that student), and who answers
# a peer's wellbeing check-in or reads its result (the peer; staff who work cases).
@pytest.mark.parametrize("persona", PERSONAS)
def test_pulse_and_wellbeing_matrix(persona, personas, school, profile):
    from rangkul.activities import permissions as activity_permissions
    from rangkul.activities import queries as activity_queries
    from rangkul.activities.models import ContactPulse
    from rangkul.activities.tests.factories import ActivityFactory, make_peer_case
    from rangkul.screenings import peer_checks
    from rangkul.screenings import permissions as screening_permissions
    from rangkul.screenings import services as screening_services
    from rangkul.screenings.models import PeerCheck

    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    meeting = ActivityFactory(
        organisation=school.org, kind="peer_meeting", facilitator=school.sebaya, case=case
    )
    pulse = ContactPulse.objects.create(
        organisation=school.org, activity=meeting, person=school.siswa_person
    )
    peer_checks.open_wellbeing_checkins()
    check = PeerCheck.objects.get(profile=profile)
    response = screening_services.submit_answers(
        by=school.sebaya,
        assignment=check.assignment,
        answers={"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0, "q6": 0},
        lang="id",
    )
    user = personas[persona]
    is_student = persona == "siswa"
    assert activity_permissions.can_answer_pulse(user, pulse) is is_student
    found = activity_queries.pending_pulses(user, school.org.id).filter(pk=pulse.pk).exists()
    assert found is is_student
    reads = persona in {"sebaya", "konselor", "koordinator"}
    assert screening_permissions.can_view_response(user, response) is reads
    # Peers never see scores or bands, not even of their own check-in.
    assert screening_permissions.can_view_scores(user, response) is (
        persona in {"konselor", "koordinator"}
    )
