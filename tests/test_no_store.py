"""Logged-in pages and API answers are never kept by the browser or a proxy."""

from django.test import Client

from rangkul.accounts import services


def test_every_logged_in_page_is_no_store(school):
    client = Client()
    client.force_login(school.konselor)
    for url in ("/", "/people/", "/cases/", "/notifications/", "/activities/agenda/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_every_api_answer_is_no_store(school):
    raw, _token = services.issue_api_token(user=school.konselor)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    for url in ("/api/v1/me", "/api/v1/cases", "/api/v1/requests/not-an-id"):
        assert "no-store" in Client().get(url, **bearer)["Cache-Control"], url
    assert "no-store" in Client().get("/api/v1/me")["Cache-Control"]
