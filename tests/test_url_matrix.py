"""Every page and API route against every role of every organisation.

The crawler (`tests/crawler.py`) reaches each URL pattern and API route with real objects of
school 1. Each row below says what each persona gets, in this order:

    anonymous | school 1: homeroom teacher, student, peer supporter, counselor, coordinator,
    principal, admin | school 2: the same seven | community field worker | provider |
    district analyst

A new page or route fails `test_every_url_is_in_the_matrix` until it has a row here (and
the crawler knows its sample objects). People outside school 1 are checked on the URLs
that name one of school 1's objects (their own lists show their own organisation, which
each app's permission tests cover), which keeps the test quick. Form endpoints are posted to empty, after every page was read; their
answers follow from the order, which is fixed.
"""

import json

import pytest
from django.test import Client

from tests.crawler import (
    api_routes,
    api_url,
    build_world,
    page_urls,
    unreached_api_routes,
    unreached_patterns,
)

PERSONAS = [
    "anonymous",
    *(
        f"{school}.{role}"
        for school in ("s1", "s2")
        for role in (
            "homeroom_teacher",
            "student",
            "peer_supporter",
            "counselor",
            "coordinator",
            "principal",
            "admin",
        )
    ),
    "community.field_worker",
    "provider.provider",
    "authority.authority_analyst",
]

EXPECTED = {
    "home": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "help_guide": "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "help_image": "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    # Debug only: the tests run without debug.
    "components": "302 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "neutral": "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "login": "200 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
    "password_change": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "password_change_done": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "members": "302 404 404 404 404 200 404 200 404 404 404 404 200 404 200 404 404 404",
    "organisation_log": "302 404 404 404 404 404 404 200 404 404 404 404 404 404 200 404 404 404",
    "people": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "person": "302 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "person_access_log": "302 404 404 404 404 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "notifications": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "ask_for_help": "302 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404 404 404",
    "request_sent": "302 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "my_requests": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "refer": "302 200 404 404 200 200 404 404 200 404 404 200 200 404 404 404 404 404",
    "my_referrals": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "offers": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "triage": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "triage_request": "302 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "cases": "302 404 404 200 200 200 404 404 404 404 200 200 200 404 404 200 404 404",
    "case": "302 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_messages": "302 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "activities": "302 404 302 200 200 200 404 404 404 302 200 200 200 404 404 200 404 404",
    "activity_kinds": "302 404 404 200 200 200 404 404 404 404 200 200 200 404 404 200 404 404",
    "activity_new": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "agenda": "302 404 404 200 200 200 404 404 404 404 200 200 200 404 404 200 404 404",
    "agenda_ics": "302 404 404 200 200 200 404 404 404 404 200 200 200 404 404 200 404 404",
    "slots": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "book": "302 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404 404 404",
    "my_appointments": "302 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404 404 404",
    "schedule_appointment": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "groups": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "group_new": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "group": "302 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "group_edit": "302 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "activity": "302 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "activity_ics": "302 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "alerts": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "alert": "302 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "duty_roster": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "safety_phrases": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "safety_resources": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "safety_resource": "302 404 404 404 403 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "safety_settings": "302 404 404 404 200 200 404 200 404 404 404 200 200 404 200 404 404 404",
    "screenings": "302 200 200 200 200 200 200 302 200 200 200 200 200 200 302 200 200 302",
    "my_questionnaires": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "screening_new_campaign": "302 404 404 404 200 200 404 404 404 404 404 200 200 404 404 200 404 404",
    "screening_campaign": "302 404 404 404 200 200 200 404 404 404 404 404 404 404 404 404 404 200",
    "screening_answer": "302 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_response": "302 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_response_fhir": "302 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_person": "302 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_instruments": "302 404 404 404 404 200 404 200 404 404 404 404 200 404 200 404 404 404",
    "screening_new_questionnaire": "302 404 404 404 404 200 404 404 404 404 404 404 200 404 404 404 404 404",
    "screening_instrument": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "screening_instrument_fhir": "302 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "screening_wording": "302 404 404 404 404 404 404 200 404 404 404 404 404 404 200 404 404 404",
    "healthz": "503 503 503 503 503 503 503 503 503 503 503 503 503 503 503 503 503 503",
    "GET /api/v1/version": "200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/me": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/organisations": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/people": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/people/{person_id}": "401 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/requests": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/requests/offers": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/requests/{request_id}": "401 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/referrals": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/cases": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/cases/{case_id}": "401 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/cases/{case_id}/messages": "401 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/activities": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/activities/{activity_id}": "401 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/slots": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/groups": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/groups/{group_id}": "401 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/alerts": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/alerts/stats": "401 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "GET /api/v1/alerts/{alert_id}": "401 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/safety/shifts": "401 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "GET /api/v1/safety/roster/gaps": "401 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "GET /api/v1/safety/response-promise": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/safety/phrases": "401 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "GET /api/v1/safety/resources": "401 404 404 404 200 200 404 404 404 404 404 200 200 404 404 404 404 404",
    "GET /api/v1/safety/settings": "401 404 404 404 200 200 404 200 404 404 404 200 200 404 200 404 404 404",
    "GET /api/v1/instruments": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/instruments/{code}": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/instruments/{code}/fhir": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/campaigns": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/campaigns/{campaign_id}": "401 404 404 404 200 200 200 404 404 404 404 404 404 404 404 404 404 200",
    "GET /api/v1/campaigns/{campaign_id}/follow-up": "401 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/assignments": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/assignments/{assignment_id}": "401 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/responses": "401 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200 200",
    "GET /api/v1/responses/{response_id}": "401 404 200 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "GET /api/v1/responses/{response_id}/fhir": "401 404 404 404 200 200 404 404 404 404 404 404 404 404 404 404 404 404",
    "switch_organisation": "302 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "revoke_membership": "302 404 302 404 404 302 404 302 404 404 404 404 404 404 404 404 404 404",
    "notifications_read_all": "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
    "notification_open": "302 404 404 404 302 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "withdraw_request": "302 404 302 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "answer_offer": "302 404 404 302 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_note": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_contact_log": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_close": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_status": "302 404 404 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_tier": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_handover": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_update": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_lead": "302 404 400 404 400 400 404 404 404 404 404 404 404 404 404 404 404 404",
    "case_team": "302 404 404 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "open_case_for_person": "302 404 404 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "slot_delete": "302 404 302 302 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "slot_book": "302 404 302 302 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "activity_done": "302 404 302 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "activity_cancel": "302 404 302 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "activity_attendance": "302 404 302 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "alert_action": "302 404 404 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "duty_roster_copy": "302 404 404 404 403 302 404 404 404 404 404 403 302 404 404 404 404 404",
    "duty_shift_remove": "302 404 404 404 403 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "safety_phrase_off": "302 404 404 404 403 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_close_campaign": "302 404 404 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_open_case": "302 404 404 404 302 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_save": "302 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_submit": "302 404 200 404 404 404 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_switch_questionnaire": "302 404 404 404 404 302 404 404 404 404 404 404 404 404 404 404 404 404",
    "screening_configure": "302 404 404 404 404 302 404 404 404 404 404 404 302 404 404 404 404 404",
    "exit_and_log_out": "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
    "logout": "302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302 302",
}


