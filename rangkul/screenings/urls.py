from django.urls import path

from rangkul.screenings.views import campaigns, instruments, peers, respond, results

urlpatterns = [
    path("", campaigns.index, name="screenings"),
    path("mine/", respond.my_questionnaires, name="my_questionnaires"),
    path("peers/", peers.peer_programme, name="screening_peer_programme"),
    path("campaigns/new/", campaigns.new_campaign, name="screening_new_campaign"),
    path("campaigns/<str:pk>/", campaigns.campaign_detail, name="screening_campaign"),
    path("campaigns/<str:pk>/close/", campaigns.close_campaign, name="screening_close_campaign"),
    path(
        "campaigns/<str:pk>/follow-up/<str:person_pk>/case/",
        campaigns.open_case,
        name="screening_open_case",
    ),
    path("a/<str:pk>/", respond.answer, name="screening_answer"),
    path("a/<str:pk>/save/", respond.save, name="screening_save"),
    path("a/<str:pk>/submit/", respond.submit, name="screening_submit"),
    path("responses/<str:pk>/", results.response_detail, name="screening_response"),
    path("responses/<str:pk>/fhir.json", results.response_fhir, name="screening_response_fhir"),
    path("people/<str:pk>/", results.person_results, name="screening_person"),
    path("instruments/", instruments.settings_page, name="screening_instruments"),
    path("instruments/new/", instruments.new_questionnaire, name="screening_new_questionnaire"),
    path(
        "instruments/own/<str:pk>/switch/",
        instruments.switch_questionnaire,
        name="screening_switch_questionnaire",
    ),
    path("instruments/<str:code>/", instruments.instrument_detail, name="screening_instrument"),
    path(
        "instruments/<str:code>/fhir.json",
        instruments.instrument_fhir,
        name="screening_instrument_fhir",
    ),
    path("instruments/<str:code>/configure/", instruments.configure, name="screening_configure"),
    path("instruments/<str:code>/wording/", instruments.wording, name="screening_wording"),
]
