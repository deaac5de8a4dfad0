"""The in-memory shape of a questionnaire definition.

Definitions are immutable once loaded: they are cached and shared between requests,
so every container here is a tuple or a read-only mapping. Only `loader.py` builds
them; everything else reads them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

# language code -> text, e.g. {"id": "Merasa lelah", "en": "Feeling tired"}
Localised = Mapping[str, str]
Number = int | float

RESPONDENTS = ("self", "caregiver", "staff_administered")
TRANSLATION_STATUSES = ("published", "unofficial")
DIRECTIONS = ("higher_is_worse", "higher_is_better")
METHODS = ("sum", "rule")
RELIABILITY_KINDS = ("alpha", "omega", "test_retest")
SD_SCALES = ("raw", "score")

_COMPARATORS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
OPERATORS = (*_COMPARATORS, "in")


# --- conditions (required_if, critical items) ------------------------------------


@dataclass(frozen=True)
class Comparison:
    """`answers[item] <op> value`; `in` takes a tuple of values."""

    item: str
    op: str
    value: int | tuple[int, ...]

    def matches(self, value: int) -> bool:
        if self.op == "in":
            assert isinstance(self.value, tuple)
            return value in self.value
        assert isinstance(self.value, int)
        return _COMPARATORS[self.op](value, self.value)

    def holds(self, answers: Mapping[str, int]) -> bool:
        # An unanswered item satisfies no comparison: a follow-up question is not
        # required until the question it depends on has been answered.
        if self.item not in answers:
            return False
        return self.matches(answers[self.item])

    def referenced_items(self) -> tuple[str, ...]:
        return (self.item,)

    def to_dict(self) -> dict[str, object]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"item": self.item, "op": self.op, "value": value}


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, int]) -> bool:
        return any(c.holds(answers) for c in self.conditions)

    def referenced_items(self) -> tuple[str, ...]:
        return tuple(i for c in self.conditions for i in c.referenced_items())

    def to_dict(self) -> dict[str, object]:
        return {"any": [c.to_dict() for c in self.conditions]}


@dataclass(frozen=True)
class AllOf:
    conditions: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, int]) -> bool:
        return all(c.holds(answers) for c in self.conditions)

    def referenced_items(self) -> tuple[str, ...]:
        return tuple(i for c in self.conditions for i in c.referenced_items())

    def to_dict(self) -> dict[str, object]:
        return {"all": [c.to_dict() for c in self.conditions]}


Condition = Comparison | AnyOf | AllOf


# --- items ------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: int
    label: Localised
    # "Prefers not to answer": recorded as itself (never guessed into another answer),
    # and treated as the data says: a critical item counts it as positive.
    refused: bool = False
    # What the option adds to a total when that is not its value (a refusal adds 0: the
    # total is then a lower bound, and the refusal itself is flagged).
    score: int | None = None


@dataclass(frozen=True)
class Item:
    id: str
    text: Localised
    options: tuple[Option, ...]
    reverse: bool = False
    # False for items that count toward no total, e.g. PHQ-9's difficulty question.
    scored: bool = True
    # True for an unscored item the person may leave out, kept when answered even where
    # its condition would not ask it (PHQ-9's difficulty question, below the total on the
    # original form). Only for unscored items: the validator refuses it otherwise.
    optional: bool = False
    required_if: Condition | None = None
    # Value used for scoring when `required_if` says the item is not asked
    # (K10: items 3 and 6 are skipped after "none of the time" and scored 1).
    value_if_not_asked: int | None = None
    note: Localised | None = None
    loinc: str | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    def option(self, value: int) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    @property
    def refused_values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options if o.refused)

    def scored_value(self, value: int) -> int:
        """The value an answer adds to a total: the option's own score when it has one
        (a refusal), else the value after reverse scoring (mirrored within the range of
        the item's real answers)."""
        option = self.option(value)
        if option is not None and option.score is not None:
            return option.score
        if not self.reverse:
            return value
        answers = [o.value for o in self.options if not o.refused]
        return min(answers) + max(answers) - value


# --- scoring ------------------------------------------------------------------------


@dataclass(frozen=True)
class Transform:
    """score = raw * multiply + add (WHO-5: multiply 4; K6 from 1-5 coded items: add -6)."""

    multiply: Number = 1
    add: Number = 0

    def apply(self, raw: Number) -> Number:
        return raw * self.multiply + self.add


@dataclass(frozen=True)
class Band:
    code: str
    label: Localised
    min: Number
    max: Number
    provisional: bool = False
    source: str | None = None
    advice: Localised | None = None

    def contains(self, value: Number) -> bool:
        return self.min <= value <= self.max


@dataclass(frozen=True)
class BandScheme:
    code: str
    label: Localised | None
    bands: tuple[Band, ...]
    default: bool = False
    source: str | None = None
    population: str | None = None
    note: str | None = None

    @property
    def provisional(self) -> bool:
        return any(b.provisional for b in self.bands)

    def band_for(self, value: Number) -> Band | None:
        return next((b for b in self.bands if b.contains(value)), None)


@dataclass(frozen=True)
class Subscale:
    code: str
    label: Localised
    items: tuple[str, ...]
    transform: Transform | None = None
    band_scheme: BandScheme | None = None
    note: str | None = None


@dataclass(frozen=True)
class Outcome:
    code: str
    label: Localised
    advice: Localised | None = None


@dataclass(frozen=True)
class CriticalItem:
    condition: Comparison
    meaning: Localised
    source: str | None = None

    @property
    def item(self) -> str:
        return self.condition.item


# --- provenance -----------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    code: str
    status: Literal["published", "unofficial"]
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Licence:
    name: str
    summary: str
    free_to_use: bool
    commercial_use: bool | None  # None: not stated by the licensor
    may_modify: bool | None
    url: str | None = None
    notice: Localised | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reliability:
    value: float
    kind: str
    sample: str
    citation: str
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ReferenceSD:
    value: float
    # "raw" when the SD was published on the plain sum and the instrument reports a
    # transformed score (WHO-5 SD is on 0-25, the score on 0-100).
    scale: str
    sample: str
    citation: str
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Psychometrics:
    reliability: Reliability | None = None
    reference_sd: ReferenceSD | None = None
    # Free-text record of what was found but not chosen, and why.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LoincCode:
    code: str
    display: str
    source: str


@dataclass(frozen=True)
class Loinc:
    panel: LoincCode | None = None
    total_score: LoincCode | None = None
    items_source: str | None = None


# --- the instrument ----------------------------------------------------------------------


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    name: Localised
    short_name: str
    respondent: str
    languages: Mapping[str, Language]
    items: tuple[Item, ...]
    method: str
    licence: Licence
    attribution: str
    source_name: str
    description: Localised | None = None
    # What a student reads as the title ("How you have felt lately"), not the formal name.
    plain_name: Localised | None = None
    instructions: Localised | None = None
    recall_period: Localised | None = None
    age_range: str | None = None
    direction: str | None = None
    transform: Transform | None = None
    # The [min, max] score the author expects; checked against the items on load.
    declared_range: tuple[Number, Number] | None = None
    band_schemes: tuple[BandScheme, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    outcome_rule: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    critical_items: tuple[CriticalItem, ...] = ()
    psychometrics: Psychometrics = Psychometrics()
    loinc: Loinc = Loinc()
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def default_language(self) -> str:
        return "id" if "id" in self.languages else next(iter(self.languages))

    @property
    def entered_by_staff(self) -> bool:
        """Caregiver reports and staff-administered screens are typed in by staff."""
        return self.respondent != "self"

    @property
    def has_total(self) -> bool:
        return self.method == "sum"

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def default_band_scheme(self) -> BandScheme | None:
        return next((s for s in self.band_schemes if s.default), None)

    def band_scheme(self, code: str) -> BandScheme | None:
        return next((s for s in self.band_schemes if s.code == code), None)

    def outcome(self, code: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.code == code), None)

    def language(self, lang: str | None) -> str:
        """The language to present in: the one asked for, else the default."""
        if lang is not None and lang in self.languages:
            return lang
        return self.default_language
