from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "rangkul.activities"
    verbose_name = _("Activities, appointments and groups")
