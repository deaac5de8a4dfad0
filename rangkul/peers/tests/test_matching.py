"""Optimal matching: hard constraints, explanations, and optimality against brute force on
small instances through the same `assign()` that production calls."""

import itertools
import random
import uuid
from datetime import date, datetime

import pytest

from rangkul.peers.matching import (
    Context,
    PeerData,
    RequestData,
    _load_score,
    _pair_score,
    assign,
    pair_exclusion,
    peer_exclusion,
)

NOW = datetime(2026, 12, 1, 10, 30)  # a Tuesday morning
VALID = date(2027, 6, 30)


def peer(user_id: int, **kw) -> PeerData:
    values = {"certified_until": VALID, "gender": "female", "languages": ("id",)}
    values.update(kw)
    return PeerData(user_id=user_id, **values)


def request(key: str, **kw) -> RequestData:
    return RequestData(key=key, **kw)


def matched(requests, peers, ctx=None) -> dict:
    result = assign(requests, peers, ctx or Context(now=NOW))
    return {a.request_key: a.user_id for a in result.assignments}


# --- Hard constraints -----------------------------------------------------------------------


def test_an_expired_or_inactive_peer_is_never_matched():
    peers = [
        peer(1, certified_until=date(2026, 11, 30)),
        peer(2, status="paused"),
        peer(3, status="certified"),
        peer(4, status="suspended"),
    ]
    result = assign([request("a")], peers, Context(now=NOW))
    assert result.assignments == []
    assert result.unassigned["a"] == {
        "certificate_expired": 1,
        "not_active": 3,
    }


def test_capacity_counts_open_cases_and_pending_offers():
    peers = [peer(1, capacity=2, load=1)]
    got = matched([request("a"), request("b")], peers)
    assert len(got) == 1


def test_availability_windows_are_in_local_time():
    tuesday = ((1, "10:00", "12:00"),)
    monday = ((0, "10:00", "12:00"),)
    assert matched([request("a")], [peer(1, windows=tuesday)]) == {"a": 1}
    assert matched([request("a")], [peer(1, windows=monday)]) == {}


def test_gender_avoid_list_language_and_same_class():
    cls = uuid.uuid4()
    ctx = Context(now=NOW)
    p = peer(7, gender="male", languages=("id", "jv"), cohort_id=cls)
    assert pair_exclusion(request("a", gender="female"), p, ctx) == "gender_preference"
    assert pair_exclusion(request("a", excluded_user_ids=frozenset({7})), p, ctx) == (
        "avoided_or_declined"
    )
    assert pair_exclusion(request("a", language="su"), p, ctx) == "language"
    assert pair_exclusion(request("a", language="jv"), p, ctx) is None
    same_class = request("a", cohort_id=cls, avoid_same_class=True)
    assert pair_exclusion(same_class, p, ctx) == "same_class"
    assert pair_exclusion(request("a", cohort_id=cls), p, ctx) is None


def test_in_community_organisations_no_adult_peer_with_a_child_unless_allowed():
    adult, teen = peer(1, age=25), peer(2, age=16)
    child = request("a", age=12)
    community = Context(now=NOW, is_community=True)
    assert pair_exclusion(child, adult, community) == "adult_with_child"
    assert pair_exclusion(child, teen, community) is None
    # Unknown ages are treated the careful way: the request as a child, the peer as an adult.
    assert pair_exclusion(request("b"), peer(3), community) == "adult_with_child"
    allowed = Context(now=NOW, is_community=True, allow_adult_with_child=True)
    assert pair_exclusion(child, adult, allowed) is None
    school = Context(now=NOW)
    assert pair_exclusion(child, adult, school) is None
    result = assign([child], [adult], community)
    assert result.unassigned["a"] == {"adult_with_child": 1}


def test_every_assignment_explains_why_this_peer():
    result = assign(
        [request("a", domain="social", waited_minutes=30)],
        [peer(1, topics=frozenset({"social"}), capacity=3, load=1), peer(2)],
        Context(now=NOW),
    )
    (only,) = result.assignments
    assert only.user_id == 1
    assert only.why["topic_experience"] is True
    assert only.why["load"] == 1 and only.why["capacity"] == 3
    assert only.why["eligible_peers"] == 2
    assert only.why["method"] == "optimal"


def test_the_least_loaded_peer_wins_when_all_else_is_equal():
    assert matched([request("a")], [peer(1, load=2), peer(2, load=0)]) == {"a": 2}


def test_serving_more_requests_beats_a_better_fit_for_one():
    # Peer 1 fits request a best, but only peer 1 can take b (gender): the optimum gives b
    # to 1 and a to 2, serving both.
    peers = [peer(1, topics=frozenset({"social"}), capacity=1), peer(2, gender="male")]
    requests = [request("a", domain="social"), request("b", gender="female")]
    assert matched(requests, peers) == {"a": 2, "b": 1}


