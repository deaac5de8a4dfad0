"""The safety API on the same services as the pages."""

from django.test import Client

from conftest import PASSWORD
from rangkul.safety.models import DutyShift, OrganisationPhrase
from rangkul.safety.tests.conftest import local


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_shift_without_a_zone_is_on_the_schools_clock(papua, client: Client):
    client.force_login(papua.koordinator)
    answer = post(
        client,
        "/api/v1/safety/shifts",
        {
            "user_id": str(papua.konselor.public_id),
            "starts_at": "2026-12-01T08:00:00",
            "ends_at": "2026-12-01T14:00:00",
        },
    )
    assert answer.status_code == 201
    assert answer.json()["starts_at"] == "2026-12-01T08:00:00+09:00"
    assert DutyShift.objects.get().starts_at == local(papua.org, "2026-12-01 08:00")


def test_a_shift_for_a_student_is_refused_with_a_message(school, client: Client):
    client.force_login(school.koordinator)
    answer = client.post(
        "/api/v1/safety/shifts",
        {
            "user_id": str(school.siswa.public_id),
            "starts_at": "2026-12-01T07:00:00+07:00",
            "ends_at": "2026-12-01T15:00:00+07:00",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] == (
        "Hanya konselor atau koordinator lembaga ini yang dapat bertugas piket."
    )
    assert not DutyShift.objects.exists()


def test_gaps_and_the_response_promise(school, clock, client: Client):
    client.force_login(school.koordinator)
    post(
        client,
        "/api/v1/safety/shifts",
        {
            "user_id": str(school.konselor.public_id),
            "starts_at": "2026-12-01T07:00:00",
            "ends_at": "2026-12-01T15:00:00",
        },
    )
    gaps = client.get("/api/v1/safety/roster/gaps?days=2").json()
    assert gaps == [
        {
            "starts_at": "2026-12-02T07:00:00+07:00",
            "ends_at": "2026-12-02T15:00:00+07:00",
            "minutes": 480,
        },
        {
            "starts_at": "2026-12-03T07:00:00+07:00",
            "ends_at": "2026-12-03T09:00:00+07:00",
            "minutes": 120,
        },
    ]
    client.force_login(school.siswa)
    promise = client.get("/api/v1/safety/response-promise").json()
    assert promise["on_duty_now"] is True and promise["zone_label"] == "WIB"


def test_copying_a_week_over_the_api(school, client: Client):
    client.force_login(school.koordinator)
    DutyShift.objects.create(
        organisation=school.org,
        user=school.konselor,
        starts_at=local(school.org, "2026-11-24 07:00"),
        ends_at=local(school.org, "2026-11-24 15:00"),
    )
    assert post(client, "/api/v1/safety/roster/copy-week", {"week": "2026-12-01"}).json() == {
        "copied": 1
    }


def test_a_broad_phrase_is_refused_in_indonesian(school, client: Client):
    client.force_login(school.koordinator)
    answer = client.post(
        "/api/v1/safety/phrases",
        {"pattern": "kill", "category": "suicide", "level": "urgent", "lang": "en"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("Frasa ini akan cocok dengan percakapan sehari-hari")
    assert not OrganisationPhrase.objects.exists()
    good = post(
        client,
        "/api/v1/safety/phrases",
        {"pattern": "ora kuat urip", "category": "suicide", "level": "urgent", "lang": "jv"},
    )
    assert good.status_code == 201 and good.json()["active"] is True


def test_settings_round_trip(school, client: Client):
    client.force_login(school.admin)
    assert client.get("/api/v1/safety/settings").json()["ack_minutes_urgent"] == 15
    saved = client.put(
        "/api/v1/safety/settings",
        {
            "duty_days": [0, 1, 2, 3, 4, 5],
            "safeguarding_lead_id": str(school.walikelas.public_id),
            "ack_minutes_urgent": 10,
        },
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert saved.json()["safeguarding_lead_id"] == str(school.walikelas.public_id)
    assert saved.json()["duty_days"] == [0, 1, 2, 3, 4, 5]


def test_a_bearer_token_reads_in_the_users_organisation(school, client: Client):
    OrganisationPhrase.objects.create(
        organisation=school.org, pattern="ora kuat urip", category="suicide", level="urgent"
    )
    token = post(
        client, "/api/v1/auth/token", {"username": "koordinator1", "password": PASSWORD}
    ).json()["token"]
    answer = client.get("/api/v1/safety/phrases", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and answer.json()[0]["pattern"] == "ora kuat urip"
    check = client.post(
        "/api/v1/safety/check",
        {"text": "aku wis ora kuat urip"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert check.json()["level"] == "urgent"
