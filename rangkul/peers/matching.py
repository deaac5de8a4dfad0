"""Optimal matching of open requests to peer supporters.

One function, `assign()`, takes plain data (the requests waiting for a peer and the peers of
one organisation) and returns the assignment that serves as many requests as possible and,
among those, has the highest total fit. `cases` gathers the requests and calls it; this app
never imports `cases` (it sits below it in the layer order).

How: every hard constraint removes a (request, peer) pair; the remaining pairs get a fit
score. A peer with room for k more requests becomes k "slots"; the j-th slot carries the
load-balance score of taking a (load + j)-th request, which falls with j, so filling slots in
order is always at least as good as skipping one and the slot expansion is exact. Each
request also gets a private "unassigned" column whose cost is higher than any full set of
real assignments, so the solver first maximises the number served and then the fit. The
assignment is solved by `scipy.sparse.csgraph.min_weight_full_bipartite_matching` (LAPJVsp,
the sparse counterpart of `linear_sum_assignment`) over the feasible pairs only: no pair is
pruned that could be in an optimum.
"""

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from rangkul.accounts.models import Membership
from rangkul.accounts.roles import Role
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.people.models import Person

# Weights of the fit score (points); a perfect pair scores about 100.
W_TOPIC = 30.0
W_LANGUAGE = 10.0
W_LOAD = 30.0
W_WAIT = 30.0
# Waiting longer than this earns no further priority.
WAIT_CAP_MINUTES = 240.0

ADULT_AGE = 18


@dataclass(frozen=True)
class RequestData:
    """One request waiting for a peer, as plain values."""

    key: Any
    domain: str = ""
    language: str = "id"
    # A gender value of `people.Gender`, or "" for no preference.
    gender: str = ""
    # Users the student asked to avoid, peers who declined before, the student themselves.
    excluded_user_ids: frozenset[int] = field(default_factory=frozenset)
    # The student's class, and whether they asked for nobody from it.
    cohort_id: uuid.UUID | None = None
    avoid_same_class: bool = False
    # Age of the person the request is about; None when unknown (treated as a child).
    age: int | None = None
    waited_minutes: float = 0.0


@dataclass(frozen=True)
class PeerData:
    """One peer supporter, as plain values."""

    user_id: int
    status: str = PeerStatus.ACTIVE
    certified_until: date | None = None
    gender: str = "unspecified"
    languages: tuple[str, ...] = ("id",)
    topics: frozenset[str] = field(default_factory=frozenset)
    capacity: int = 3
    # Open cases and offers waiting for an answer: they never move.
    load: int = 0
    # [(weekday, "HH:MM", "HH:MM")]; empty means any time.
    windows: tuple[tuple[int, str, str], ...] = ()
    cohort_id: uuid.UUID | None = None
    # None when unknown (treated as an adult).
    age: int | None = None


@dataclass(frozen=True)
class Context:
    now: datetime
    is_community: bool = False
    allow_adult_with_child: bool = False


@dataclass(frozen=True)
class Assignment:
    request_key: Any
    user_id: int
    score: float
    why: dict[str, Any]


@dataclass(frozen=True)
class MatchResult:
    assignments: list[Assignment]
    # request key -> why nobody could take it: {"reason": count of peers excluded by it}
    unassigned: dict[Any, dict[str, int]]


# --- Hard constraints -------------------------------------------------------------------


def _available(peer: PeerData, now: datetime) -> bool:
    if not peer.windows:
        return True
    hhmm = now.strftime("%H:%M")
    return any(day == now.weekday() and start <= hhmm < end for day, start, end in peer.windows)


def peer_exclusion(peer: PeerData, ctx: Context) -> str | None:
    """Why this peer can take no request now, or None."""
    if peer.status != PeerStatus.ACTIVE:
        return "not_active"
    if peer.certified_until is None or peer.certified_until < ctx.now.date():
        return "certificate_expired"
    if peer.load >= peer.capacity:
        return "at_capacity"
    if not _available(peer, ctx.now):
        return "not_available_now"
    return None


def pair_exclusion(request: RequestData, peer: PeerData, ctx: Context) -> str | None:
    """Why this peer may not take this request, or None."""
    if peer.user_id in request.excluded_user_ids:
        return "avoided_or_declined"
    if request.gender and peer.gender != request.gender:
        return "gender_preference"
    if request.language not in peer.languages:
        return "language"
    if request.avoid_same_class and request.cohort_id and request.cohort_id == peer.cohort_id:
        return "same_class"
    if ctx.is_community and not ctx.allow_adult_with_child:
        child = request.age is None or request.age < ADULT_AGE
        adult = peer.age is None or peer.age >= ADULT_AGE
        if child and adult:
            return "adult_with_child"
    return None


# --- Fit score ----------------------------------------------------------------------------


def _pair_score(request: RequestData, peer: PeerData) -> tuple[float, dict[str, Any]]:
    """The part of the fit that does not depend on the peer's load."""
    topic = request.domain in peer.topics
    first_language = bool(peer.languages) and peer.languages[0] == request.language
    wait = min(max(request.waited_minutes, 0.0), WAIT_CAP_MINUTES) / WAIT_CAP_MINUTES
    score = W_TOPIC * topic + W_LANGUAGE * first_language + W_WAIT * wait
    return score, {
        "topic_experience": topic,
        "first_language": first_language,
        "waited_minutes": round(request.waited_minutes),
    }


def _load_score(peer: PeerData, extra: int) -> float:
    """Load balance for taking one more request when `extra` were given in this run."""
    return W_LOAD * (1.0 - (peer.load + extra) / peer.capacity)


