"""Permission matrix for support requests, cases, message threads, notes and alerts.

Every persona × every object type × every action, across two schools and a community
organisation; what a persona may not see is a 404 in HTML and in the API.
"""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.cases import permissions, queries, services
from rangkul.cases.models import SupportRequest
from rangkul.cases.tests.conftest import ask
from rangkul.safety import permissions as safety_permissions
from rangkul.safety import queries as safety_queries
from rangkul.safety.models import Alert

# A triaged request of school 1 (full text).
REQUEST_VIEW = {"siswa", "konselor", "koordinator"}
# School 1's counseling case, led by its counselor.
CASE_VIEW = {"siswa", "konselor", "koordinator"}
CASE_MANAGE = {"konselor", "koordinator"}
MESSAGES_READ = {"siswa", "konselor", "koordinator"}
MESSAGES_SEND = {"siswa", "konselor"}
NOTE_EXISTS = {"konselor", "koordinator"}
# Only the author (konselor) reads a restricted note; the coordinator breaks the glass.
RESTRICTED_NOTE_READ: set[str] = set()
ALERT_VIEW = {"konselor", "koordinator"}
# The peer case of school 1 (the peer supporter leads it).
PEER_CASE_VIEW = {"siswa", "sebaya", "koordinator"}


@pytest.fixture
def world(school, peer_ready, counseling_case):
    triaged = ask(school, helper_choice="counselor", text="Aku takut ujian")
    peer_request = ask(school, text="Aku bingung soal tugas kelompok")
    peer_case = services.accept_offer(by=school.sebaya, support_request=peer_request)
    message = services.send_message(by=school.siswa, case=counseling_case, text="Halo bu")
    note = services.add_note(by=school.konselor, case=counseling_case, text="Catatan")
    restricted = services.add_note(
        by=school.konselor, case=counseling_case, text="Rahasia", confidentiality="restricted"
    )
    alert = Alert.objects.create(
        organisation=school.org, person=school.siswa_person, severity="urgent", source="staff"
    )
    return {
        "request": triaged,
        "case": counseling_case,
        "peer_case": peer_case,
        "message": message,
        "note": note,
        "restricted": restricted,
        "alert": alert,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_request_matrix(persona, personas, world, client: Client):
    user = personas[persona]
    request: SupportRequest = world["request"]
    allowed = persona in REQUEST_VIEW
    assert permissions.can_view_request(user, request) is allowed
    assert queries.visible_requests(user).filter(pk=request.pk).exists() is allowed
    client.force_login(user)
    assert client.get(f"/api/v1/requests/{request.pk}").status_code == (200 if allowed else 404)
    staff = persona in {"konselor", "koordinator"}
    assert client.get(f"/triage/{request.pk}/").status_code == (200 if staff else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_case_matrix(persona, personas, world, client: Client):
    user = personas[persona]
    case = world["case"]
    allowed = persona in CASE_VIEW
    assert permissions.can_view_case(user, case) is allowed
    assert queries.visible_cases(user).filter(pk=case.pk).exists() is allowed
    assert permissions.can_manage_case(user, case) is (persona in CASE_MANAGE)
    client.force_login(user)
    assert client.get(f"/cases/{case.pk}/").status_code == (200 if allowed else 404)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == (200 if allowed else 404)
    escalate = client.post(
        f"/api/v1/cases/{case.pk}/escalate",
        {"to_tier": "specialist", "reason": "perlu psikolog"},
        content_type="application/json",
    )
    expected = 200 if persona in CASE_MANAGE else (403 if allowed else 404)
    assert escalate.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_peer_case_matrix(persona, personas, world):
    user = personas[persona]
    assert permissions.can_view_case(user, world["peer_case"]) is (persona in PEER_CASE_VIEW)


@pytest.mark.parametrize("persona", PERSONAS)
def test_message_thread_matrix(persona, personas, world, client: Client):
    user = personas[persona]
    case, message = world["case"], world["message"]
    assert permissions.can_read_messages(user, case) is (persona in MESSAGES_READ)
    assert permissions.can_read_message(user, message) is (persona in MESSAGES_READ)
    assert permissions.can_send_message(user, case) is (persona in MESSAGES_SEND)
    client.force_login(user)
    status = client.get(f"/api/v1/cases/{case.pk}/messages").status_code
    assert status == (200 if persona in MESSAGES_READ else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_note_matrix(persona, personas, world):
    user = personas[persona]
    assert permissions.can_see_note_exists(user, world["note"]) is (persona in NOTE_EXISTS)
    assert permissions.can_read_note(user, world["note"]) is (persona in NOTE_EXISTS)
    assert permissions.can_read_note(user, world["restricted"]) is (
        persona in RESTRICTED_NOTE_READ | {"konselor"}  # konselor is the author
    )
    visible = queries.notes_of(user, world["case"]).filter(pk=world["note"].pk).exists()
    assert visible is (persona in NOTE_EXISTS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_alert_matrix(persona, personas, world, client: Client):
    user = personas[persona]
    alert = world["alert"]
    allowed = persona in ALERT_VIEW
    assert safety_permissions.can_view_alert(user, alert) is allowed
    assert safety_queries.visible_alerts(user).filter(pk=alert.pk).exists() is allowed
    client.force_login(user)
    assert client.get(f"/safety/alerts/{alert.pk}/").status_code == (200 if allowed else 404)
    assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == (200 if allowed else 404)
    ack = client.post(f"/api/v1/alerts/{alert.pk}/acknowledge")
    assert ack.status_code == (200 if allowed else 404)


def test_every_view_of_a_case_thread_or_alert_is_audited(world, school, client: Client):
    from rangkul.audit.models import AuditEvent

    client.force_login(school.konselor)
    client.get(f"/cases/{world['case'].pk}/")
    client.get(f"/api/v1/cases/{world['case'].pk}/messages")
    client.get(f"/safety/alerts/{world['alert'].pk}/")
    verbs = set(AuditEvent.objects.filter(actor=school.konselor).values_list("verb", flat=True))
    assert {"case.viewed", "messages.viewed", "note.viewed", "alert.viewed"} <= verbs
