from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "rangkul.regions"
    verbose_name = _("Kemendagri regions")

    def ready(self) -> None:
        from rangkul.regions.data import load_after_migrate

        # After every migrate, and after the flush between transactional tests (which
        # empties every table and then signals post_migrate), like content types.
        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="regions_load")
