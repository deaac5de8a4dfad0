"""Home tiles of the directory and referrals out, per role."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.roles import Role
from rangkul.lib.tiles import Tile, TileFn
from rangkul.referrals import queries
from rangkul.referrals.models import CLOSED_REFERRAL_STATUSES, ReferralStatus


def received_tile(user: Any, org: Any) -> Tile:
    referrals = queries.received_referrals(user).filter(provider__provider_organisation=org)
    return Tile(
        "referrals_received",
        _("Referrals received"),
        "referrals/tiles/received.html",
        {
            "new": referrals.filter(status=ReferralStatus.SENT).count(),
            "open": referrals.exclude(status__in=list(CLOSED_REFERRAL_STATUSES)).count(),
        },
        reverse("referrals_received"),
    )


def directory_tile(user: Any, org: Any) -> Tile:
    return Tile(
        "directory",
        _("Service directory"),
        "referrals/tiles/directory.html",
        {"count": queries.visible_providers(user).count()},
        reverse("directory"),
    )


TILES: dict[str, list[TileFn]] = {
    Role.PROVIDER: [received_tile],
    Role.COUNSELOR: [directory_tile],
    Role.COORDINATOR: [directory_tile],
    Role.FIELD_WORKER: [directory_tile],
}
