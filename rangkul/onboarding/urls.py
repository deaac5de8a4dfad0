from django.urls import path

from rangkul.onboarding import views

urlpatterns = [
    path("onboarding/", views.overview, name="onboarding"),
    path("onboarding/data-policy/", views.data_policy, name="onboarding_policy"),
    path("onboarding/guardian-letter.pdf", views.guardian_letter, name="guardian_letter"),
    path("onboarding/import/", views.upload, name="onboarding_upload"),
    path("onboarding/import/<str:pk>/", views.import_preview, name="onboarding_import"),
    path("onboarding/import/<str:pk>/apply/", views.import_apply, name="onboarding_apply"),
    path("onboarding/classes/<str:pk>/", views.class_page, name="onboarding_class"),
    path("onboarding/classes/<str:pk>/cards/", views.class_cards, name="onboarding_cards"),
    path(
        "onboarding/students/<str:pk>/reset/", views.password_reset, name="student_password_reset"
    ),
    path("onboarding/students/<str:pk>/end/", views.end_enrolment, name="enrolment_end"),
    path("onboarding/rollover/", views.rollover_page, name="rollover"),
    path("welcome/password/", views.first_password, name="first_password"),
    path("welcome/privacy/", views.privacy_notice, name="privacy_notice"),
]
