from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from conftest import PASSWORD
from rangkul.accounts.models import ApiToken
from rangkul.audit.models import AuditEvent


def token_for(client: Client, username: str, password: str = PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_a_token_is_issued_stored_hashed_and_works_as_bearer(school, client: Client):
    response = token_for(client, "konselor1")
    assert response.status_code == 200
    raw = response.json()["token"]
    stored = ApiToken.objects.get(user=school.konselor)
    assert raw not in (stored.key_hash, stored.prefix) and stored.key_hash != raw
    me = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert me.status_code == 200
    body = me.json()
    assert body["username"] == "konselor1"
    assert body["roles"] == ["counselor"]
    assert body["memberships"][0]["organisation"]["name"] == school.org.name
    assert AuditEvent.objects.filter(verb="auth.token_issued").count() == 1


def test_a_revoked_token_stops_working(school, client: Client):
    raw = token_for(client, "konselor1").json()["token"]
    other = Client()
    assert other.delete("/api/v1/auth/token", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 204
    response = other.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json() == {"detail": "Masuk terlebih dahulu atau kirim token yang sah."}


def test_an_expired_token_stops_working(school, client: Client):
    raw = token_for(client, "konselor1").json()["token"]
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_wrong_password_is_401_in_json(school, client: Client):
    response = token_for(client, "konselor1", "salah")
    assert response.status_code == 401
    assert response.json() == {"detail": "Nama pengguna atau kata sandi salah."}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_token_endpoint_shares_the_login_lockout(school, client: Client):
    for _ in range(3):
        token_for(client, "konselor1", "salah")
    assert token_for(client, "konselor1").status_code == 429
    # The login page is locked for the same account too.
    response = Client().post("/login/", {"username": "konselor1", "password": PASSWORD})
    assert response.status_code == 429


def test_bad_bodies_get_a_clear_indonesian_message(db, client: Client):
    response = client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Permintaan tidak valid."
    assert {"field": "password", "message": "Kolom ini wajib diisi."} in body["errors"]
    not_json = client.post("/api/v1/auth/token", "hello", content_type="application/json")
    assert not_json.status_code in (400, 422)
    assert "detail" in not_json.json()


def test_english_messages_follow_accept_language(db, client: Client):
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "Log in or send a valid token."}


def test_unknown_api_paths_answer_json(db, client: Client):
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_session_writes_need_the_csrf_token(school):
    client = Client(enforce_csrf_checks=True)
    client.force_login(school.konselor)
    response = client.delete("/api/v1/auth/token")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


def test_openapi_document_and_docs_are_served(db, client: Client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in doc["paths"]
    assert "/api/v1/me" in doc["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_lists_are_paginated_as_items_and_count(school, client: Client):
    client.force_login(school.konselor)
    body = client.get("/api/v1/people?limit=1").json()
    assert set(body) == {"items", "count"}
    assert body["count"] == 2 and len(body["items"]) == 1


def test_the_version_endpoint_is_public_and_minimal(db, client: Client):
    assert client.get("/api/v1/version").json() == {"api": "v1", "version": "0.1.0"}


def test_a_body_over_the_size_limit_answers_413_in_json(school, client: Client):
    client.force_login(school.konselor)
    body = '{"text": "' + "a" * (3 * 1024 * 1024) + '"}'
    response = client.post("/api/v1/safety/check", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"]
