from django.urls import path

from rangkul.safety.views import alerts, arrangements

urlpatterns = [
    path("alerts/", alerts.alerts, name="alerts"),
    path("alerts/<str:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<str:pk>/protocol/", alerts.tick_protocol, name="alert_protocol"),
    path("alerts/<str:pk>/friend/", alerts.identify_friend, name="alert_friend"),
    path("alerts/<str:pk>/feedback/", alerts.mark_detection, name="alert_feedback"),
    path("alerts/<str:pk>/<str:action>/", alerts.handle_alert, name="alert_action"),
    path("detection-feedback/", alerts.detection_report, name="detection_report"),
    path("roster/", arrangements.roster, name="duty_roster"),
    path("roster/copy/", arrangements.copy_week, name="duty_roster_copy"),
    path("roster/shifts/<str:pk>/remove/", arrangements.remove_shift, name="duty_shift_remove"),
    path("phrases/", arrangements.phrases, name="safety_phrases"),
    path("phrases/<str:pk>/deactivate/", arrangements.deactivate_phrase, name="safety_phrase_off"),
    path("resources/", arrangements.resources, name="safety_resources"),
    path("resources/<str:pk>/", arrangements.resource, name="safety_resource"),
    path("settings/", arrangements.safety_settings, name="safety_settings"),
    path("settings/phones/", arrangements.save_phone, name="responder_phone_save"),
    path(
        "settings/phones/<str:pk>/remove/", arrangements.remove_phone, name="responder_phone_remove"
    ),
]
