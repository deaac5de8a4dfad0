"""The peer programme's indicators: the students' pulse after peer meetings and the peers'
competency self-assessment. Each takes a Report (its scope and period) and returns a
display value already through the suppression rule (a share or mean of at least five)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rangkul.activities.models import FeltHeard, TalkAgain
from rangkul.activities.queries import pulse_counts
from rangkul.lib import suppression
from rangkul.screenings import peer_checks

if TYPE_CHECKING:
    from rangkul.reports.report import Cell, Report


def _outside_peer_tier(r: Report) -> bool:
    # Pulses and self-assessments belong to the peer tier; another tier has none.
    return bool(r.filters.tier) and r.filters.tier != "peer"


def _pulse_share(r: Report, question: str, yes: str) -> Cell | None:
    if _outside_peer_tier(r):
        return None
    counts = pulse_counts(r.scope.org_ids, r.filters.start, r.filters.end)[question]
    share = suppression.rate(counts.get(yes, 0), sum(counts.values()))
    return None if share is None else round(share, 3)


def felt_heard_rate(r: Report) -> Cell | None:
    return _pulse_share(r, "felt_heard", FeltHeard.YES)


def talk_again_rate(r: Report) -> Cell | None:
    return _pulse_share(r, "talk_again", TalkAgain.YES)


def competency_change(r: Report) -> Cell | None:
    if _outside_peer_tier(r):
        return None
    return peer_checks.competency_change(r.scope.org_ids, r.filters.since, r.filters.until)
