"""Pages are sent compressed; API answers, which carry personal data and echo what the
caller sent, are not (decision 0016)."""

import gzip
import json

from django.test import Client

from rangkul.accounts import services


def test_a_page_is_gzipped_for_a_browser_that_accepts_it(school):
    client = Client()
    client.force_login(school.konselor)
    response = client.get("/people/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_an_api_answer_is_plain_json_even_when_gzip_is_accepted(school):
    raw, _token = services.issue_api_token(user=school.konselor)
    response = Client().get(
        "/api/v1/people",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_ENCODING="gzip, deflate",
    )
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert isinstance(json.loads(response.content), dict | list)