# --- Optimality against brute force ---------------------------------------------------------


def _objective(assignment: dict[int, int], requests, peers) -> tuple[int, float]:
    """(requests served, total fit) of request index -> peer index, computed the way the
    solver defines it: each peer's j-th new request earns the j-th load score."""
    given = dict.fromkeys(range(len(peers)), 0)
    total = 0.0
    for i, p in sorted(assignment.items()):
        score, _why = _pair_score(requests[i], peers[p])
        total += score + _load_score(peers[p], given[p])
        given[p] += 1
    return len(assignment), total


def _brute_force(requests, peers, ctx) -> tuple[int, float]:
    options = []
    for r in requests:
        options.append(
            [None]
            + [
                p
                for p, pd in enumerate(peers)
                if peer_exclusion(pd, ctx) is None and pair_exclusion(r, pd, ctx) is None
            ]
        )
    best = (0, 0.0)
    for combo in itertools.product(*options):
        counts: dict[int, int] = {}
        for p in combo:
            if p is not None:
                counts[p] = counts.get(p, 0) + 1
        if any(peers[p].load + n > peers[p].capacity for p, n in counts.items()):
            continue
        value = _objective({i: p for i, p in enumerate(combo) if p is not None}, requests, peers)
        if (value[0], round(value[1], 6)) > (best[0], round(best[1], 6)):
            best = value
    return best


def _random_instance(rng: random.Random):
    classes = [uuid.uuid4(), uuid.uuid4()]
    peers = [
        PeerData(
            user_id=100 + p,
            status=rng.choice(["active"] * 5 + ["paused"]),
            certified_until=rng.choice([VALID] * 5 + [date(2026, 1, 1)]),
            gender=rng.choice(["female", "male"]),
            languages=tuple(rng.sample(["id", "jv", "en"], rng.randint(1, 2))),
            topics=frozenset(rng.sample(["personal", "social", "learning", "career"], 2)),
            capacity=rng.randint(1, 3),
            load=rng.randint(0, 1),
            cohort_id=rng.choice(classes),
            age=rng.choice([15, 16, 17, 22]),
        )
        for p in range(rng.randint(1, 4))
    ]
    requests = [
        RequestData(
            key=f"r{i}",
            domain=rng.choice(["personal", "social", "learning", "career"]),
            language=rng.choice(["id", "id", "jv", "en"]),
            gender=rng.choice(["", "", "female", "male"]),
            excluded_user_ids=frozenset(rng.sample([p.user_id for p in peers], rng.randint(0, 1))),
            cohort_id=rng.choice(classes),
            avoid_same_class=rng.random() < 0.3,
            age=rng.choice([13, 15, 17, 30]),
            waited_minutes=rng.uniform(0, 300),
        )
        for i in range(rng.randint(1, 6))
    ]
    ctx = Context(
        now=NOW, is_community=rng.random() < 0.3, allow_adult_with_child=rng.random() < 0.5
    )
    return requests, peers, ctx


@pytest.mark.parametrize("seed", range(150))
def test_assign_is_optimal_on_small_instances(seed):
    rng = random.Random(seed)
    requests, peers, ctx = _random_instance(rng)
    result = assign(requests, peers, ctx)
    index = {r.key: i for i, r in enumerate(requests)}
    peer_index = {p.user_id: i for i, p in enumerate(peers)}
    got = {index[a.request_key]: peer_index[a.user_id] for a in result.assignments}
    # Every assignment respects every hard constraint and capacity.
    for i, p in got.items():
        assert peer_exclusion(peers[p], ctx) is None
        assert pair_exclusion(requests[i], peers[p], ctx) is None
    for p, pd in enumerate(peers):
        assert pd.load + sum(1 for q in got.values() if q == p) <= pd.capacity
    served, total = _objective(got, requests, peers)
    best_served, best_total = _brute_force(requests, peers, ctx)
    assert served == best_served
    assert total == pytest.approx(best_total, abs=1e-6)
    assert len(result.assignments) + len(result.unassigned) == len(requests)


def test_no_requests_or_no_peers():
    assert assign([], [peer(1)], Context(now=NOW)).assignments == []
    result = assign([request("a")], [], Context(now=NOW))
    assert result.assignments == [] and "a" in result.unassigned


def test_waiting_longer_wins_the_last_place():
    requests = [request("new", waited_minutes=1), request("old", waited_minutes=200)]
    assert matched(requests, [peer(1, capacity=1)]) == {"old": 1}


def test_load_after_is_shown_per_offer():
    result = assign([request("a"), request("b")], [peer(1, capacity=3)], Context(now=NOW))
    assert sorted(a.why["load"] for a in result.assignments) == [0, 1]
