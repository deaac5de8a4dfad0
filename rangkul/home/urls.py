from django.urls import path

from rangkul.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cuaca/", views.neutral, name="neutral"),
    path("keluar/", views.exit_and_log_out, name="exit_and_log_out"),
    path("guide/<slug:name>/", views.help_guide, name="help_guide"),
    path("guide/img/<str:name>", views.help_image, name="help_image"),
    path("design/components/", views.components, name="components"),
]