def _expected(name: str) -> dict[str, int]:
    return dict(zip(PERSONAS, (int(code) for code in EXPECTED[name].split()), strict=True))


def _checked(persona: str, url_has_object: bool) -> bool:
    return url_has_object or persona == "anonymous" or persona.startswith("s1.")


def test_every_url_is_in_the_matrix(db):
    assert unreached_patterns() == set()
    assert unreached_api_routes() == set()
    routes = {f"GET {r.path}" for r in api_routes() if r.method == "GET"}
    from tests.crawler import PAGE_KWARGS, POST_KWARGS

    assert set(EXPECTED) == set(PAGE_KWARGS) | set(POST_KWARGS) | routes


@pytest.mark.django_db
def test_each_role_of_each_organisation_gets_what_the_matrix_says():
    world = build_world()
    clients: dict[str, Client] = {}
    for persona in PERSONAS:
        clients[persona] = Client(raise_request_exception=False)
        if world.people[persona] is not None:
            clients[persona].force_login(world.people[persona])
    pages = page_urls(world)
    wrong: dict[str, dict[str, tuple[int, int]]] = {}

    def check(name: str, persona: str, status: int) -> None:
        want = _expected(name)[persona]
        if status != want:
            wrong.setdefault(name, {})[persona] = (want, status)

    for persona, client in clients.items():
        for page in pages:
            if not page.post_only and _checked(persona, "<" in page.route):
                check(page.name, persona, client.get(page.url).status_code)
        for route in api_routes():
            if route.method == "GET" and _checked(persona, "{" in route.path):
                check(f"GET {route.path}", persona, client.get(api_url(world, route)).status_code)
    for persona, client in clients.items():
        for page in pages:
            if page.post_only and _checked(persona, "<" in page.route):
                check(page.name, persona, client.post(page.url).status_code)
    assert wrong == {}, json.dumps(wrong, indent=1)


@pytest.mark.django_db
def test_api_writes_need_a_login_and_never_reach_another_school():
    world = build_world()
    anonymous = Client(raise_request_exception=False)
    outsider = Client(raise_request_exception=False)
    outsider.force_login(world.people["s2.coordinator"])
    for route in api_routes():
        if route.method == "GET" or route.path == "/api/v1/auth/token":
            continue
        url = api_url(world, route)
        answer = anonymous.generic(route.method, url, "{}", content_type="application/json")
        assert answer.status_code == 401, (route, answer.status_code)
        if "{" in route.path and "{code}" not in route.path:
            answer = outsider.generic(route.method, url, "{}", content_type="application/json")
            assert answer.status_code in (404, 422), (route, answer.status_code)
