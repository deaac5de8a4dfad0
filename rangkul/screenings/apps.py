from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningsConfig(AppConfig):
    name = "rangkul.screenings"
    verbose_name = _("Screenings and outcomes")

    def ready(self) -> None:
        from rangkul.peers import hooks
        from rangkul.screenings import peer_checks

        hooks.on_status_changed(peer_checks.on_status_changed)
