from datetime import timedelta

from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from rangkul.activities.models import Activity, ActivityStatus, TimeSlot
from rangkul.activities.tests.conftest import tomorrow_at


def post(client: Client, path: str, body: dict | None = None, **headers):
    return client.post(path, body or {}, content_type="application/json", **headers)


def bearer(client: Client, username: str) -> dict:
    response = post(client, "/api/v1/auth/token", {"username": username, "password": PASSWORD})
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


def test_the_api_logs_with_the_same_rules_as_the_form(school, other_school, client: Client):
    client.force_login(school.konselor)
    body = {
        "kind": "classroom_guidance",
        "starts_at": "2026-01-05T08:00:00",
        "duration_minutes": 601,
        "cohort_id": str(other_school.cohort.pk),
        "topic": "Mengenal diri",
        "domain": "personal",
        "component": "basic",
    }
    refused = post(client, "/api/v1/activities", body)
    assert refused.status_code == 400
    assert refused.json() == {
        "detail": "Durasi harus antara 1 dan 600 menit. Pilih kelas dari lembaga ini."
    }
    assert not Activity.objects.exists()

    body.update(duration_minutes=90, cohort_id=str(school.cohort.pk))
    created = post(client, "/api/v1/activities", body)
    assert created.status_code == 201
    out = created.json()
    assert (
        out["status"] == "done" and out["full_access"] is True and out["topic"] == "Mengenal diri"
    )
    # A time without an offset is on the school's clock (WIB).
    assert out["starts_at"].startswith("2026-01-05T01:00:00")


def test_an_unknown_kind_and_a_bad_body_get_clear_messages(school, client: Client):
    client.force_login(school.konselor)
    unknown = post(
        client, "/api/v1/activities", {"kind": "ramalan", "starts_at": "2026-01-05T08:00"}
    )
    # The kinds come from the model's choices in the schema: an unknown one is a 422 that
    # names the field.
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "kind", "message": "Nilai ini tidak termasuk pilihan yang diizinkan."}
    ]
    bad = post(client, "/api/v1/activities", {"kind": "home_visit"})
    assert bad.status_code == 422
    assert bad.json()["errors"] == [{"field": "starts_at", "message": "Kolom ini wajib diisi."}]


def test_a_student_books_and_cancels_over_the_api_with_a_token(school, slot, client: Client):
    headers = bearer(client, "siswa1")
    slots = client.get("/api/v1/slots", **headers).json()
    assert slots["count"] == 1 and slots["items"][0]["counselor_name"]
    booked = post(client, f"/api/v1/slots/{slot.pk}/book", **headers)
    assert booked.status_code == 201
    appointment = booked.json()
    assert appointment["full_access"] is False and appointment["place"] == "Ruang BK"
    listed = client.get("/api/v1/activities", **headers).json()
    assert [a["id"] for a in listed["items"]] == [appointment["id"]]
    cancelled = post(client, f"/api/v1/activities/{appointment['id']}/cancel", **headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_counselor_publishes_lists_and_removes_slots(school, client: Client):
    headers = bearer(client, "konselor1")
    created = post(
        client,
        "/api/v1/slots",
        {"starts_at": tomorrow_at(9).isoformat(), "weeks": 2, "place": "Ruang BK"},
        **headers,
    )
    assert created.status_code == 201 and len(created.json()) == 2
    mine = client.get("/api/v1/slots?mine=true", **headers).json()
    assert mine["count"] == 2
    first = mine["items"][0]["id"]
    assert client.delete(f"/api/v1/slots/{first}", **headers).status_code == 204
    assert TimeSlot.objects.count() == 1
    past = post(
        client,
        "/api/v1/slots",
        {"starts_at": (timezone.now() - timedelta(days=1)).isoformat()},
        **headers,
    )
    assert past.status_code == 400 and past.json() == {"detail": "Slot waktu harus di masa depan."}


def test_a_counselor_marks_a_session_done_over_the_api(school, appointment, client: Client):
    client.force_login(school.konselor)
    appointment.starts_at = timezone.now() - timedelta(hours=1)
    appointment.save()
    done = post(client, f"/api/v1/activities/{appointment.pk}/complete", {})
    assert done.status_code == 200 and done.json()["status"] == ActivityStatus.DONE
    detail = client.get(f"/api/v1/activities/{appointment.pk}").json()
    assert detail["participants"] == [
        {"person_id": str(school.siswa_person.pk), "name": "Siswa Satu 1", "attended": True}
    ]


def test_a_peer_supporter_sees_the_pseudonym_not_the_name(school, peer_meeting, client: Client):
    client.force_login(school.sebaya)
    detail = client.get(f"/api/v1/activities/{peer_meeting.pk}").json()
    assert detail["participants"] == [{"person_id": None, "name": "Bintang Biru", "attended": True}]
    page = client.get(f"/activities/{peer_meeting.pk}/").content.decode()
    assert "Bintang Biru" in page and "Siswa Satu" not in page


def test_groups_over_the_api(school, group, client: Client):
    client.force_login(school.konselor)
    listed = client.get("/api/v1/groups").json()
    assert listed["count"] == 1
    assert set(listed["items"][0]["member_ids"]) == {str(p.pk) for p in group.members.all()}
