from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeersConfig(AppConfig):
    name = "rangkul.peers"
    verbose_name = _("Peer supporters")

    def ready(self) -> None:
        from rangkul.accounts import hooks
        from rangkul.accounts.roles import Role
        from rangkul.peers import services

        hooks.on_role_granted(Role.PEER_SUPPORTER, services.create_profile_for_role)
        hooks.on_role_revoked(Role.PEER_SUPPORTER, services.retire_profile_for_role)
