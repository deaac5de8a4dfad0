"""Open alerts stay at the top of every responder's home page until acknowledged."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.permissions import has_capability
from rangkul.accounts.roles import Capability, Role
from rangkul.lib.tiles import Tile, TileFn
from rangkul.safety.queries import open_alerts


def open_alerts_tile(user: Any, org: Any) -> Tile | None:
    if not has_capability(user, org.id, Capability.RESPOND_TO_ALERTS):
        return None
    alerts = list(open_alerts(user, org.id)[:10])
    return Tile(
        "open_alerts",
        _("Open safety alerts"),
        "safety/tiles/open_alerts.html",
        {"alerts": alerts},
        reverse("alerts"),
        urgent=bool(alerts),
    )


TILES: dict[str, list[TileFn]] = {
    Role.COUNSELOR: [open_alerts_tile],
    Role.COORDINATOR: [open_alerts_tile],
}
