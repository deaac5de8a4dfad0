from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "rangkul.referrals"
    verbose_name = _("Service directory and referrals out")
