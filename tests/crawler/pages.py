"""How to reach each named URL pattern of Rangkul's pages with the world's objects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.crawler.world import World

# Namespaces and prefixes that are not Rangkul's own pages.
SKIPPED_PREFIXES = ("admin/", "i18n/", "api/")


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    # The pattern, e.g. "cases/<str:pk>/": "<" in it means the URL names one object.
    route: str
    # A page a form posts to without a page of its own answers GET with 405.
    post_only: bool = False


# How to reach each named URL pattern with school 1's objects: name -> kwargs.
PAGE_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "region_children": lambda w: {},
    "psychosocial_programmes": lambda w: {},
    "psychosocial_programme_new": lambda w: {},
    "psychosocial_programme": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_programme_edit": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_beneficiaries": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_beneficiary_new": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_beneficiary_import": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_pfa_new": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_pfa": lambda w: {"pk": w.community.objects["pfa"].pk},
    "psychosocial_import": lambda w: {"pk": w.community.objects["beneficiary_import"].pk},
    "home": lambda w: {},
    "neutral": lambda w: {},
    "login": lambda w: {},
    "password_change": lambda w: {},
    "password_change_done": lambda w: {},
    "members": lambda w: {},
    "tokens": lambda w: {},
    "login_verify": lambda w: {},
    "login_recovery": lambda w: {},
    "mfa_overview": lambda w: {},
    "mfa_totp": lambda w: {},
    "organisation_log": lambda w: {},
    "people": lambda w: {},
    "person": lambda w: {"pk": w.o["person"].pk},
    "person_access_log": lambda w: {"pk": w.o["person"].pk},
    "notifications": lambda w: {},
    "ask_for_help": lambda w: {},
    "request_sent": lambda w: {"pk": w.o["request"].pk},
    "my_requests": lambda w: {},
    "refer": lambda w: {},
    "my_referrals": lambda w: {},
    "offers": lambda w: {},
    "triage": lambda w: {},
    "triage_request": lambda w: {"pk": w.o["request"].pk},
    "cases": lambda w: {},
    "case": lambda w: {"pk": w.o["case"].pk},
    "case_messages": lambda w: {"pk": w.o["case"].pk},
    "activities": lambda w: {},
    "systemic_activities": lambda w: {},
    "activity_kinds": lambda w: {},
    "activity_new": lambda w: {"kind": "individual_counseling"},
    "agenda": lambda w: {},
    "agenda_ics": lambda w: {},
    "slots": lambda w: {},
    "book": lambda w: {},
    "my_appointments": lambda w: {},
    "schedule_appointment": lambda w: {},
    "groups": lambda w: {},
    "group_new": lambda w: {},
    "group": lambda w: {"pk": w.o["group"].pk},
    "group_edit": lambda w: {"pk": w.o["group"].pk},
    "activity": lambda w: {"pk": w.o["activity"].pk},
    "activity_ics": lambda w: {"pk": w.o["activity"].pk},
    "alerts": lambda w: {},
    "alert": lambda w: {"pk": w.o["alert"].pk},
    "duty_roster": lambda w: {},
    "safety_phrases": lambda w: {},
    "safety_resources": lambda w: {},
    "safety_resource": lambda w: {"pk": w.o["resource"].pk},
    "safety_settings": lambda w: {},
    "screenings": lambda w: {},
    "my_questionnaires": lambda w: {},
    "screening_new_campaign": lambda w: {},
    "screening_campaign": lambda w: {"pk": w.o["campaign"].pk},
    "screening_answer": lambda w: {"pk": w.o["assignment"].pk},
    "screening_response": lambda w: {"pk": w.o["response"].pk},
    "screening_response_fhir": lambda w: {"pk": w.o["response"].pk},
    "screening_person": lambda w: {"pk": w.o["person"].pk},
    "screening_instruments": lambda w: {},
    "screening_new_questionnaire": lambda w: {},
    "screening_instrument": lambda w: {"code": "phqa"},
    "screening_instrument_fhir": lambda w: {"code": "phqa"},
    "screening_wording": lambda w: {"code": "phqa"},
    "healthz": lambda w: {},
    "help_guide": lambda w: {"name": "student"},
    "help_image": lambda w: {"name": "student-home-360.png"},
    "components": lambda w: {},
    "detection_report": lambda w: {},
    "peer_programme": lambda w: {},
    "peer_me": lambda w: {},
    "peer_nominate": lambda w: {},
    "peer_selection": lambda w: {"pk": w.o["nomination"].pk},
    "peer_profile": lambda w: {"pk": w.o["peer_profile"].pk},
    "training_programmes": lambda w: {},
    "training_mine": lambda w: {},
    "training_cpd": lambda w: {},
    "training_cpd_hours": lambda w: {},
    "training_cpd_file": lambda w: {"pk": w.o["cpd_record"].pk},
    "training_session": lambda w: {"pk": w.o["training_session"].pk},
    "training_enrolment": lambda w: {"pk": w.o["training_enrolment"].pk},
    "training_quiz": lambda w: {"pk": w.o["training_enrolment"].pk},
    "training_certificate_pdf": lambda w: {"pk": w.o["certificate"].pk},
    "training_programme": lambda w: {"pk": w.o["training_programme"].pk},
    "training_decide": lambda w: {"pk": w.o["training_programme"].pk},
    "certificate_verify_form": lambda w: {},
    "certificate_verify": lambda w: {"code": w.o["certificate"].code},
    "peer_supervision": lambda w: {},
    "supervision_new": lambda w: {},
    "my_supervision": lambda w: {},
    "pulse": lambda w: {"pk": w.o["pulse"].pk},
    "screening_peer_programme": lambda w: {},
    "guardian_edit": lambda w: {"pk": w.o["guardian"].pk},
    "guardian_invitation": lambda w: {"pk": w.o["guardian"].pk},
    "consent_form_file": lambda w: {"pk": w.o["consent"].pk},
    "directory": lambda w: {},
    "directory_export": lambda w: {"file_format": "csv"},
    "directory_import": lambda w: {},
    "provider": lambda w: {"pk": w.o["provider"].pk},
    "provider_add": lambda w: {},
    "provider_edit": lambda w: {"pk": w.o["provider"].pk},
    "referral_new": lambda w: {"case_pk": w.o["case"].pk},
    "referral_out": lambda w: {"pk": w.o["referral_out"].pk},
    "referral_letter": lambda w: {"pk": w.o["referral_out"].pk},
    "referrals_received": lambda w: {},
    "referral_received": lambda w: {"pk": w.o["referral_out"].pk},
    "violence_report_public": lambda w: {"npsn": w.s1.org.npsn},
    "violence_receipt": lambda w: {},
    "violence_report": lambda w: {},
    "violence_matters": lambda w: {},
    "violence_matter": lambda w: {"pk": w.o["matter"].pk},
    "violence_team": lambda w: {},
    "violence_summary": lambda w: {},
    "violence_offers": lambda w: {},
    "onboarding": lambda w: {},
    "onboarding_policy": lambda w: {},
    "guardian_letter": lambda w: {},
    "onboarding_upload": lambda w: {},
    "onboarding_import": lambda w: {"pk": w.o["import"].pk},
    "onboarding_class": lambda w: {"pk": w.o["cohort"].pk},
    "rollover": lambda w: {},
    "first_password": lambda w: {},
    "privacy_notice": lambda w: {},
    "privacy_person": lambda w: {"pk": w.o["person"].pk},
    "privacy_retention": lambda w: {},
    "note_break_glass": lambda w: {"pk": w.o["restricted_note"].pk},
    "programmes": lambda w: {},
    "programme_settings": lambda w: {},
    "needs_survey_new": lambda w: {},
    "needs_survey": lambda w: {"pk": w.o["needs_survey"].pk},
    "programme_new": lambda w: {},
    "programme": lambda w: {"pk": w.o["programme"].pk},
    "programme_item_new": lambda w: {"pk": w.o["programme"].pk},
    "programme_item": lambda w: {"pk": w.o["programme_item"].pk},
    "service_plan": lambda w: {"pk": w.o["programme_item"].pk},
    "service_plan_pdf": lambda w: {"pk": w.o["programme_item"].pk},
    "programme_report": lambda w: {"pk": w.o["programme"].pk},
    "programme_report_pdf": lambda w: {"pk": w.o["programme"].pk},
    "articles": lambda w: {},
    "article_new": lambda w: {},
    "article": lambda w: {"pk": w.o["article"].pk},
    "article_edit": lambda w: {"pk": w.o["article"].pk},
    "reports": lambda w: {},
    "reports_district": lambda w: {},
    "reports_indicators": lambda w: {},
    "reports_table_file": lambda w: {"table": "programmes", "file_format": "csv"},
    "reports_exports": lambda w: {},
    "reports_export_file": lambda w: {"pk": w.o["export"].pk},
}

# Endpoints that only receive a form's POST.
POST_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "switch_organisation": lambda w: {},
    "revoke_membership": lambda w: {"pk": w.o["membership"].pk},
    "sign_out_member": lambda w: {"pk": w.o["membership"].pk},
    "revoke_token": lambda w: {"pk": w.o["token"].pk},
    "mfa_recovery_codes": lambda w: {},
    "mfa_passkey_options": lambda w: {},
    "mfa_passkey_add": lambda w: {},
    "login_passkey_options": lambda w: {},
    "login_passkey": lambda w: {},
    "mfa_remove": lambda w: {"kind": "totp", "pk": w.o["totp_device"].pk},
    "notifications_read_all": lambda w: {},
    "notification_open": lambda w: {"pk": w.o["notification"].pk},
    "withdraw_request": lambda w: {"pk": w.o["request"].pk},
    "answer_offer": lambda w: {"pk": w.o["offer"].pk, "answer": "decline"},
    "case_note": lambda w: {"pk": w.o["case"].pk},
    "case_contact_log": lambda w: {"pk": w.o["case"].pk},
    "case_close": lambda w: {"pk": w.o["case"].pk},
    "case_status": lambda w: {"pk": w.o["case"].pk},
    "case_tier": lambda w: {"pk": w.o["case"].pk},
    "case_handover": lambda w: {"pk": w.o["case"].pk},
    "case_update": lambda w: {"pk": w.o["case"].pk},
    "case_lead": lambda w: {"pk": w.o["case"].pk},
    "case_team": lambda w: {"pk": w.o["case"].pk},
    "open_case_for_person": lambda w: {"person_pk": w.o["person"].pk},
    "slot_delete": lambda w: {"pk": w.o["slot"].pk},
    "slot_book": lambda w: {"pk": w.o["slot"].pk},
    "activity_done": lambda w: {"pk": w.o["activity"].pk},
    "activity_cancel": lambda w: {"pk": w.o["activity"].pk},
    "activity_attendance": lambda w: {"pk": w.o["activity"].pk},
    "activity_outcomes": lambda w: {"pk": w.o["activity"].pk},
    "alert_action": lambda w: {"pk": w.o["alert"].pk, "action": "acknowledge"},
    "duty_roster_copy": lambda w: {},
    "duty_shift_remove": lambda w: {"pk": w.o["shift"].pk},
    "safety_phrase_off": lambda w: {"pk": w.o["phrase"].pk},
    "screening_close_campaign": lambda w: {"pk": w.o["campaign"].pk},
    "screening_open_case": lambda w: {
        "pk": w.o["campaign"].pk,
        "person_pk": w.o["person"].pk,
    },
    "screening_save": lambda w: {"pk": w.o["assignment"].pk},
    "screening_submit": lambda w: {"pk": w.o["assignment"].pk},
    "screening_switch_questionnaire": lambda w: {"pk": w.o["custom_instrument"].pk},
    "screening_configure": lambda w: {"code": "phqa"},
    "triage_feedback": lambda w: {"pk": w.o["alert"].request_id},
    "alert_protocol": lambda w: {"pk": w.o["alert"].pk},
    "alert_friend": lambda w: {"pk": w.o["alert"].pk},
    "alert_feedback": lambda w: {"pk": w.o["alert"].pk},
    "responder_phone_save": lambda w: {},
    "responder_phone_remove": lambda w: {"pk": w.o["responder_phone"].pk},
    "guardian_add": lambda w: {"pk": w.o["person"].pk},
    "guardian_remove": lambda w: {"pk": w.o["guardian"].pk},
    "consent_add": lambda w: {"pk": w.o["person"].pk},
    "consent_withdraw": lambda w: {"pk": w.o["consent"].pk},
    "consent_review": lambda w: {"pk": w.o["consent"].pk},
    "referral_action": lambda w: {"pk": w.o["referral_out"].pk, "action": "answer"},
    "violence_receipt_add": lambda w: {},
    "violence_answer_offer": lambda w: {"pk": w.o["violence_offer"].pk, "answer": "decline"},
    "violence_matter_action": lambda w: {"pk": w.o["matter"].pk, "action": "step"},
    "violence_team_remove": lambda w: {"pk": w.o["team_seat"].pk},
    "reports_export_request": lambda w: {"table": "programmes", "file_format": "csv"},
    "programme_action": lambda w: {"pk": w.o["programme"].pk, "action": "approve"},
    "programme_item_delete": lambda w: {"pk": w.o["programme_item"].pk},
    "programme_item_deliver": lambda w: {"pk": w.o["programme_item"].pk},
    "programme_unlink": lambda w: {"pk": w.o["delivery"].pk},
    "article_action": lambda w: {"pk": w.o["article"].pk, "action": "submit"},
    "privacy_export": lambda w: {"pk": w.o["person"].pk},
    "privacy_correct": lambda w: {"pk": w.o["person"].pk},
    "privacy_hold": lambda w: {"pk": w.o["person"].pk},
    "privacy_erase": lambda w: {"pk": w.o["person"].pk},
    "privacy_hold_release": lambda w: {"pk": w.o["legal_hold"].pk},
    "privacy_consent_withdraw": lambda w: {"pk": w.o["consent"].pk},
    "onboarding_apply": lambda w: {"pk": w.o["import"].pk},
    "onboarding_cards": lambda w: {"pk": w.o["cohort"].pk},
    "enrolment_end": lambda w: {"pk": w.o["person"].pk},
    # After every other post of the persona: it changes the student's password (the
    # administrator gets a message: they removed the student's role before).
    "psychosocial_pfa_refer": lambda w: {"pk": w.community.objects["pfa"].pk},
    "student_password_reset": lambda w: {"pk": w.o["person"].pk},
    # Last: they end the session.
    "sign_out_everywhere": lambda w: {},
    "exit_and_log_out": lambda w: {},
    "logout": lambda w: {},
}


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, route)
        else:
            yield route, entry


def url_patterns() -> dict[str, str]:
    """Every named URL pattern of Rangkul's own pages: name -> route."""
    found: dict[str, str] = {}
    for route, entry in _walk(get_resolver()):
        if route.lstrip("^").startswith(SKIPPED_PREFIXES) or not entry.name:
            continue
        found[entry.name] = route
    return found


def unreached_patterns() -> set[str]:
    return set(url_patterns()) - set(PAGE_KWARGS) - set(POST_KWARGS)


def page_urls(world: World) -> list[Page]:
    """Every page (GET) and every form endpoint (POST only), on school 1's objects."""
    routes = url_patterns()
    pages = [
        Page(name, reverse(name, kwargs=kw(world)), routes[name])
        for name, kw in PAGE_KWARGS.items()
    ]
    pages += [
        Page(name, reverse(name, kwargs=kw(world)), routes[name], post_only=True)
        for name, kw in POST_KWARGS.items()
    ]
    return pages
