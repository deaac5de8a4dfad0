from django.urls import path

from rangkul.psychosocial import views

urlpatterns = [
    path("", views.programmes, name="psychosocial_programmes"),
    path("new/", views.programme_edit, name="psychosocial_programme_new"),
    path("imports/<str:pk>/", views.import_preview, name="psychosocial_import"),
    path("pfa/<str:pk>/", views.pfa, name="psychosocial_pfa"),
    path("pfa/<str:pk>/refer/", views.pfa_refer, name="psychosocial_pfa_refer"),
    path("<str:pk>/", views.programme, name="psychosocial_programme"),
    path("<str:pk>/edit/", views.programme_edit, name="psychosocial_programme_edit"),
    path("<str:pk>/beneficiaries/", views.beneficiaries, name="psychosocial_beneficiaries"),
    path(
        "<str:pk>/beneficiaries/new/",
        views.beneficiary_new,
        name="psychosocial_beneficiary_new",
    ),
    path(
        "<str:pk>/beneficiaries/import/",
        views.beneficiary_import,
        name="psychosocial_beneficiary_import",
    ),
    path("<str:pk>/pfa/new/", views.pfa_new, name="psychosocial_pfa_new"),
]
