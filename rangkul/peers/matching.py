"""Choosing a peer supporter for a request. One function, so that a better method (the
peer programme's optimal matching) can replace it without touching its callers."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.cases.models import OPEN_STATUSES, GenderPreference, RequestStatus, SupportRequest
from rangkul.peers.models import PeerProfile


@dataclass(frozen=True)
class PeerMatch:
    user: Any
    reason: dict[str, Any]


def eligible_peers(request: SupportRequest) -> list[PeerProfile]:
    """Peer supporters who may be offered this request, least loaded first."""
    org = request.organisation_id
    peer_ids = Membership.objects.filter(
        organisation_id=org, role=Role.PEER_SUPPORTER, user__is_active=True
    ).values("user_id")
    excluded = set(request.avoid_helpers.values_list("pk", flat=True))
    excluded |= set(request.declines.values_list("user_id", flat=True))
    if request.person.user_id:
        excluded.add(request.person.user_id)
    profiles = (
        PeerProfile.objects.filter(organisation_id=org, user_id__in=peer_ids, is_available=True)
        .exclude(user_id__in=excluded)
        .annotate(
            open_cases=Count(
                "user__led_cases",
                filter=Q(user__led_cases__status__in=OPEN_STATUSES)
                & Q(user__led_cases__organisation_id=org),
                distinct=True,
            ),
            open_offers=Count(
                "user__offered_requests",
                filter=Q(user__offered_requests__status=RequestStatus.OFFERED),
                distinct=True,
            ),
        )
        .select_related("user")
    )
    if request.helper_gender != GenderPreference.ANY:
        profiles = profiles.filter(gender=request.helper_gender)
    eligible = [p for p in profiles if p.open_cases + p.open_offers < p.max_open_cases]  # type: ignore[attr-defined]
    return sorted(eligible, key=lambda p: (p.open_cases + p.open_offers, str(p.user_id)))  # type: ignore[attr-defined]


def choose_peer_supporter(request: SupportRequest) -> PeerMatch | None:
    """The least loaded eligible peer supporter, with the reasons recorded."""
    candidates = eligible_peers(request)
    if not candidates:
        return None
    chosen = candidates[0]
    load = chosen.open_cases + chosen.open_offers  # type: ignore[attr-defined]
    return PeerMatch(
        user=chosen.user,
        reason={
            "method": "least_loaded",
            "candidates": len(candidates),
            "load": load,
            "max_open_cases": chosen.max_open_cases,
            "gender_preference": request.helper_gender,
            "avoided": request.avoid_helpers.count(),
            "declined_before": request.declines.count(),
        },
    )
