from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystemConfig(AppConfig):
    name = "rangkul.system"
    verbose_name = _("System")

    def ready(self) -> None:
        from rangkul.lib import pgtimes

        # Times read from PostgreSQL by psycopg's compiled loader (rangkul/lib/pgtimes.py).
        pgtimes.connect()
