from django.urls import path

from rangkul.safety import views

urlpatterns = [
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<str:pk>/", views.alert_detail, name="alert"),
    path("alerts/<str:pk>/<str:action>/", views.handle_alert, name="alert_action"),
]
