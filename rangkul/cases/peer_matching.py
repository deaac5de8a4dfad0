"""The reads peer matching needs, as plain data for `peers.matching`: which requests want
a peer, what each asks of one, how loaded each helper is, and the organisation's policy.
Kept apart from `cases.queries` (the scoped reads of what a user may see): these run inside
the matching service and the triage page's hand assignment, never as a user's list."""

import uuid
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet

from rangkul.accounts.models import OrganisationKind
from rangkul.cases.models import (
    OPEN_STATUSES,
    SENSITIVE_TOPICS,
    Case,
    GenderPreference,
    HelperChoice,
    RequestStatus,
    SupportRequest,
)
from rangkul.peers.matching import (
    Context,
    PeerData,
    RequestData,
    pair_exclusion,
    peer_exclusion,
    peers_for_matching,
)
from rangkul.peers.queries import policy_for

# After this many declines a request stops going round peers and waits for a counselor.
MAX_DECLINES = 2


def wants_a_peer(support_request: SupportRequest) -> bool:
    """A request that may and wants to go to a peer supporter."""
    return (
        support_request.helper_choice in (HelperChoice.PEER, HelperChoice.EITHER)
        and not support_request.goes_to_counselor_only
        and support_request.decline_count < MAX_DECLINES
    )


def waiting_for_a_peer(organisation_id: uuid.UUID) -> QuerySet[SupportRequest]:
    """Unassigned requests of the organisation that matching may offer to a peer (offers
    waiting for an answer and accepted requests are not in it: they never move)."""
    return SupportRequest.objects.filter(
        organisation_id=organisation_id,
        status=RequestStatus.TRIAGE,
        helper_choice__in=[HelperChoice.PEER, HelperChoice.EITHER],
        decline_count__lt=MAX_DECLINES,
    ).exclude(topic__in=SENSITIVE_TOPICS)


def _age(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def request_for_matching(support_request: SupportRequest, now: datetime) -> RequestData:
    """What the request asks of a peer supporter, as plain values."""
    gender = support_request.helper_gender
    person = support_request.person
    excluded = set(support_request.avoid_helpers.values_list("pk", flat=True))
    excluded |= set(support_request.declines.values_list("user_id", flat=True))
    if person.user_id is not None:
        excluded.add(person.user_id)
    return RequestData(
        key=support_request.pk,
        domain=support_request.domain,
        language=support_request.language,
        gender="" if gender == GenderPreference.ANY else gender,
        excluded_user_ids=frozenset(excluded),
        cohort_id=person.cohort_id,
        avoid_same_class=support_request.avoid_same_class,
        age=_age(person.birth_date, now.date()),
        waited_minutes=max((now - support_request.created_at).total_seconds() / 60, 0.0),
    )


def helper_load(organisation_id: uuid.UUID) -> dict[int, int]:
    """Open cases each person leads in the organisation plus the offers waiting for them."""
    load: dict[int, int] = {}
    led = (
        Case.objects.filter(
            organisation_id=organisation_id, status__in=OPEN_STATUSES, lead__isnull=False
        )
        .values("lead_id")
        .annotate(n=Count("pk"))
    )
    for row in led:
        load[row["lead_id"]] = load.get(row["lead_id"], 0) + row["n"]
    offers = (
        SupportRequest.objects.filter(status=RequestStatus.OFFERED, offered_to__isnull=False)
        .values("offered_to_id")
        .annotate(n=Count("pk"))
    )
    for row in offers:
        load[row["offered_to_id"]] = load.get(row["offered_to_id"], 0) + row["n"]
    return load


def matching_context(organisation: Any, now: datetime) -> Context:
    policy = policy_for(organisation.id)
    return Context(
        now=now,
        is_community=organisation.kind == OrganisationKind.COMMUNITY,
        allow_adult_with_child=policy.allow_adult_with_child,
    )


def matching_input(
    organisation: Any, requests: list[SupportRequest], now: datetime
) -> tuple[list[RequestData], list[PeerData], Context]:
    """Everything `peers.matching.assign` needs for one organisation. `now` is local time
    in the organisation's zone (availability windows are written in it)."""
    data = [request_for_matching(r, now) for r in requests]
    peers = peers_for_matching(organisation.id, helper_load(organisation.id), now.date())
    return data, peers, matching_context(organisation, now)


def eligible_peers(support_request: SupportRequest, now: datetime) -> list[int]:
    """User ids of peers who could take this request now (for a counselor assigning it by
    hand from triage), the same hard constraints as matching."""
    requests, peers, ctx = matching_input(support_request.organisation, [support_request], now)
    return [
        p.user_id
        for p in peers
        if peer_exclusion(p, ctx) is None and pair_exclusion(requests[0], p, ctx) is None
    ]
