from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "rangkul.safety"
    verbose_name = _("Safety")
