from django.urls import path

from rangkul.reports import views

urlpatterns = [
    path("", views.school, name="reports"),
    path("district/", views.district, name="reports_district"),
    path("indicators/", views.indicators, name="reports_indicators"),
    path("tables/<slug:table>.<str:file_format>", views.table_file, name="reports_table_file"),
    path("exports/", views.exports, name="reports_exports"),
    path(
        "exports/new/<slug:table>.<str:file_format>",
        views.export_request,
        name="reports_export_request",
    ),
    path("exports/<str:pk>/file/", views.export_file, name="reports_export_file"),
]
