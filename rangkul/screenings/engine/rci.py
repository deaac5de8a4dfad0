"""Reliable change index (Jacobson & Truax 1991).

    SEdiff = SD * sqrt(2) * sqrt(1 - r)        RCI = (after - before) / SEdiff

|RCI| >= 1.96 is a change larger than measurement error would produce in 95% of
cases. Whether a rise is an improvement depends on the instrument (WHO-5: higher
is better). Without a cited reliability and reference SD in the definition the
answer is None, shown to staff as "not available" rather than a made-up number.

Jacobson NS, Truax P. Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. J Consult Clin Psychol
1991;59(1):12-19.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .definition import Instrument, Number
from .scoring import ScoreResult

CRITICAL_Z = 1.96
# Guards the boundary against float noise: an RCI of exactly 1.96 counts as reliable.
_EPSILON = 1e-9


@dataclass(frozen=True)
class ReliableChange:
    value: float  # the RCI, rounded to 2 decimals
    label: str  # improved | no_reliable_change | deteriorated
    difference: Number  # after - before, on the instrument's score scale
    se_diff: float  # on the instrument's score scale
    threshold: float  # the smallest change that counts as reliable, in score points
    reliability: float
    reference_sd: float  # on the instrument's score scale
    reliability_citation: str
    reference_sd_citation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "label": self.label,
            "difference": self.difference,
            "se_diff": round(self.se_diff, 3),
            "threshold": round(self.threshold, 2),
            "reliability": self.reliability,
            "reference_sd": self.reference_sd,
            "reliability_citation": self.reliability_citation,
            "reference_sd_citation": self.reference_sd_citation,
        }


def _score_of(value: Number | ScoreResult) -> Number:
    if isinstance(value, ScoreResult):
        if value.score is None:
            raise ValueError(f"{value.instrument}: the result has no score to compare")
        return value.score
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a score or a ScoreResult, not {type(value).__name__}")
    return value


def reliable_change(
    instrument: Instrument, before: Number | ScoreResult, after: Number | ScoreResult
) -> ReliableChange | None:
    """Compare two scores (or ScoreResults) of the same person on `instrument`.

    Scores are on the instrument's reported scale (after any transformation, e.g.
    the WHO-5 percentage). Returns None when the definition lacks a reliability or
    a reference SD, or has no total score.
    """
    psy = instrument.psychometrics
    if not instrument.has_total or psy.reliability is None or psy.reference_sd is None:
        return None
    start, end = _score_of(before), _score_of(after)

    sd = psy.reference_sd.value
    if psy.reference_sd.scale == "raw" and instrument.transform is not None:
        # A linear transformation stretches the SD by the same factor, so the RCI
        # is the same whichever scale it is computed on.
        sd *= abs(instrument.transform.multiply)
    se_diff = sd * math.sqrt(2) * math.sqrt(1 - psy.reliability.value)
    difference = end - start
    rci = difference / se_diff

    label = "no_reliable_change"
    if abs(rci) >= CRITICAL_Z - _EPSILON:
        rose = rci > 0
        worse = rose if instrument.direction == "higher_is_worse" else not rose
        label = "deteriorated" if worse else "improved"
    return ReliableChange(
        value=round(rci, 2),
        label=label,
        difference=difference,
        se_diff=se_diff,
        threshold=CRITICAL_Z * se_diff,
        reliability=psy.reliability.value,
        reference_sd=sd,
        reliability_citation=psy.reliability.citation,
        reference_sd_citation=psy.reference_sd.citation,
    )
