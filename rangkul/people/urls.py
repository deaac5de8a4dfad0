from django.urls import path

from rangkul.people import views

urlpatterns = [
    path("", views.people_list, name="people"),
    path("guardians/<str:pk>/", views.guardian_edit, name="guardian_edit"),
    path("guardians/<str:pk>/invitation/", views.guardian_invitation, name="guardian_invitation"),
    path("guardians/<str:pk>/remove/", views.guardian_remove, name="guardian_remove"),
    path("consents/<str:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("consents/<str:pk>/review/", views.consent_review, name="consent_review"),
    path("consents/<str:pk>/form/", views.consent_form_file, name="consent_form_file"),
    path("<str:pk>/", views.person_detail, name="person"),
    path("<str:pk>/guardians/", views.guardian_add, name="guardian_add"),
    path("<str:pk>/consents/", views.consent_add, name="consent_add"),
    path("<str:pk>/access-log/", views.person_access_log, name="person_access_log"),
]
