"""Permission matrix for the crisis hand-off's new objects: protocol ticks, the friend at
risk, detection marks (and their report), responders' phones, and the safety check API.
Every persona across two schools and a community organisation."""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.safety import permissions, queries
from rangkul.safety.models import (
    Alert,
    DetectionFeedback,
    ProtocolTick,
    ResponderPhone,
    SafetySettings,
)

HANDLE = {"konselor", "koordinator"}  # tick, name the friend, mark a detection
REPORT = {"koordinator", "walikelas"}  # the homeroom teacher is the safeguarding lead here
PHONES_EDIT = {"koordinator", "admin"}
PHONES_VIEW = {"konselor", "koordinator", "admin"}
CHECK_API = {
    "konselor",
    "koordinator",
    "walikelas",
    "kepsek",
    "admin",
    "outsider",
    "analis",
    "relawan",
}


@pytest.fixture
def world(school, other_school):
    SafetySettings.objects.create(organisation=school.org, safeguarding_lead=school.walikelas)
    alert = Alert.objects.create(
        organisation=school.org,
        person=school.siswa_person,
        severity="urgent",
        source="staff",
        evidence={"level": "urgent", "categories": ["friend_at_risk"]},
    )
    mark = DetectionFeedback.objects.create(
        organisation=school.org,
        alert=alert,
        kind="missed",
        detected_level="urgent",
        by=school.konselor,
    )
    phone = ResponderPhone.objects.create(
        organisation=school.org, user=school.konselor, phone="0812 1111 2222"
    )
    return {"alert": alert, "mark": mark, "phone": phone}


@pytest.mark.parametrize("persona", PERSONAS)
def test_protocol_tick_matrix(persona, personas, world, client: Client):
    user, alert = personas[persona], world["alert"]
    allowed = persona in HANDLE
    assert permissions.can_tick_protocol(user, alert) is allowed
    client.force_login(user)
    answer = client.post(f"/safety/alerts/{alert.pk}/protocol/", {"step": "ask"})
    assert answer.status_code == (302 if allowed else 404)
    assert ProtocolTick.objects.filter(alert=alert).exists() is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_friend_matrix(persona, personas, world, school, client: Client):
    user, alert = personas[persona], world["alert"]
    allowed = persona in HANDLE
    assert permissions.can_identify_friend(user, alert) is allowed
    client.force_login(user)
    answer = client.post(f"/safety/alerts/{alert.pk}/friend/", {"note": "kelas X-2"})
    assert answer.status_code == (302 if allowed else 404)
    alert.refresh_from_db()
    assert (alert.friend_note == "kelas X-2") is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_detection_mark_matrix(persona, personas, world, school, client: Client):
    user, alert, mark = personas[persona], world["alert"], world["mark"]
    assert permissions.can_mark_detection(user, school.org.id) is (persona in HANDLE)
    assert permissions.can_view_detection_feedback(user, mark) is (persona in REPORT)
    assert queries.detection_feedback(user, school.org.id).missed == (1 if persona in REPORT else 0)
    client.force_login(user)
    before = DetectionFeedback.objects.count()
    answer = client.post(f"/safety/alerts/{alert.pk}/feedback/", {"kind": "too_high"})
    assert answer.status_code == (302 if persona in HANDLE else 404)
    assert DetectionFeedback.objects.count() == before + (persona in HANDLE)
    report = client.get("/safety/detection-feedback/")
    # The report is of the current organisation: the outsider's own school has none of
    # school 1's marks and they are not its coordinator.
    assert report.status_code == (200 if persona in REPORT else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_responder_phone_matrix(persona, personas, world, school, client: Client):
    user, phone = personas[persona], world["phone"]
    shown = [row.pk for row in queries.responder_phones(user, school.org.id)]
    assert (phone.pk in shown) is (persona in PHONES_VIEW)
    client.force_login(user)
    removed = client.post(f"/safety/settings/phones/{phone.pk}/remove/")
    assert removed.status_code == (302 if persona in PHONES_EDIT else 404)
    assert ResponderPhone.objects.filter(pk=phone.pk).exists() is (persona not in PHONES_EDIT)


@pytest.mark.parametrize("persona", [*PERSONAS, "siswa_only"])
def test_the_safety_check_api_is_for_staff_and_integrations(persona, personas, school, client):
    user = school.siswa if persona == "siswa_only" else personas[persona]
    client.force_login(user)
    answer = client.post(
        "/api/v1/safety/check", {"text": "aku pengen mati"}, content_type="application/json"
    )
    if persona in CHECK_API:
        assert answer.status_code == 200 and answer.json()["level"] == "urgent"
    else:
        assert answer.status_code == 403
        assert "staff" in answer.json()["detail"] or "staf" in answer.json()["detail"]
        assert "matches" not in answer.json()