# --- The solver ---------------------------------------------------------------------------


def assign(requests: Sequence[RequestData], peers: Sequence[PeerData], ctx: Context) -> MatchResult:
    """The optimal assignment of requests to peers; see the module docstring."""
    unassigned: dict[Any, dict[str, int]] = {}
    peer_reasons: Counter[str] = Counter()
    usable: list[PeerData] = []
    for peer in peers:
        reason = peer_exclusion(peer, ctx)
        if reason is None:
            usable.append(peer)
        else:
            peer_reasons[reason] += 1

    # Feasible pairs and their load-independent scores.
    feasible: list[list[tuple[int, float, dict[str, Any]]]] = []
    for request in requests:
        reasons = Counter(peer_reasons)
        row = []
        for p, peer in enumerate(usable):
            reason = pair_exclusion(request, peer, ctx)
            if reason is None:
                score, why = _pair_score(request, peer)
                row.append((p, score, why))
            else:
                reasons[reason] += 1
        feasible.append(row)
        if not row:
            unassigned[request.key] = dict(reasons)

    n = len(requests)
    # Slots: peer p's j-th extra request is column slot_start[p] + j.
    demand = Counter(p for row in feasible for p, _s, _w in row)
    slot_start: list[int] = []
    slot_count: list[int] = []
    columns = 0
    for p, peer in enumerate(usable):
        k = min(peer.capacity - peer.load, demand.get(p, 0))
        slot_start.append(columns)
        slot_count.append(k)
        columns += k

    max_score = W_TOPIC + W_LANGUAGE + W_LOAD + W_WAIT
    # Real costs lie in [1, max_score + 1]; an unassigned request costs more than any row
    # set of real assignments can, so serving one more request always wins.
    unserved = (max_score + 1.0) * (n + 1)
    rows: list[int] = []
    cols: list[int] = []
    costs: list[float] = []
    for i, row in enumerate(feasible):
        for p, score, _why in row:
            peer = usable[p]
            for j in range(slot_count[p]):
                rows.append(i)
                cols.append(slot_start[p] + j)
                costs.append(max_score + 1.0 - (score + _load_score(peer, j)))
        rows.append(i)
        cols.append(columns + i)
        costs.append(unserved)
    if n == 0:
        return MatchResult(assignments=[], unassigned={})

    matrix = csr_matrix(
        (np.asarray(costs, dtype=float), (np.asarray(rows), np.asarray(cols))),
        shape=(n, columns + n),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(matrix)

    slot_owner = np.empty(columns, dtype=np.int64)
    for p in range(len(usable)):
        slot_owner[slot_start[p] : slot_start[p] + slot_count[p]] = p
    given: Counter[int] = Counter()
    chosen: dict[int, int] = {}
    for i, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
        if c < columns:
            chosen[i] = int(slot_owner[c])
    assignments: list[Assignment] = []
    # Explanations in request order; the load shown is the peer's load when offered.
    for i in sorted(chosen):
        p = chosen[i]
        peer = usable[p]
        request = requests[i]
        score, why = next((s, w) for q, s, w in feasible[i] if q == p)
        load_score = _load_score(peer, given[p])
        assignments.append(
            Assignment(
                request_key=request.key,
                user_id=peer.user_id,
                score=round(score + load_score, 2),
                why={
                    "method": "optimal",
                    **why,
                    "language": request.language,
                    "load": peer.load + given[p],
                    "capacity": peer.capacity,
                    "eligible_peers": len(feasible[i]),
                    "requests_matched_together": n,
                },
            )
        )
        given[p] += 1
    for i, request in enumerate(requests):
        if i not in chosen and request.key not in unassigned:
            unassigned[request.key] = {"all_eligible_peers_taken": len(feasible[i])}
    return MatchResult(assignments=assignments, unassigned=unassigned)


def total_score(result: MatchResult) -> float:
    return sum(a.score for a in result.assignments)


# --- Peers as plain data --------------------------------------------------------------------


def _age(birth_date: date | None, today: date) -> int | None:
    if birth_date is None:
        return None
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def peers_for_matching(
    organisation_id: uuid.UUID, load: dict[int, int], today: date
) -> list[PeerData]:
    """The organisation's peer supporters (holding the role, with an active account) as
    plain data; `load` maps a user id to their open cases and offers."""
    holders = Membership.objects.filter(
        organisation_id=organisation_id, role=Role.PEER_SUPPORTER, user__is_active=True
    ).values("user_id")
    profiles = list(
        PeerProfile.objects.filter(
            organisation_id=organisation_id, user_id__in=holders, status=PeerStatus.ACTIVE
        )
    )
    people = {
        row["user_id"]: row
        for row in Person.objects.filter(
            organisation_id=organisation_id, user_id__in=[p.user_id for p in profiles]
        ).values("user_id", "cohort_id", "birth_date")
    }
    result = []
    for p in profiles:
        person: Any = people.get(p.user_id, {})
        result.append(
            PeerData(
                user_id=p.user_id,
                status=p.status,
                certified_until=p.certified_until,
                gender=p.gender,
                languages=tuple(p.languages),
                topics=frozenset(p.topics),
                capacity=p.max_open_cases,
                load=load.get(p.user_id, 0),
                windows=tuple((w["weekday"], w["start"], w["end"]) for w in p.availability),
                cohort_id=person.get("cohort_id"),
                age=_age(person.get("birth_date"), today),
            )
        )
    return result
