"""Home page tiles of the peer programme, per role (see rangkul/lib/tiles.py)."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rangkul.lib.tiles import Tile, TileFn
from rangkul.peers import permissions, queries
from rangkul.peers.models import NominationStatus, PeerStatus


def programme_tile(user: Any, org: Any) -> Tile | None:
    """The lead's view: peers by status, certificates expiring soon, open nominations."""
    if not permissions.can_run_programme(user, org.id):
        return None
    profiles = list(queries.visible_profiles(user, org.id))
    today = org.today()
    soon = today + timedelta(days=queries.policy_for(org.id).reminder_days)
    return Tile(
        "peer_programme",
        _("Peer supporter programme"),
        "peers/tiles/programme.html",
        {
            "matchable": sum(1 for p in profiles if p.is_matchable_on(today)),
            "in_training": sum(1 for p in profiles if p.status == PeerStatus.IN_TRAINING),
            "expiring": sum(
                1
                for p in profiles
                if p.certified_until
                and today <= p.certified_until <= soon
                and p.status != PeerStatus.ALUMNI
            ),
            "nominations": queries.visible_nominations(user, org.id)
            .filter(status=NominationStatus.OPEN)
            .count(),
        },
        reverse("peer_programme"),
    )


def my_peer_profile_tile(user: Any, org: Any) -> Tile | None:
    profile = queries.own_profile(user, org.id)
    if profile is None:
        return None
    return Tile(
        "my_peer_profile",
        _("My peer supporter profile"),
        "peers/tiles/my_profile.html",
        {"profile": profile, "matchable": profile.is_matchable_on(org.today())},
        reverse("peer_profile", args=[profile.pk]),
    )


def nominate_tile(user: Any, org: Any) -> Tile | None:
    if not permissions.can_nominate(user, org.id):
        return None
    return Tile(
        "peer_nominate",
        _("Nominate a peer supporter"),
        "peers/tiles/nominate.html",
        {},
        reverse("peer_nominate"),
    )


def supervision_tile(user: Any, org: Any) -> Tile | None:
    """Debriefs waiting for this supervisor, and for the lead the coverage."""
    if not permissions.can_view_supervision(user, org.id):
        return None
    debriefs = queries.open_debriefs_for(user, org.id).count()
    lead = permissions.can_lead_supervision(user, org.id)
    mine = queries.supervised_by(user, org.id).count()
    if not (debriefs or mine or lead):
        return None
    return Tile(
        "peer_supervision",
        _("Supervision of peer supporters"),
        "peers/tiles/supervision.html",
        {
            "debriefs": debriefs,
            "unsupervised": queries.unsupervised_peers(user, org.id).count() if lead else None,
        },
        reverse("peer_supervision"),
    )


TILES: dict[str, list[TileFn]] = {
    "coordinator": [programme_tile, supervision_tile],
    "admin": [programme_tile],
    "counselor": [supervision_tile, nominate_tile],
    "homeroom_teacher": [nominate_tile],
    "peer_supporter": [my_peer_profile_tile, nominate_tile],
}
