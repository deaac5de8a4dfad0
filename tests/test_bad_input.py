"""Boundary and absurd values for each kind of writable field (numbers, text, ids, dates,
times of day), through the API and the pages: a clear error, and nothing saved."""

import json

import pytest
from django.test import Client

from rangkul.activities.models import Activity, TimeSlot
from rangkul.cases.models import Message
from rangkul.cases.services import assign_request, submit_request
from rangkul.safety.models import SafetySettings

BASE = {
    "kind": "classroom_guidance", "starts_at": "2026-11-20T08:00:00", "duration_minutes": 45,
    "topic": "Mengenal diri", "domain": "personal", "component": "basic",
}  # fmt: skip

BAD_ACTIVITY_VALUES = [
    ("duration_minutes", -1),
    ("duration_minutes", 0),
    ("duration_minutes", 10**12),
    ("duration_minutes", "empat puluh"),
    ("duration_minutes", 1e308),
    ("topic", "x" * 10_000),
    ("cohort_id", "bukan-id"),
    ("cohort_id", "00000000-0000-0000-0000-000000000000"),
    ("starts_at", "kemarin"),
    ("starts_at", "2026-02-30T08:00:00"),
    ("starts_at", "9999-12-31T23:59:59"),
    ("domain", "bukan-pilihan"),
]


def api(client: Client, method: str, path: str, body: object):
    return client.generic(method, path, json.dumps(body), content_type="application/json")


@pytest.fixture
def konselor(school):
    client = Client()
    client.force_login(school.konselor)
    return client


@pytest.mark.parametrize(("field", "value"), BAD_ACTIVITY_VALUES)
def test_bad_activity_values_through_the_api(school, konselor, field, value):
    body = {**BASE, "cohort_id": str(school.cohort.pk), field: value}
    answer = api(konselor, "POST", "/api/v1/activities", body)
    assert answer.status_code in (400, 422), answer.content
    assert answer.json()["detail"]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(("field", "value"), BAD_ACTIVITY_VALUES)
def test_bad_activity_values_through_the_page(school, konselor, field, value):
    form = {**BASE, "cohort": str(school.cohort.pk), "mode": "in_person"}
    form["starts_at"] = form["starts_at"][:16]
    form[{"cohort_id": "cohort"}.get(field, field)] = str(value)
    form.pop("kind")
    answer = konselor.post("/activities/new/classroom_guidance/", form)
    assert answer.status_code == 400
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"starts_at": "2026-12-20T08:00:00", "weeks": 10**9},
        {"starts_at": "2026-12-20T08:00:00", "weeks": 0},
        {"starts_at": "2026-12-20T08:00:00", "duration_minutes": -45},
        {"starts_at": "2026-12-20T08:00:00", "mode": "teleportasi"},
        {"starts_at": "2026-12-20T08:00:00", "place": "x" * 5000},
        {"starts_at": None},
    ],
)
def test_bad_slot_values(konselor, body):
    answer = api(konselor, "POST", "/api/v1/slots", body)
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    assert not TimeSlot.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"duty_start": "25:00"},
        {"duty_start": "07:00:00:00"},
        {"duty_end": 700},
        {"ack_minutes_urgent": -5},
        {"ack_minutes_urgent": 10**12},
        {"duty_days": [9]},
        {"out_of_hours_user_id": "bukan-id"},
        {"out_of_hours_phone": "0" * 500},
    ],
)
def test_bad_safety_settings(school, change):
    client = Client()
    client.force_login(school.koordinator)
    answer = api(client, "PUT", "/api/v1/safety/settings", change)
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    assert not SafetySettings.objects.filter(organisation=school.org).exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001, 12345, None])
def test_bad_message_texts(school, text):
    request = submit_request(
        by=school.siswa, organisation=school.org, domain="learning", urgency="low",
        text="Aku bingung tugas", helper_choice="counselor",
    )  # fmt: skip
    case = assign_request(by=school.konselor, support_request=request, to=school.konselor)
    client = Client()
    client.force_login(school.siswa)
    answer = api(client, "POST", f"/api/v1/cases/{case.pk}/messages", {"text": text})
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    if not isinstance(text, int):  # a number is a fine text on a form, only not in JSON
        page = client.post(f"/cases/{case.pk}/messages/", {"text": "" if text is None else text})
        assert page.status_code in (200, 400)
    assert not Message.objects.filter(case=case).exists()


@pytest.mark.parametrize("pk", ["bukan-id", "0" * 400, "00000000-0000-0000-0000-000000000000"])
def test_bad_ids_in_paths_are_not_found(konselor, pk):
    for path in (f"/api/v1/cases/{pk}", f"/api/v1/activities/{pk}", f"/api/v1/alerts/{pk}"):
        answer = konselor.get(path)
        assert answer.status_code in (404, 422) and answer.json()["detail"], path
    for path in (f"/cases/{pk}/", f"/activities/{pk}/", f"/people/{pk}/"):
        assert konselor.get(path).status_code == 404, path
