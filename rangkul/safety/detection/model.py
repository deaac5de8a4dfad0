"""Value types of the detector: levels, categories, phrases, matches and results.

Plain dataclasses and enums only, so the Django side can store and serialise them without the
detector knowing about models.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Category codes, in the order a counselor reads them (life first). The last eight are
# concern-only: signs that need a professional rather than a peer (docs/safety-labelling.md).
CATEGORIES: tuple[str, ...] = (
    "suicide",
    "self_harm",
    "abuse",
    "friend_at_risk",
    "anxiety_panic",
    "eating",
    "grief",
    "isolation",
    "family_conflict",
    "depressed_mood",
    "controlling_partner",
    "bullying",
)

CATEGORY_LABELS: dict[str, str] = {
    "suicide": "Suicidal thoughts, plans or attempts",
    "self_harm": "Self-harm",
    "abuse": "Abuse or violence",
    "friend_at_risk": "A friend at risk",
    "anxiety_panic": "Anxiety or panic",
    "eating": "Disordered eating",
    "grief": "Grief that stops daily life",
    "isolation": "Isolation and loneliness",
    "family_conflict": "Serious family conflict",
    "depressed_mood": "Persistent low mood",
    "controlling_partner": "A controlling partner",
    "bullying": "Ongoing bullying",
}


class Level(enum.StrEnum):
    """How soon a human must look at the text.

    A str enum so the value can go straight into JSON and a CharField; ordering is by
    severity, not alphabetical, which is why the comparison methods are overridden.
    """

    NONE = "none"
    CONCERN = "concern"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in severity order, shaped like Django's TextChoices.choices."""
        return [(level.value, level.label) for level in cls]

    @classmethod
    def highest(cls, levels: Iterable[Level | str]) -> Level:
        """The most severe of `levels`; NONE for an empty iterable."""
        best = cls.NONE
        for value in levels:
            level = cls(value)
            if level.rank > best.rank:
                best = level
        return best

    def lowered(self) -> Level:
        """One step less severe (NONE stays NONE)."""
        return _BY_RANK[max(self.rank - 1, 0)]

    def _other_rank(self, other: object) -> int:
        if isinstance(other, Level):
            return other.rank
        if isinstance(other, str) and other in _VALUES:
            return Level(other).rank
        raise TypeError(f"cannot compare Level with {other!r}")

    def __lt__(self, other: object) -> bool:
        return self.rank < self._other_rank(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= self._other_rank(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > self._other_rank(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= self._other_rank(other)


_RANKS = {Level.NONE: 0, Level.CONCERN: 1, Level.URGENT: 2}
_BY_RANK = {rank: level for level, rank in _RANKS.items()}
_VALUES = frozenset(level.value for level in Level)
_LABELS = {
    Level.NONE: "No crisis language",
    Level.CONCERN: "Concern",
    Level.URGENT: "Urgent",
}


@dataclass(frozen=True)
class Phrase:
    """One rule: a pattern that, when it matches, signals `category` at `level`.

    `pattern` uses the token pattern language described in docs/safety-detection.md;
    `regex=True` marks a raw regular expression over the normalised text, allowed only in
    the shipped data files, never for phrases typed in by an organisation.
    """

    pattern: str
    category: str
    level: Level
    lang: str
    id: str
    regex: bool = False


@dataclass(frozen=True)
class Match:
    """Where a phrase matched. `start`/`end` index the text exactly as it was given."""

    start: int
    end: int
    text: str
    category: str
    level: Level
    phrase_id: str
    # Why the level differs from the phrase's own: "negated", "past" or "" (as written).
    modifier: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "category": self.category,
            "level": self.level.value,
            "phrase_id": self.phrase_id,
            "modifier": self.modifier,
        }


@dataclass(frozen=True)
class ModelVerdict:
    """What the learned layer said about a text (see learned.py).

    `p_ordinary` is the model's probability that the text is ordinary (level none);
    `level` is the level the model alone would give; `version` names the artefact.
    """

    level: Level
    p_ordinary: float
    p_urgent: float
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level.value,
            "p_ordinary": round(self.p_ordinary, 4),
            "p_urgent": round(self.p_urgent, 4),
            "version": self.version,
        }


@dataclass(frozen=True)
class DetectionResult:
    """The combined verdict. `level` is the higher of the rules' and the model's;
    `peer_eligible` is true only when the rules found nothing and the model is confident
    the text is ordinary (False whenever the model could not be loaded)."""

    level: Level
    categories: tuple[str, ...]
    matches: tuple[Match, ...]
    lang: str
    ruleset_version: str
    peer_eligible: bool = False
    model: ModelVerdict | None = None
    rules_level: Level = Level.NONE

    @property
    def is_flagged(self) -> bool:
        return self.level is not Level.NONE

    @property
    def is_urgent(self) -> bool:
        return self.level is Level.URGENT

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level.value,
            "categories": list(self.categories),
            "matches": [match.to_dict() for match in self.matches],
            "lang": self.lang,
            "ruleset_version": self.ruleset_version,
            "peer_eligible": self.peer_eligible,
            "rules_level": self.rules_level.value,
            "model": self.model.to_dict() if self.model else None,
        }
