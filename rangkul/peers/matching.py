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
from django.utils.translation import gettext_lazy as _
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

# What a counselor reads in triage when no peer could take a request.
EXCLUSION_LABELS: dict[str, Any] = {
    "not_active": _("not active"),
    "certificate_expired": _("certificate expired"),
    "at_capacity": _("no free place"),
    "not_available_now": _("not available at this time"),
    "avoided_or_declined": _("asked to avoid, or declined before"),
    "gender_preference": _("not the gender asked for"),
    "language": _("does not speak the language asked for"),
    "same_class": _("from the student's class"),
    "adult_with_child": _(
        "an adult, and this organisation's rules do not let adult peers support children"
    ),
    "all_eligible_peers_taken": _(
        "eligible, but given to requests waiting longer or fitting better"
    ),
}


def explain_no_peer(reasons: dict[str, int]) -> list[tuple[Any, int]]:
    """(label, number of peers) for each reason nobody could take a request."""
    return [(EXCLUSION_LABELS.get(k, k), n) for k, n in reasons.items() if n]


# Reasons a pair is excluded, in the order they are checked (the first one is reported).
PEER_REASONS = ("not_active", "certificate_expired", "at_capacity", "not_available_now")
PAIR_REASONS = ("avoided_or_declined", "gender_preference", "language", "same_class",
                "adult_with_child")  # fmt: skip


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


def _codes(values: Sequence[Any]) -> tuple[np.ndarray, dict[Any, int]]:
    vocabulary: dict[Any, int] = {}
    return np.array(
        [vocabulary.setdefault(v, len(vocabulary)) for v in values], dtype=np.int64
    ), vocabulary


def _pair_masks(
    requests: Sequence[RequestData], peers: Sequence[PeerData], ctx: Context
) -> list[np.ndarray]:
    """One boolean (requests x peers) matrix per pair rule in `PAIR_REASONS`: True where
    the rule allows the pair."""
    n, m = len(requests), len(peers)
    index = {p.user_id: j for j, p in enumerate(peers)}
    not_avoided = np.ones((n, m), dtype=bool)
    for i, r in enumerate(requests):
        for uid in r.excluded_user_ids:
            j = index.get(uid)
            if j is not None:
                not_avoided[i, j] = False

    genders, gvocab = _codes([p.gender for p in peers])
    wanted = np.array(
        [gvocab.get(r.gender, -2) if r.gender else -1 for r in requests], dtype=np.int64
    )
    gender_ok = (wanted[:, None] == -1) | (wanted[:, None] == genders[None, :])

    langs: dict[str, int] = {}
    for p in peers:
        for code in p.languages:
            langs.setdefault(code, len(langs))
    speaks = np.zeros((m, len(langs) + 1), dtype=bool)  # the last column: nobody speaks it
    for j, p in enumerate(peers):
        for code in p.languages:
            speaks[j, langs[code]] = True
    asked = np.array([langs.get(r.language, len(langs)) for r in requests], dtype=np.int64)
    language_ok = speaks[:, asked].T if m else np.zeros((n, 0), dtype=bool)

    classes: dict[Any, int] = {}
    peer_class = np.array(
        [classes.setdefault(p.cohort_id, len(classes)) if p.cohort_id else -1 for p in peers],
        dtype=np.int64,
    )
    req_class = np.array(
        [
            classes.get(r.cohort_id, -2) if r.cohort_id and r.avoid_same_class else -3
            for r in requests
        ],
        dtype=np.int64,
    )
    class_ok = req_class[:, None] != peer_class[None, :]

    if ctx.is_community and not ctx.allow_adult_with_child:
        child = np.array([r.age is None or r.age < ADULT_AGE for r in requests], dtype=bool)
        adult = np.array([p.age is None or p.age >= ADULT_AGE for p in peers], dtype=bool)
        age_ok = ~(child[:, None] & adult[None, :])
    else:
        age_ok = np.ones((n, m), dtype=bool)
    return [
        not_avoided,
        gender_ok.reshape(n, m),
        language_ok.reshape(n, m),
        class_ok.reshape(n, m),
        age_ok,
    ]


def pair_exclusion(request: RequestData, peer: PeerData, ctx: Context) -> str | None:
    """Why this peer may not take this request, or None (the rules `assign` applies)."""
    for reason, mask in zip(PAIR_REASONS, _pair_masks([request], [peer], ctx), strict=True):
        if not mask[0, 0]:
            return reason
    return None


# --- Fit score ----------------------------------------------------------------------------


