from django.urls import path

from rangkul.home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("cuaca/", views.neutral, name="neutral"),
]
