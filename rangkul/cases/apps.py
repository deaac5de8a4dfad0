from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "rangkul.cases"
    verbose_name = _("Support requests and cases")
