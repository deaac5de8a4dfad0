"""A peer supporter's own supervision sessions: when, the supervisor and the actions
agreed; never the other peers present or the cases discussed."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PERSONAS
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.activities import permissions, services
from rangkul.activities.tests.factories import make_peer_case
from rangkul.audit.models import AuditEvent
from rangkul.cases import services as case_services
from rangkul.peers.models import DebriefPrompt, case_reference
from rangkul.peers.tests.factories import matchable_peer

URL = "/activities/supervision/mine/"


def _session(school, peers, actions, debriefs=(), days_ago=1):
    return services.record_supervision(
        by=school.konselor,
        organisation=school.org,
        data=services.SupervisionData(
            starts_at=timezone.now() - timedelta(days=days_ago),
            peers=[p.pk for p in peers],
            debriefs=[d.pk for d in debriefs],
            actions=actions,
        ),
    )


@pytest.fixture
def sessions(school):
    """The peer's session with another peer (a debrief of the peer's case discussed), and
    a session of the other peer alone."""
    mine = matchable_peer(school.org, school.sebaya)
    rina = member(school.org, Role.STUDENT, username="rina", first_name="Rina")
    member(school.org, Role.PEER_SUPPORTER, user=rina)
    other = matchable_peer(school.org, rina)
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    case_services.hand_over(by=school.sebaya, case=case, reason="Butuh konselor")
    debrief = DebriefPrompt.objects.get(profile=mine)
    _session(school, [mine, other], "Latihan mendengarkan tanpa menasihati", [debrief])
    _session(school, [other], "Rina mengambil jeda dua minggu", days_ago=3)
    return case


def test_the_peer_reads_their_sessions_with_supervisor_and_actions(school, sessions):
    client = Client()
    client.force_login(school.sebaya)
    page = client.get(URL).content.decode()
    assert "Latihan mendengarkan tanpa menasihati" in page
    assert school.konselor.display_name() in page
    # Not the other peer's session, nor who else was there, nor the case discussed.
    assert "Rina mengambil jeda" not in page and "Rina" not in page
    assert case_reference(sessions.pk) not in page and "Siswa Satu" not in page


def test_a_peer_without_sessions_sees_an_empty_list(school):
    matchable_peer(school.org, school.sebaya)
    client = Client()
    client.force_login(school.sebaya)
    assert "Belum ada sesi supervisi." in client.get(URL).content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_peer_supporter_reaches_the_list(persona, personas, school, sessions):
    user = personas[persona]
    allowed = persona == "sebaya"
    assert permissions.can_see_own_supervision(user, school.org.id) is allowed
    client = Client()
    client.force_login(user)
    assert client.get(URL).status_code == (200 if allowed else 404)


def test_reading_the_list_leaves_one_audit_event_with_the_sessions_shown(school, sessions):
    client = Client()
    client.force_login(school.sebaya)
    client.get(URL)
    events = AuditEvent.objects.filter(verb="supervision.listed_own")
    assert events.count() == 1
    event = events.get()
    assert event.organisation_id == school.org.id and event.data["count"] == 1
