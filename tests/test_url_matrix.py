"""Every page and API route against every role of every organisation.

The crawler (`tests/crawler/`) reaches each URL pattern and API route with real objects of
school 1. Each row below says what each persona gets (2 = 200, 3 = 302 redirect, B = 400,
U = 401, F = 403, 4 = 404, 5 = 503), in this order:

    anonymous | school 1: homeroom teacher, student, peer supporter, counselor, coordinator,
    principal, admin | school 2: the same seven | community field worker | provider |
    district analyst

A new page or route fails `test_every_url_is_in_the_matrix` until it has a row here (and
the crawler knows its sample objects). People outside school 1 are checked on the URLs
that name one of school 1's objects (their own lists show their own organisation, which
each app's permission tests cover), which keeps the test quick. Form endpoints are posted
to empty, after every page was read; their answers follow from the order, which is fixed.
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
    "home": "3 2222222 2222222 222",
    "neutral": "2 2222222 2222222 222",
    "login": "2 3333333 3333333 333",
    "password_change": "3 2222222 2222222 222",
    "password_change_done": "3 2222222 2222222 222",
    "members": "3 4444242 4444242 444",
    "tokens": "3 2222222 2222222 222",
    "login_verify": "3 3333333 3333333 333",
    "login_recovery": "3 3333333 3333333 333",
    "mfa_overview": "3 2442222 2442222 222",
    "mfa_totp": "3 2442222 2442222 222",
    "organisation_log": "3 4444442 4444442 444",
    "people": "3 4442244 4442244 244",
    "person": "3 4242244 4444444 444",
    "person_access_log": "3 4444244 4444444 444",
    "notifications": "3 2222222 2222222 222",
    "ask_for_help": "3 4224444 4224444 444",
    "request_sent": "3 4244444 4444444 444",
    "my_requests": "3 2222222 2222222 222",
    "refer": "3 2442244 2442244 444",
    "my_referrals": "3 2222222 2222222 222",
    "offers": "3 2222222 2222222 222",
    "triage": "3 4442244 4442244 244",
    "triage_request": "3 4442244 4444444 444",
    "cases": "3 4422244 4422244 244",
    "case": "3 4242244 4444444 444",
    "case_messages": "3 4242244 4444444 444",
    "activities": "3 4322244 4322244 244",
    "systemic_activities": "3 4442244 4442244 244",
    "activity_kinds": "3 4422244 4422244 244",
    "activity_new": "3 4442244 4442244 244",
    "agenda": "3 4422244 4422244 244",
    "agenda_ics": "3 4422244 4422244 244",
    "slots": "3 4442244 4442244 244",
    "book": "3 4224444 4224444 444",
    "my_appointments": "3 4224444 4224444 444",
    "schedule_appointment": "3 4442244 4442244 244",
    "groups": "3 4442244 4442244 244",
    "group_new": "3 4442244 4442244 244",
    "group": "3 4442244 4444444 444",
    "group_edit": "3 4442244 4444444 444",
    "activity": "3 4242244 4444444 444",
    "activity_ics": "3 4242244 4444444 444",
    "alerts": "3 4442244 4442244 444",
    "alert": "3 4442244 4444444 444",
    "duty_roster": "3 4442244 4442244 444",
    "safety_phrases": "3 4442244 4442244 444",
    "safety_resources": "3 4442244 4442244 444",
    "safety_resource": "3 444F244 4444444 444",
    "safety_settings": "3 4442242 4442242 444",
    "screenings": "3 2222223 2222223 222",
    "my_questionnaires": "3 2222222 2222222 222",
    "screening_new_campaign": "3 4442244 4442244 244",
    "screening_campaign": "3 4442224 4444444 442",
    "screening_answer": "3 4244444 4444444 444",
    "screening_response": "3 4242244 4444444 444",
    "screening_response_fhir": "3 4442244 4444444 444",
    "screening_person": "3 4442244 4444444 444",
    "screening_instruments": "3 4444242 4444242 444",
    "screening_new_questionnaire": "3 4444244 4444244 444",
    "screening_instrument": "3 2222222 2222222 222",
    "screening_instrument_fhir": "3 2222222 2222222 222",
    "screening_wording": "3 4444442 4444442 444",
    "healthz": "5 5555555 5555555 555",
    "GET /api/v1/version": "2 2222222 2222222 222",
    "GET /api/v1/auth/tokens": "U 2222222 2222222 222",
    "GET /api/v1/me": "U 2222222 2222222 222",
    "GET /api/v1/organisations": "U 2222222 2222222 222",
    "GET /api/v1/people": "U 2222222 2222222 222",
    "GET /api/v1/people/{person_id}": "U 4242244 4444444 444",
    "GET /api/v1/people/{person_id}/guardians": "U 4442244 4444444 444",
    "GET /api/v1/people/{person_id}/consents": "U 4442244 4444444 444",
    "GET /api/v1/providers": "U 2222222 2222222 222",
    "GET /api/v1/providers/{provider_id}": "U 4442242 4442242 244",
    "GET /api/v1/referrals-out": "U 2222222 2222222 222",
    "GET /api/v1/referrals-out/{referral_id}": "U 4442244 4444444 424",
    "GET /api/v1/requests": "U 2222222 2222222 222",
    "GET /api/v1/requests/offers": "U 2222222 2222222 222",
    "GET /api/v1/requests/{request_id}": "U 4242244 4444444 444",
    "GET /api/v1/referrals": "U 2222222 2222222 222",
    "GET /api/v1/cases": "U 2222222 2222222 222",
    "GET /api/v1/cases/{case_id}": "U 4242244 4444444 444",
    "GET /api/v1/cases/{case_id}/messages": "U 4242244 4444444 444",
    "GET /api/v1/activities": "U 2222222 2222222 222",
    "GET /api/v1/activities/{activity_id}": "U 4242244 4444444 444",
    "GET /api/v1/slots": "U 2222222 2222222 222",
    "GET /api/v1/groups": "U 2222222 2222222 222",
    "GET /api/v1/groups/{group_id}": "U 4442244 4444444 444",
    "GET /api/v1/alerts": "U 2222222 2222222 222",
    "GET /api/v1/alerts/stats": "U 4442244 4442244 444",
    "GET /api/v1/alerts/{alert_id}": "U 4442244 4444444 444",
    "GET /api/v1/safety/shifts": "U 4442244 4442244 444",
    "GET /api/v1/safety/roster/gaps": "U 4442244 4442244 444",
    "GET /api/v1/safety/response-promise": "U 2222222 2222222 222",
    "GET /api/v1/safety/phrases": "U 4442244 4442244 444",
    "GET /api/v1/safety/resources": "U 4442244 4442244 444",
    "GET /api/v1/safety/settings": "U 4442242 4442242 444",
    "GET /api/v1/instruments": "U 2222222 2222222 222",
    "GET /api/v1/instruments/{code}": "U 2222222 2222222 222",
    "GET /api/v1/instruments/{code}/fhir": "U 2222222 2222222 222",
    "GET /api/v1/campaigns": "U 2222222 2222222 222",
    "GET /api/v1/campaigns/{campaign_id}": "U 4442224 4444444 442",
    "GET /api/v1/campaigns/{campaign_id}/follow-up": "U 4442244 4444444 444",
    "GET /api/v1/assignments": "U 2222222 2222222 222",
    "GET /api/v1/assignments/{assignment_id}": "U 4244444 4444444 444",
    "GET /api/v1/responses": "U 2222222 2222222 222",
    "GET /api/v1/responses/{response_id}": "U 4242244 4444444 444",
    "GET /api/v1/responses/{response_id}/fhir": "U 4442244 4444444 444",
    "help_guide": "2 2222222 2222222 222",
    "help_image": "2 2222222 2222222 222",
    "components": "3 4444444 4444444 444",
    "detection_report": "3 4444244 4444244 444",
    "peer_programme": "3 4444242 4444242 444",
    "peer_me": "3 4434444 4434444 444",
    "peer_nominate": "3 2422244 2422244 444",
    "peer_selection": "3 4444242 4444444 444",
    "peer_profile": "3 4424242 4444444 444",
    "training_programmes": "3 4442244 4442244 444",
    "training_mine": "3 4422244 4422244 444",
    "training_cpd": "3 4442244 4442244 444",
    "training_cpd_hours": "3 4444244 4444244 444",
    "training_cpd_file": "3 4442244 4444444 444",
    "training_session": "3 4444244 4444444 444",
    "training_enrolment": "3 4422244 4444444 444",
    "training_quiz": "3 4424444 4444444 444",
    "training_certificate_pdf": "3 4424244 4444444 444",
    "training_programme": "3 4442244 4444444 444",
    "training_decide": "3 4444244 4444444 444",
    "certificate_verify_form": "2 2222222 2222222 222",
    "certificate_verify": "2 2222222 2222222 222",
    "peer_supervision": "3 4442244 4442244 244",
    "supervision_new": "3 4442244 4442244 244",
    "my_supervision": "3 4424444 4424444 444",
    "pulse": "3 4244444 4444444 444",
    "screening_peer_programme": "3 4442244 4442244 244",
    "guardian_edit": "3 4442244 4444444 444",
    "guardian_invitation": "3 4442244 4444444 444",
    "consent_form_file": "3 4444444 4444444 444",
    "directory": "3 4442242 4442242 244",
    "directory_export": "3 4444242 4444242 444",
    "directory_import": "3 4444242 4444242 444",
    "provider": "3 4442242 4442242 244",
    "provider_add": "3 4444242 4444242 444",
    "provider_edit": "3 4444242 4444444 444",
    "referral_new": "3 4F42244 4444444 444",
    "referral_out": "3 4442244 4444444 434",
    "referral_letter": "3 4442244 4444444 424",
    "referrals_received": "3 4444444 4444444 424",
    "referral_received": "3 4444444 4444444 424",
    "violence_report_public": "2 2222222 2222222 222",
    "violence_receipt": "2 2222222 2222222 222",
    "violence_report": "3 2222222 2222222 222",
    "violence_matters": "3 2222222 2222222 222",
    "violence_matter": "3 2444424 4444444 444",
    "violence_team": "3 2444422 4444422 444",
    "violence_summary": "3 2442224 4442224 444",
    "violence_offers": "3 2222222 2222222 222",
    "privacy_person": "3 4444244 4444444 444",
    "privacy_retention": "3 4444244 4444244 444",
    "note_break_glass": "3 4444244 4444444 444",
    "reports": "3 4444224 4444224 444",
    "reports_district": "3 4444444 4444444 442",
    "reports_indicators": "3 4444224 4444224 442",
    "reports_table_file": "3 4444224 4444224 442",
    "reports_exports": "3 4444224 4444224 442",
    "reports_export_file": "3 4444244 4444444 444",
    "GET /api/v1/violence/matters": "U 2222222 2222222 222",
    "GET /api/v1/violence/matters/{matter_id}": "U 2444424 4444444 444",
    "onboarding": "3 4442242 4442242 444",
    "onboarding_policy": "3 4444242 4444242 444",
    "guardian_letter": "3 4444242 4444242 444",
    "onboarding_upload": "3 4444242 4444242 444",
    "onboarding_import": "3 4444242 4444444 444",
    "onboarding_class": "3 4442242 4444444 444",
    "rollover": "3 4444242 4444242 444",
    "first_password": "3 3333333 3333333 333",
    "privacy_notice": "3 2222222 2222222 222",
    "programmes": "3 4442224 4442224 244",
    "programme_settings": "3 4444244 4444244 444",
    "needs_survey_new": "3 4444244 4444244 444",
    "needs_survey": "3 4442224 4444444 444",
    "programme_new": "3 4442244 4442244 244",
    "programme": "3 4442224 4444444 444",
    "programme_item_new": "3 444FFF4 4444444 444",
    "programme_item": "3 4442224 4444444 444",
    "service_plan": "3 4442224 4444444 444",
    "service_plan_pdf": "3 4442224 4444444 444",
    "programme_report": "3 4442224 4444444 444",
    "programme_report_pdf": "3 4442224 4444444 444",
    "articles": "3 2222222 2222222 222",
    "article_new": "3 4442244 4442244 244",
    "article": "3 2222222 4444444 444",
    "article_edit": "3 FFFFFFF 4444444 444",
    "sign_out_member": "3 4444344 4444444 444",
    "revoke_token": "3 4443444 4444444 444",
    "mfa_recovery_codes": "3 3443333 3443333 333",
    "mfa_passkey_options": "3 2442222 2442222 222",
    "mfa_passkey_add": "3 B44BBBB B44BBBB BBB",
    "login_passkey_options": "B BBBBBBB BBBBBBB BBB",
    "login_passkey": "B BBBBBBB BBBBBBB BBB",
    "mfa_remove": "3 4444444 4444444 444",
    "switch_organisation": "3 4444444 4444444 444",
    "revoke_membership": "3 4344343 4444444 444",
    "notifications_read_all": "3 3333333 3333333 333",
    "notification_open": "3 4443444 4444444 444",
    "withdraw_request": "3 4344444 4444444 444",
    "answer_offer": "3 4434444 4444444 444",
    "case_note": "3 4B4BB44 4444444 444",
    "case_contact_log": "3 4B4BB44 4444444 444",
    "case_close": "3 4B4BB44 4444444 444",
    "case_status": "3 4F43344 4444444 444",
    "case_tier": "3 4B4BB44 4444444 444",
    "case_handover": "3 4B4BB44 4444444 444",
    "case_update": "3 4B4BB44 4444444 444",
    "case_lead": "3 4B4BB44 4444444 444",
    "case_team": "3 4F43344 4444444 444",
    "open_case_for_person": "3 4343344 4444444 444",
    "slot_delete": "3 4333344 4444444 444",
    "slot_book": "3 4333344 4444444 444",
    "activity_done": "3 4343344 4444444 444",
    "activity_cancel": "3 4343344 4444444 444",
    "activity_attendance": "3 4343344 4444444 444",
    "activity_outcomes": "3 4343344 4444444 444",
    "alert_action": "3 4443344 4444444 444",
    "duty_roster_copy": "3 444F344 444F344 444",
    "duty_shift_remove": "3 444F344 4444444 444",
    "safety_phrase_off": "3 444F344 4444444 444",
    "screening_close_campaign": "3 4443344 4444444 444",
    "screening_open_case": "3 4443344 4444444 444",
    "screening_save": "3 4244444 4444444 444",
    "screening_submit": "3 4244444 4444444 444",
    "screening_switch_questionnaire": "3 4444344 4444444 444",
    "screening_configure": "3 4444344 4444344 444",
    "triage_feedback": "3 4443344 4444444 444",
    "alert_protocol": "3 4443344 4444444 444",
    "alert_friend": "3 4443344 4444444 444",
    "alert_feedback": "3 4443344 4444444 444",
    "responder_phone_save": "3 3333333 3333333 333",
    "responder_phone_remove": "3 4444344 4444444 444",
    "guardian_add": "3 4B4BB44 4444444 444",
    "guardian_remove": "3 4443444 4444444 444",
    "consent_add": "3 4B4BB44 4444444 444",
    "consent_withdraw": "3 4443344 4444444 444",
    "consent_review": "3 4443344 4444444 444",
    "referral_action": "3 444BB44 4444444 4B4",
    "violence_receipt_add": "4 4444444 4444444 444",
    "programme_action": "3 444F3F4 4444444 444",
    "programme_item_delete": "3 444FFF4 4444444 444",
    "programme_item_deliver": "3 444BBF4 4444444 444",
    "programme_unlink": "3 4443444 4444444 444",
    "article_action": "3 FFFFFFF 4444444 444",
    "violence_answer_offer": "3 4344444 4444444 444",
    "violence_matter_action": "3 B4444B4 4444444 444",
    "violence_team_remove": "3 F444434 4444444 444",
    "onboarding_apply": "3 4444343 4444444 444",
    "onboarding_cards": "3 4443343 4444444 444",
    "enrolment_end": "3 4444343 4444444 444",
    "student_password_reset": "3 4442243 4444444 444",
    "privacy_export": "3 4444344 4444444 444",
    "privacy_correct": "3 4444B44 4444444 444",
    "privacy_hold": "3 4444B44 4444444 444",
    "privacy_erase": "3 4444344 4444444 444",
    "privacy_hold_release": "3 4444344 4444444 444",
    "privacy_consent_withdraw": "3 4444344 4444444 444",
    "reports_export_request": "3 4444334 4444334 443",
    "region_children": "3 2222222 2222222 222",
    "psychosocial_programmes": "3 4444242 4444242 244",
    "psychosocial_programme_new": "3 4444242 4444242 444",
    "psychosocial_programme": "3 4444444 4444444 244",
    "psychosocial_programme_edit": "3 4444444 4444444 444",
    "psychosocial_beneficiaries": "3 4444444 4444444 244",
    "psychosocial_beneficiary_new": "3 4444444 4444444 244",
    "psychosocial_beneficiary_import": "3 4444444 4444444 244",
    "psychosocial_pfa_new": "3 4444444 4444444 244",
    "psychosocial_pfa": "3 4444444 4444444 244",
    "psychosocial_import": "3 4444444 4444444 244",
    "psychosocial_pfa_refer": "3 4444444 4444444 344",
    "exit_and_log_out": "3 3333333 3333333 333",
    "sign_out_everywhere": "3 3333333 3333333 333",
    "logout": "3 3333333 3333333 333",
}


# One character per answer, to keep a row on one line.
CODES = {"2": 200, "3": 302, "B": 400, "U": 401, "F": 403, "4": 404, "5": 503}


def _expected(name: str) -> dict[str, int]:
    row = EXPECTED[name].replace(" ", "")
    return dict(zip(PERSONAS, (CODES[c] for c in row), strict=True))


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
