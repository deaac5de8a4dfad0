"""ASQ (Ask Suicide-Screening Questions, NIMH) screen outcome.

Per the NIMH toolkit: "no" to questions 1-4 is a negative screen; "yes" to any of
1-4 is a positive screen, and question 5 ("thoughts of killing yourself right
now?") is then asked: "yes" makes it an acute positive (imminent risk), "no" a
non-acute positive (brief suicide safety assessment before the young person
leaves). NIMH counts a refusal to answer any of questions 1-4 as a positive screen;
Rangkul also reads a refusal of question 5 as acute (it fails safe: nobody can rule out
imminent risk without the answer). The result is not a sum, hence a rule rather than bands.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..definition import Instrument

YES = 1
REFUSED = 9
POSITIVE = (YES, REFUSED)
SCREENING_QUESTIONS = ("q1", "q2", "q3", "q4")
ACUITY_QUESTION = "q5"


def outcome(instrument: Instrument, answers: Mapping[str, int]) -> str:
    if answers.get(ACUITY_QUESTION) in POSITIVE:
        return "acute_positive"
    if any(answers.get(q) in POSITIVE for q in SCREENING_QUESTIONS):
        return "non_acute_positive"
    return "negative"
