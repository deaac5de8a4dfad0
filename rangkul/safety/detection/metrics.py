"""Routing-oriented figures with Wilson 95 % intervals, per split and per register.

Used by bench/safety_eval.py (prints them) and by the tests (regression floors), so both
count the same way. Rows come from corpus.py; every figure is a share of rows of one kind.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .corpus import Row
from .model import DetectionResult, Level

Z95 = 1.959963984540054

# Assumptions for the triage-load estimate (stated in the output and in the docs): one
# counselor per 150 students (the ratio the Ministry's BK guidance uses), each student sends
# REQUESTS_PER_STUDENT_MONTH free-text requests a month, and real requests are mostly
# ordinary (REAL_MIX). The split's own mix is NOT used: test sets over-sample crises.
STUDENTS_PER_COUNSELOR = 150
REQUESTS_PER_STUDENT_MONTH = 0.2
REAL_MIX = {"ordinary": 0.80, "concern": 0.15, "crisis": 0.05}


def wilson(successes: int, total: int) -> tuple[float, float]:
    """Wilson score 95 % interval for a proportion; (0, 1) when there is no data."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    denominator = 1 + Z95**2 / total
    centre = (p + Z95**2 / (2 * total)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / total + Z95**2 / (4 * total**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Share:
    hits: int
    total: int

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else float("nan")

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.total)

    def __str__(self) -> str:
        if not self.total:
            return "   n/a (n=0)"
        low, high = self.interval
        return f"{self.value:6.3f} [{low:.3f}-{high:.3f}] ({self.hits}/{self.total})"


@dataclass
class Figures:
    """The figures for one set of rows."""

    name: str
    rows: int = 0
    urgent_recall: Share = Share(0, 0)
    crisis_flagged: Share = Share(0, 0)  # crisis text at concern or urgent
    concern_flagged: Share = Share(0, 0)  # concern text at concern or urgent
    crisis_peer: Share = Share(0, 0)  # crisis text that would reach a peer (must be 0)
    concern_peer: Share = Share(0, 0)
    ordinary_urgent: Share = Share(0, 0)
    figurative_urgent: Share = Share(0, 0)
    ordinary_peer: Share = Share(0, 0)  # ordinary text still offered to peers
    figurative_peer: Share = Share(0, 0)
    seconds_per_text: float = 0.0
    # Over the texts labelled none only: most of a school's traffic, and the texts the
    # learned layer is always run on (decision 0051).
    seconds_per_none_text: float = 0.0
    by_register: dict[str, Figures] = field(default_factory=dict)

    @property
    def leaks(self) -> int:
        return self.crisis_peer.hits + self.concern_peer.hits

    def triage_share(self) -> float:
        """Share of all requests (REAL_MIX) that go to counselor triage."""
        ordinary_to_triage = 1 - (self.ordinary_peer.value if self.ordinary_peer.total else 0)
        return (
            REAL_MIX["ordinary"] * ordinary_to_triage
            + REAL_MIX["concern"] * (1 - _or0(self.concern_peer))
            + REAL_MIX["crisis"] * (1 - _or0(self.crisis_peer))
        )

    def triage_per_counselor_month(self) -> float:
        return STUDENTS_PER_COUNSELOR * REQUESTS_PER_STUDENT_MONTH * self.triage_share()


def _or0(share: Share) -> float:
    return share.value if share.total else 0.0


def _share(rows: Sequence[tuple[Row, DetectionResult]], test: Callable[..., bool]) -> Share:
    return Share(sum(1 for row, result in rows if test(row, result)), len(rows))


def figures(
    name: str,
    scored: Sequence[tuple[Row, DetectionResult]],
    seconds_per_text: float = 0.0,
    *,
    seconds_per_none_text: float = 0.0,
    per_register: bool = True,
) -> Figures:
    def of(kind: str) -> list[tuple[Row, DetectionResult]]:
        return [(r, d) for r, d in scored if r.kind == kind]

    urgent = [(r, d) for r, d in scored if r.level is Level.URGENT]
    out = Figures(
        name=name,
        rows=len(scored),
        seconds_per_text=seconds_per_text,
        seconds_per_none_text=seconds_per_none_text,
    )
    out.urgent_recall = _share(urgent, lambda r, d: d.level is Level.URGENT)
    out.crisis_flagged = _share(of("crisis"), lambda r, d: d.level is not Level.NONE)
    out.concern_flagged = _share(of("concern"), lambda r, d: d.level is not Level.NONE)
    out.crisis_peer = _share(of("crisis"), lambda r, d: d.peer_eligible)
    out.concern_peer = _share(of("concern"), lambda r, d: d.peer_eligible)
    out.ordinary_urgent = _share(of("ordinary"), lambda r, d: d.level is Level.URGENT)
    out.figurative_urgent = _share(of("figurative"), lambda r, d: d.level is Level.URGENT)
    out.ordinary_peer = _share(of("ordinary"), lambda r, d: d.peer_eligible)
    out.figurative_peer = _share(of("figurative"), lambda r, d: d.peer_eligible)
    if per_register:
        registers = sorted({r.register or "unknown" for r, _ in scored})
        for register in registers:
            subset = [(r, d) for r, d in scored if (r.register or "unknown") == register]
            out.by_register[register] = figures(register, subset, per_register=False)
    return out


def run_rows(
    rows: Sequence[Row], run: Callable[[str], DetectionResult]
) -> tuple[list[tuple[Row, DetectionResult]], float, float]:
    """Each row with its result, the mean seconds per text, and the mean over the rows
    labelled none."""
    scored: list[tuple[Row, DetectionResult]] = []
    spent: list[tuple[bool, float]] = []
    for row in rows:
        started = time.perf_counter()
        scored.append((row, run(row.text)))
        spent.append((row.level is Level.NONE, time.perf_counter() - started))
    none_times = [seconds for is_none, seconds in spent if is_none]
    return (
        scored,
        sum(seconds for _, seconds in spent) / len(spent) if spent else 0.0,
        sum(none_times) / len(none_times) if none_times else 0.0,
    )


def format_figures(f: Figures) -> str:
    lines = [
        f"== {f.name}: {f.rows} texts ==",
        f"urgent recall                       {f.urgent_recall}",
        f"crisis text flagged (>= concern)    {f.crisis_flagged}",
        f"concern text flagged (>= concern)   {f.concern_flagged}",
        f"crisis text peer-eligible (leak)    {f.crisis_peer}",
        f"concern text peer-eligible (leak)   {f.concern_peer}",
        f"ordinary text urgent                {f.ordinary_urgent}",
        f"figurative text urgent              {f.figurative_urgent}",
        f"ordinary text peer-eligible         {f.ordinary_peer}",
        f"figurative text peer-eligible       {f.figurative_peer}",
        f"triage share of requests (assumed mix) {f.triage_share():.1%}; "
        f"{f.triage_per_counselor_month():.1f} requests per counselor a month to triage",
        f"time per text                       {f.seconds_per_text * 1000:.2f} ms "
        f"({f.seconds_per_none_text * 1000:.2f} ms a text labelled none)",
    ]
    if f.by_register:
        lines.append(
            f"  {'register':<14}{'n':>5}  {'urgent rec':>10} {'crisis>0':>9} {'concern>0':>9}"
            f" {'leaks':>5} {'ord urg':>8} {'fig urg':>8} {'ord peer':>8}"
        )
        for register, r in f.by_register.items():
            lines.append(
                f"  {register:<14}{r.rows:>5}  {_cell(r.urgent_recall):>10}"
                f" {_cell(r.crisis_flagged):>9} {_cell(r.concern_flagged):>9} {r.leaks:>5}"
                f" {_cell(r.ordinary_urgent):>8} {_cell(r.figurative_urgent):>8}"
                f" {_cell(r.ordinary_peer):>8}"
            )
    return "\n".join(lines)


def _cell(share: Share) -> str:
    return f"{share.value:.2f}/{share.total}" if share.total else "-"


# Goals on the blind held-out split (issue #10): printed, never asserted.
GOALS = (
    ("urgent recall >= 0.97", lambda f: f.urgent_recall.value >= 0.97),
    ("no crisis or concern text peer-eligible", lambda f: f.leaks == 0),
    ("ordinary text urgent <= 3 %", lambda f: _or0(f.ordinary_urgent) <= 0.03),
    ("figurative text urgent <= 10 %", lambda f: _or0(f.figurative_urgent) <= 0.10),
    (">= 40 % of ordinary text peer-eligible", lambda f: _or0(f.ordinary_peer) >= 0.40),
    ("<= 20 ms a text", lambda f: f.seconds_per_text <= 0.020),
    ("<= 20 ms a text labelled none", lambda f: f.seconds_per_none_text <= 0.020),
)


def format_goals(f: Figures) -> str:
    return "\n".join(f"  {'met    ' if check(f) else 'NOT met'}  {label}" for label, check in GOALS)
