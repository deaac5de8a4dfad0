from django.urls import path

from rangkul.cases.views import cases, requests

urlpatterns = [
    path("help/", requests.ask_for_help, name="ask_for_help"),
    path("help/sent/<str:pk>/", requests.request_sent, name="request_sent"),
    path("my/requests/", requests.my_requests, name="my_requests"),
    path("my/requests/<str:pk>/withdraw/", requests.withdraw, name="withdraw_request"),
    path("refer/", requests.refer, name="refer"),
    path("refer/sent/", requests.my_referrals, name="my_referrals"),
    path("offers/", requests.offers, name="offers"),
    path("offers/<str:pk>/<str:answer>/", requests.answer_offer, name="answer_offer"),
    path("triage/", requests.triage, name="triage"),
    path("triage/<str:pk>/", requests.triage_request, name="triage_request"),
    path("triage/<str:pk>/feedback/", requests.mark_detection, name="triage_feedback"),
    path("cases/", cases.caseload, name="cases"),
    path("cases/<str:pk>/", cases.case_detail, name="case"),
    path("cases/<str:pk>/messages/", cases.case_messages, name="case_messages"),
    path("cases/<str:pk>/notes/", cases.add_note, name="case_note"),
    path("cases/<str:pk>/contact-log/", cases.add_contact_log, name="case_contact_log"),
    path("cases/<str:pk>/close/", cases.close, name="case_close"),
    path("cases/<str:pk>/status/", cases.change_status, name="case_status"),
    path("cases/<str:pk>/tier/", cases.change_tier, name="case_tier"),
    path("cases/<str:pk>/handover/", cases.hand_over, name="case_handover"),
    path("cases/<str:pk>/update/", cases.update, name="case_update"),
    path("cases/<str:pk>/lead/", cases.set_lead, name="case_lead"),
    path("cases/<str:pk>/team/", cases.set_team, name="case_team"),
    path(
        "people/<str:person_pk>/open-case/", cases.open_case_for_person, name="open_case_for_person"
    ),
]
