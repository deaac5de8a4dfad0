from django.urls import path

from rangkul.referrals.views import directory

urlpatterns = [
    path("directory/", directory.directory, name="directory"),
    path("directory/new/", directory.provider_edit, name="provider_add"),
    path("directory/import/", directory.directory_import, name="directory_import"),
    path("directory/export.<str:file_format>", directory.directory_export, name="directory_export"),
    path("directory/<str:pk>/", directory.provider_detail, name="provider"),
    path("directory/<str:pk>/edit/", directory.provider_edit, name="provider_edit"),
]
