from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolenceConfig(AppConfig):
    name = "rangkul.violence"
    verbose_name = _("Violence reports (TPPK)")
