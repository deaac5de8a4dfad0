from django.urls import path

from rangkul.peers import views

urlpatterns = [
    path("", views.programme, name="peer_programme"),
    path("me/", views.my_profile, name="peer_me"),
    path("nominate/", views.nominate, name="peer_nominate"),
    path("supervision/", views.supervision, name="peer_supervision"),
    path("nominations/<str:pk>/", views.selection, name="peer_selection"),
    path("<str:pk>/", views.profile_detail, name="peer_profile"),
]
