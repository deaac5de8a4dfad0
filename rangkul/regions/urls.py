from django.urls import path

from rangkul.regions import views

urlpatterns = [
    path("children/", views.region_children, name="region_children"),
]
