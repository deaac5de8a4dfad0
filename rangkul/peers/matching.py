"""Choosing a peer supporter for a request. One function, so that a better method (the
peer programme's optimal matching) can replace it without touching its callers.

Matching takes plain data: what the request asks for (`MatchQuery`) and each helper's
current load, both built by `cases`. This app never imports `cases`: it sits below it.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.peers.models import PeerProfile


@dataclass(frozen=True)
class MatchQuery:
    """What matching needs to know about one request, as plain values."""

    organisation_id: uuid.UUID
    # A gender value of `people.Gender`, or "" for no preference.
    gender: str = ""
    # The person the request is about, when they have an account: never their own helper.
    subject_user_id: int | None = None
    avoided_user_ids: frozenset[int] = field(default_factory=frozenset)
    declined_user_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PeerMatch:
    user: Any
    reason: dict[str, Any]


def peer_supporter_ids(organisation_id: uuid.UUID) -> list[int]:
    """Active peer supporters of the organisation (whose load the caller counts)."""
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id, role=Role.PEER_SUPPORTER, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def eligible_peers(query: MatchQuery, load: Mapping[int, int]) -> list[PeerProfile]:
    """Peer supporters who may be offered this request, least loaded first. `load` maps a
    user id to their open cases and offers (missing means none)."""
    excluded = set(query.avoided_user_ids) | set(query.declined_user_ids)
    if query.subject_user_id is not None:
        excluded.add(query.subject_user_id)
    profiles = (
        PeerProfile.objects.filter(
            organisation_id=query.organisation_id,
            user_id__in=peer_supporter_ids(query.organisation_id),
            is_available=True,
        )
        .exclude(user_id__in=excluded)
        .select_related("user")
    )
    if query.gender:
        profiles = profiles.filter(gender=query.gender)
    eligible = [p for p in profiles if load.get(p.user_id, 0) < p.max_open_cases]
    return sorted(eligible, key=lambda p: (load.get(p.user_id, 0), str(p.user_id)))


def choose_peer_supporter(query: MatchQuery, load: Mapping[int, int]) -> PeerMatch | None:
    """The least loaded eligible peer supporter, with the reasons recorded."""
    candidates = eligible_peers(query, load)
    if not candidates:
        return None
    chosen = candidates[0]
    return PeerMatch(
        user=chosen.user,
        reason={
            "method": "least_loaded",
            "candidates": len(candidates),
            "load": load.get(chosen.user_id, 0),
            "max_open_cases": chosen.max_open_cases,
            "gender_preference": query.gender or "any",
            "avoided": len(query.avoided_user_ids),
            "declined_before": len(query.declined_user_ids),
        },
    )
