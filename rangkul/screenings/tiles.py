"""Home page tiles of this app, per role (see rangkul/lib/tiles.py)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.roles import Role
from rangkul.lib.tiles import Tile, TileFn
from rangkul.screenings import catalogue, permissions, queries


def pending_tile(user: Any, org: Any) -> Tile | None:
    pending = list(queries.pending_assignments(user, org))
    if not pending:
        return None
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    for a in pending:
        a.plain_name = catalogue.plain_name(a.campaign, lang)  # type: ignore[attr-defined]
    return Tile(
        "screenings_pending",
        _("Questionnaires to fill in"),
        "screenings/tiles/pending.html",
        {"pending": pending},
        reverse("my_questionnaires"),
    )


def campaigns_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_create_campaign(user, org.id):
        return None
    campaigns = queries.open_campaigns(user, org)
    counts = queries.completions([c.pk for c in campaigns])
    shown = campaigns[:5]
    follow_up = queries.follow_up_counts(user, shown)
    rows = [(c, counts.get(c.pk), follow_up.get(c.pk, 0)) for c in shown]
    return Tile(
        "screenings_campaigns",
        _("Open screening campaigns"),
        "screenings/tiles/campaigns.html",
        {"rows": rows, "more": max(0, len(campaigns) - 5)},
        reverse("screenings"),
    )


def aggregate_tile(user: Any, org: Any) -> Tile | None:
    campaign = queries.aggregate_campaigns(user, org.id).first()
    if campaign is None:
        return None
    distribution = queries.band_distribution(user, campaign, (get_language() or "id")[:2])
    return Tile(
        "screenings_aggregate",
        _("Latest screening results"),
        "screenings/tiles/aggregate.html",
        {"campaign": campaign, "distribution": distribution},
        reverse("screenings"),
    )


TILES: dict[str, list[TileFn]] = {
    Role.STUDENT: [pending_tile],
    Role.PEER_SUPPORTER: [pending_tile],
    Role.COUNSELOR: [campaigns_tile],
    Role.COORDINATOR: [campaigns_tile],
    Role.FIELD_WORKER: [campaigns_tile],
    Role.PRINCIPAL: [aggregate_tile],
}