def _base_scores(
    requests: Sequence[RequestData], peers: Sequence[PeerData]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The load-independent fit of every pair: (score, topic match, first-language match)."""
    n, m = len(requests), len(peers)
    topics: dict[str, int] = {}
    for p in peers:
        for t in p.topics:
            topics.setdefault(t, len(topics))
    knows = np.zeros((m, len(topics) + 1), dtype=bool)
    for j, p in enumerate(peers):
        for t in p.topics:
            knows[j, topics[t]] = True
    domain = np.array([topics.get(r.domain, len(topics)) for r in requests], dtype=np.int64)
    topic = knows[:, domain].T.reshape(n, m)
    first = np.array([p.languages[0] if p.languages else "" for p in peers], dtype=object)
    asked = np.array([r.language for r in requests], dtype=object)
    first_language = (asked[:, None] == first[None, :]).astype(bool).reshape(n, m)
    wait = np.clip(np.array([r.waited_minutes for r in requests], dtype=float), 0, WAIT_CAP_MINUTES)
    score = (
        W_TOPIC * topic + W_LANGUAGE * first_language + (W_WAIT * wait / WAIT_CAP_MINUTES)[:, None]
    )
    return score, topic, first_language


def _load_score(peer: PeerData, extra: int) -> float:
    """Load balance for taking one more request when `extra` were given in this run."""
    return W_LOAD * (1.0 - (peer.load + extra) / peer.capacity)


def _pair_score(request: RequestData, peer: PeerData) -> tuple[float, dict[str, Any]]:
    """The load-independent fit of one pair (as `assign` computes it)."""
    score, topic, first = _base_scores([request], [peer])
    return float(score[0, 0]), {
        "topic_experience": bool(topic[0, 0]),
        "first_language": bool(first[0, 0]),
    }


# --- The solver ---------------------------------------------------------------------------


def assign(requests: Sequence[RequestData], peers: Sequence[PeerData], ctx: Context) -> MatchResult:
    """The optimal assignment of requests to peers; see the module docstring."""
    n = len(requests)
    peer_reasons: Counter[str] = Counter()
    usable: list[PeerData] = []
    for peer in peers:
        reason = peer_exclusion(peer, ctx)
        if reason is None:
            usable.append(peer)
        else:
            peer_reasons[reason] += 1
    m = len(usable)
    if n == 0:
        return MatchResult(assignments=[], unassigned={})

    masks = _pair_masks(requests, usable, ctx)
    feasible = np.ones((n, m), dtype=bool)
    first_failure = []
    for mask in masks:
        first_failure.append(feasible & ~mask)
        feasible &= mask
    base, topic, first_language = _base_scores(requests, usable)

    # Slots: peer p's j-th extra request (j < its free places, and never more than the
    # requests that could go to it).
    remaining = np.array([p.capacity - p.load for p in usable], dtype=np.int64)
    slots = np.minimum(remaining, feasible.sum(axis=0)) if m else np.zeros(0, dtype=np.int64)
    capacity = np.array([p.capacity for p in usable], dtype=float)
    load = np.array([p.load for p in usable], dtype=float)
    slot_start = np.concatenate([[0], np.cumsum(slots)[:-1]]).astype(np.int64) if m else slots
    columns = int(slots.sum())

    max_score = W_TOPIC + W_LANGUAGE + W_LOAD + W_WAIT
    # Real costs lie in [1, max_score + 1]; an unassigned request costs more than any row
    # set of real assignments can, so serving one more request always wins.
    unserved = (max_score + 1.0) * (n + 1)
    # (With slots as rows, an unused slot plays that part.)
    rows_parts, cols_parts, cost_parts = [], [], []
    for j in range(int(slots.max()) if m and columns else 0):
        rr, pp = np.nonzero(feasible & (slots > j)[None, :])
        rows_parts.append(rr)
        cols_parts.append(slot_start[pp] + j)
        load_score = W_LOAD * (1.0 - (load[pp] + j) / capacity[pp])
        cost_parts.append(max_score + 1.0 - (base[rr, pp] + load_score))
    real_rows = np.concatenate(rows_parts) if rows_parts else np.zeros(0, dtype=np.int64)
    real_cols = np.concatenate(cols_parts) if cols_parts else np.zeros(0, dtype=np.int64)
    real_costs = np.concatenate(cost_parts) if cost_parts else np.zeros(0)
    slot_owner = np.repeat(np.arange(m), slots)
    chosen: dict[int, int] = {}
    if n <= columns:
        # Requests as rows, each with its own "unassigned" column.
        matrix = csr_matrix(
            (
                np.concatenate([real_costs, np.full(n, unserved)]),
                (
                    np.concatenate([real_rows, np.arange(n)]),
                    np.concatenate([real_cols, columns + np.arange(n)]),
                ),
            ),
            shape=(n, columns + n),
        )
        row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
        for i, c in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
            if c < columns:
                chosen[i] = int(slot_owner[c])
    else:
        # Fewer places than requests: the same problem with slots as rows, each with its
        # own "unused" column (the solver's work grows with the number of rows).
        unused = (max_score + 1.0) * (columns + 1)
        matrix = csr_matrix(
            (
                np.concatenate([real_costs, np.full(columns, unused)]),
                (
                    np.concatenate([real_cols, np.arange(columns)]),
                    np.concatenate([real_rows, n + np.arange(columns)]),
                ),
            ),
            shape=(columns, n + columns),
        )
        if columns:
            row_ind, col_ind = min_weight_full_bipartite_matching(matrix)
            for c, i in zip(row_ind.tolist(), col_ind.tolist(), strict=True):
                if i < n:
                    chosen[i] = int(slot_owner[c])
    eligible = feasible.sum(axis=1)
    given: Counter[int] = Counter()
    assignments: list[Assignment] = []
    # Explanations in request order; the load shown is the peer's load when offered.
    for i in sorted(chosen):
        p = chosen[i]
        peer = usable[p]
        request = requests[i]
        assignments.append(
            Assignment(
                request_key=request.key,
                user_id=peer.user_id,
                score=round(float(base[i, p]) + _load_score(peer, given[p]), 2),
                why={
                    "method": "optimal",
                    "topic_experience": bool(topic[i, p]),
                    "first_language": bool(first_language[i, p]),
                    "waited_minutes": round(request.waited_minutes),
                    "language": request.language,
                    "load": peer.load + given[p],
                    "capacity": peer.capacity,
                    "eligible_peers": int(eligible[i]),
                    "requests_matched_together": n,
                },
            )
        )
        given[p] += 1
    unassigned: dict[Any, dict[str, int]] = {}
    for i, request in enumerate(requests):
        if i in chosen:
            continue
        if eligible[i]:
            unassigned[request.key] = {"all_eligible_peers_taken": int(eligible[i])}
            continue
        reasons = Counter(peer_reasons)
        for reason, failed in zip(PAIR_REASONS, first_failure, strict=True):
            count = int(failed[i].sum())
            if count:
                reasons[reason] += count
        unassigned[request.key] = dict(reasons)
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
