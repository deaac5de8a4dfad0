from django.test import Client, override_settings

from conftest import PASSWORD
from rangkul.audit.models import AuditEvent


@override_settings(AXES_FAILURE_LIMIT=2)
def test_a_locked_out_token_request_answers_json(school):
    client = Client()
    body = {"username": "konselor1", "password": "salah"}
    for _ in range(2):
        client.post("/api/v1/auth/token", body, content_type="application/json")
    response = client.post(
        "/api/v1/auth/token",
        {"username": "konselor1", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("Terlalu banyak percobaan")


def test_a_failed_login_keeps_only_a_username_that_exists(school):
    Client().post("/login/", {"username": "Rahasia-Sandi-2026", "password": "x"})
    event = AuditEvent.objects.get(verb="auth.login_failed")
    assert "Rahasia-Sandi-2026" not in str(event.data)
    assert event.data == {"known": False}
    Client().post("/login/", {"username": "siswa1", "password": "x"})
    assert AuditEvent.objects.filter(verb="auth.login_failed", data={"username": "siswa1"}).exists()
