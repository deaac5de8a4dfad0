from django.urls import path

from rangkul.referrals.views import directory, referrals

urlpatterns = [
    path("directory/", directory.directory, name="directory"),
    path("directory/new/", directory.provider_edit, name="provider_add"),
    path("directory/import/", directory.directory_import, name="directory_import"),
    path("directory/export.<str:file_format>", directory.directory_export, name="directory_export"),
    path("directory/<str:pk>/", directory.provider_detail, name="provider"),
    path("directory/<str:pk>/edit/", directory.provider_edit, name="provider_edit"),
    path("new/<str:case_pk>/", referrals.referral_new, name="referral_new"),
    path("received/", referrals.received, name="referrals_received"),
    path("received/<str:pk>/", referrals.referral_received, name="referral_received"),
    path("<str:pk>/", referrals.referral_out, name="referral_out"),
    path("<str:pk>/letter.pdf", referrals.referral_letter, name="referral_letter"),
    path("<str:pk>/<str:action>/", referrals.referral_action, name="referral_action"),
]
