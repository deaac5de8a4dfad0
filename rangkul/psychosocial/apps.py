from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PsychosocialConfig(AppConfig):
    name = "rangkul.psychosocial"
    verbose_name = _("Psychosocial programmes")
