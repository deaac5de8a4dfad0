"""Demo peer supporters, made through the programme's own services."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rangkul.accounts import services as accounts
from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.peers import services
from rangkul.peers.models import PeerProfile, PeerStatus

_DEMO_TOPICS = [["learning", "social"], ["personal", "social"], ["learning", "career"]]


def appoint_demo_peer(
    *, coordinator: Any, user: Any, organisation: Any, gender: str, n: int
) -> None:
    """Grant the role (which creates the profile), then take the peer through selection,
    training and certification to active, each step recorded as a coordinator would."""
    if not Membership.objects.filter(
        user=user, organisation=organisation, role=Role.PEER_SUPPORTER
    ).exists():
        accounts.grant_role(
            by=coordinator, user=user, organisation=organisation, role=Role.PEER_SUPPORTER
        )
    profile = PeerProfile.objects.get(organisation=organisation, user=user)
    if profile.status != PeerStatus.CANDIDATE:
        return
    steps = [
        (PeerStatus.SELECTED, "Terpilih dalam seleksi konselor sebaya"),
        (PeerStatus.IN_TRAINING, "Mengikuti pelatihan dasar"),
    ]
    for target, reason in steps:
        services.transition(by=coordinator, profile=profile, to=target, reason=reason)
    services.transition(
        by=coordinator,
        profile=profile,
        to=PeerStatus.CERTIFIED,
        reason="Lulus pelatihan dasar",
        certified_until=timezone.localdate() + timedelta(days=365),
    )
    services.transition(
        by=coordinator, profile=profile, to=PeerStatus.ACTIVE, reason="Mulai bertugas"
    )
    services.update_profile(
        by=coordinator,
        profile=profile,
        gender=gender,
        languages=["id", "jv"] if n % 2 else ["id"],
        topics=_DEMO_TOPICS[n % len(_DEMO_TOPICS)],
    )
