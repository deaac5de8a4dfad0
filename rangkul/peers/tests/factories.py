"""Peer programme test data."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rangkul.peers.models import PeerProfile, PeerStatus


def matchable_peer(org: Any, user: Any, **fields: Any) -> PeerProfile:
    """A certified, active peer supporter whose certificate runs for another year."""
    values: dict[str, Any] = {
        "status": PeerStatus.ACTIVE,
        "certified_until": timezone.localdate() + timedelta(days=365),
        "languages": ["id"],
        "gender": "female",
    }
    values.update(fields)
    profile, _created = PeerProfile.objects.update_or_create(
        organisation=org, user=user, defaults=values
    )
    return profile
