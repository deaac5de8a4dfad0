from django.urls import path

from rangkul.privacy import views

urlpatterns = [
    path("people/<str:pk>/", views.person_rights, name="privacy_person"),
    path("people/<str:pk>/export/", views.export, name="privacy_export"),
    path("people/<str:pk>/correct/", views.correct, name="privacy_correct"),
    path("people/<str:pk>/hold/", views.hold_add, name="privacy_hold"),
    path("people/<str:pk>/erase/", views.erase, name="privacy_erase"),
    path("holds/<str:pk>/release/", views.hold_release, name="privacy_hold_release"),
    path("consents/<str:pk>/withdraw/", views.consent_withdraw, name="privacy_consent_withdraw"),
    path("retention/", views.retention, name="privacy_retention"),
    path("notes/<str:pk>/open/", views.break_glass, name="note_break_glass"),
]
