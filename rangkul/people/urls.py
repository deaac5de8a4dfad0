from django.urls import path

from rangkul.people import views

urlpatterns = [
    path("", views.people_list, name="people"),
    path("<str:pk>/", views.person_detail, name="person"),
    path("<str:pk>/access-log/", views.person_access_log, name="person_access_log"),
]
