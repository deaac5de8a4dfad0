"""Time optimal peer matching (`rangkul.peers.matching.assign`) on generated organisations.

    .venv/bin/python bench/matching.py            # 500 open requests x 100 peers (goal < 200 ms)
    .venv/bin/python bench/matching.py --stretch  # and 10,000 requests x 1,000 peers

Requests and peers are random but realistic: a third want a gender, a few avoid someone,
some ask for nobody from their class, most speak Indonesian, peers have 1-5 places and some
are already busy, expired or paused. Prints the best of a few runs and how many were served.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangkul.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from rangkul.peers.matching import Context, PeerData, RequestData, assign  # noqa: E402

GOAL_MS = 200.0
NOW = datetime(2026, 12, 1, 10, 30)
TOPICS = ["personal", "social", "learning", "career"]


def instance(n_requests: int, n_peers: int, seed: int = 7):
    rng = random.Random(seed)
    classes = [uuid.uuid4() for _ in range(max(n_peers // 10, 3))]
    peers = [
        PeerData(
            user_id=p,
            status="active" if rng.random() < 0.9 else "paused",
            certified_until=date(2027, 6, 1) if rng.random() < 0.95 else date(2026, 1, 1),
            gender=rng.choice(["female", "male"]),
            languages=("id", "jv") if rng.random() < 0.3 else ("id",),
            topics=frozenset(rng.sample(TOPICS, 2)),
            capacity=(cap := rng.randint(1, 5)),
            load=rng.randint(0, cap - 1),
            cohort_id=rng.choice(classes),
            age=rng.choice([15, 16, 17]),
        )
        for p in range(n_peers)
    ]
    requests = [
        RequestData(
            key=i,
            domain=rng.choice(TOPICS),
            language="jv" if rng.random() < 0.1 else "id",
            gender=rng.choice(["", "", "female", "male"]),
            excluded_user_ids=frozenset(
                rng.sample(range(n_peers), 2) if rng.random() < 0.1 else []
            ),
            cohort_id=rng.choice(classes),
            avoid_same_class=rng.random() < 0.2,
            age=rng.choice([14, 15, 16, 17]),
            waited_minutes=rng.uniform(0, 600),
        )
        for i in range(n_requests)
    ]
    return requests, peers


def run(n_requests: int, n_peers: int, repeats: int) -> None:
    requests, peers = instance(n_requests, n_peers)
    capacity = sum(max(p.capacity - p.load, 0) for p in peers)
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = assign(requests, peers, Context(now=NOW))
        best = min(best, (time.perf_counter() - start) * 1000)
    assert result is not None
    print(
        f"{n_requests:>6} requests x {n_peers:>5} peers (free places {capacity}): "
        f"{best:8.1f} ms, {len(result.assignments)} served"
    )
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stretch", action="store_true", help="also 10,000 x 1,000")
    args = parser.parse_args()
    ms = run(500, 100, repeats=5)
    print(f"goal < {GOAL_MS:.0f} ms: {'met' if ms < GOAL_MS else 'NOT met'}")
    if args.stretch:
        run(10_000, 1_000, repeats=1)
    return 0 if ms < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
