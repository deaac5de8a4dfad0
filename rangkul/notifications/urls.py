from django.urls import path

from rangkul.notifications import views

urlpatterns = [
    path("", views.inbox, name="notifications"),
    path("read-all/", views.read_all, name="notifications_read_all"),
    path("<str:pk>/open/", views.open_notification, name="notification_open"),
]
