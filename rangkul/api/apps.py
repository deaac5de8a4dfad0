from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "rangkul.api"
    verbose_name = "API"
