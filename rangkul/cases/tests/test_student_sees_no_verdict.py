"""Students do not learn the detector's verdict: their request in the API carries no safety
level, and the page after asking shows the same crisis resources and 'who will read this,
and when' whatever the text said; only the route (a peer or the counselors) changes it."""

import re

from django.test import Client

from rangkul.cases.tests.conftest import ask

CRISIS = "aku pengen mati aja, udah nyiapin obat"


def test_the_students_request_in_the_api_has_no_safety_level(school, client: Client):
    client.force_login(school.siswa)
    created = client.post(
        "/api/v1/requests",
        {"domain": "personal", "text": CRISIS, "urgency": "medium"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["safety_level"] is None
    listed = client.get("/api/v1/requests").json()["items"]
    assert [item["safety_level"] for item in listed] == [None]
    own = client.get(f"/api/v1/requests/{created.json()['id']}").json()
    assert own["safety_level"] is None and "matches" not in own
    client.force_login(school.konselor)
    assert client.get(f"/api/v1/requests/{created.json()['id']}").json()["safety_level"] == "urgent"


def page_after_asking(school, client, request):
    client.force_login(school.siswa)
    return client.get(f"/help/sent/{request.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def shown_parts(html):
    return [
        part
        for part in ("crisis-resources", "who-reads", "response-promise", "danger-now")
        if f'data-testid="{part}"' in html
    ]


def test_a_crisis_and_an_ordinary_counselor_request_look_the_same(school, client: Client):
    crisis_request = ask(school, text=CRISIS, domain="personal")
    calm_request = ask(school, helper_choice="counselor")
    crisis = page_after_asking(school, client, crisis_request)
    calm = page_after_asking(school, client, calm_request)
    assert (
        shown_parts(crisis)
        == shown_parts(calm)
        == [
            "crisis-resources",
            "who-reads",
            "response-promise",
            "danger-now",
        ]
    )
    for html, own_words in ((crisis, CRISIS), (calm, calm_request.text)):
        assert 'data-testid="route-counselor"' in html
        # The page repeats what the student wrote ("what you wrote"), and nothing else of it.
        rest = html.lower().replace(own_words.lower(), "")
        for word in ("urgent", "concern", "mati", "matched", "flag"):
            assert not re.search(rf"\b{word}\b", rest), word


def test_the_peer_route_says_who_reads_it_and_still_shows_the_resources(
    school, peer_ready, client: Client
):
    html = page_after_asking(school, client, ask(school))
    assert 'data-testid="route-peer"' in html
    assert shown_parts(html) == ["crisis-resources", "who-reads", "response-promise", "danger-now"]
