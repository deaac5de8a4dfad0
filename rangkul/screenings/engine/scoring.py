"""Scoring answers against an instrument: pure, deterministic, no I/O.

Answers are `{item_id: option_value}`. Scoring refuses anything it would have to
guess about (a missing answer, a value that is not an option, an item the
instrument does not have), because a silently wrong score reaches a counselor as
a wrong band. Critical items are checked on drafts too, by `partial_critical`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .definition import Band, Instrument, Item, Localised, Number, Subscale
from .errors import ScoringError, UnknownBandSchemeError
from .rules import RULES


@dataclass(frozen=True)
class BandResult:
    scheme: str
    code: str
    label: Localised
    min: Number
    max: Number
    provisional: bool
    source: str | None = None
    advice: Localised | None = None

    @classmethod
    def of(cls, scheme: str, band: Band, source: str | None) -> BandResult:
        return cls(
            scheme=scheme,
            code=band.code,
            label=band.label,
            min=band.min,
            max=band.max,
            provisional=band.provisional,
            source=band.source or source,
            advice=band.advice,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "code": self.code,
            "label": dict(self.label),
            "min": self.min,
            "max": self.max,
            "provisional": self.provisional,
            "source": self.source,
            "advice": dict(self.advice) if self.advice else None,
        }


@dataclass(frozen=True)
class SubscaleResult:
    code: str
    value: Number
    band: BandResult | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "band": self.band.to_dict() if self.band else None}


@dataclass(frozen=True)
class OutcomeResult:
    code: str
    label: Localised
    advice: Localised | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": dict(self.label),
            "advice": dict(self.advice) if self.advice else None,
        }


@dataclass(frozen=True)
class CriticalReason:
    item: str
    value: int
    meaning: Localised

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "value": self.value, "meaning": dict(self.meaning)}


@dataclass(frozen=True)
class ScoreResult:
    instrument: str
    version: str
    raw: int | None
    score: Number | None
    band: BandResult | None
    subscales: Mapping[str, SubscaleResult]
    outcome: OutcomeResult | None
    critical: bool
    critical_reasons: tuple[CriticalReason, ...]
    # The answers the score was computed from: as given, plus the scoring value of
    # items that were not asked (K10 skip rule). Stored with the response so the
    # score can be recomputed and audited.
    answers: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "raw": self.raw,
            "score": self.score,
            "band": self.band.to_dict() if self.band else None,
            "subscales": {code: s.to_dict() for code, s in self.subscales.items()},
            "outcome": self.outcome.to_dict() if self.outcome else None,
            "critical": self.critical,
            "critical_reasons": [r.to_dict() for r in self.critical_reasons],
            "answers": dict(self.answers),
        }


# --- answer checking ---------------------------------------------------------------


def _problem(item: str, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"item": item, "code": code, "message": message, **extra}


def _is_answer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _resolve(
    instrument: Instrument, answers: Mapping[str, Any], *, complete: bool
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """Walk the items in order, deciding which are asked, and collect problems.

    Conditions only refer to earlier items, so one pass sees every value a
    condition needs, including values filled in for skipped items.
    """
    effective: dict[str, int] = {}
    problems: list[dict[str, Any]] = []
    for item in instrument.items:
        asked = item.required_if is None or item.required_if.holds(effective)
        given = item.id in answers and answers[item.id] is not None
        if not asked and given and item.optional:
            asked = True  # a stray answer to an optional question is checked and kept
        if not asked:
            if given:
                problems.append(
                    _problem(
                        item.id,
                        "not_applicable",
                        "was answered although it is not asked given the earlier answers",
                        value=answers[item.id],
                    )
                )
            elif item.value_if_not_asked is not None:
                effective[item.id] = item.value_if_not_asked
            continue
        if not given:
            if complete and not item.optional:
                problems.append(_problem(item.id, "missing", "answer is missing"))
            continue
        value = answers[item.id]
        if not _is_answer(value) or value not in item.values:
            allowed = list(item.values)
            problems.append(
                _problem(
                    item.id,
                    "invalid_value",
                    f"value {value!r} is not one of {', '.join(map(str, allowed))}",
                    value=value,
                    allowed=allowed,
                )
            )
            continue
        effective[item.id] = value
    known = {item.id for item in instrument.items}
    for item_id in answers:
        if item_id not in known:
            problems.append(
                _problem(str(item_id), "unknown_item", f"is not an item of {instrument.code}")
            )
    return effective, problems


def validate_answers(
    instrument: Instrument, answers: Mapping[str, Any], *, complete: bool = True
) -> list[dict[str, Any]]:
    """Problems with `answers` (empty when fine); `complete=False` for a draft."""
    return _resolve(instrument, answers, complete=complete)[1]


# --- critical items ----------------------------------------------------------------------


def partial_critical(instrument: Instrument, answers: Mapping[str, Any]) -> list[CriticalReason]:
    """Critical answers in a draft, however incomplete.

    Called every time a draft is saved so a crisis answer raises an alert at once,
    not at submission. Deliberately forgiving: answers it cannot interpret (unknown
    items, values outside the options) are skipped rather than raised, so a stray
    field never hides a valid critical answer. Validation is the caller's job
    (`validate_answers(..., complete=False)`).
    """
    reasons: list[CriticalReason] = []
    for critical in instrument.critical_items:
        item = instrument.item(critical.item)
        value = answers.get(critical.item)
        if item is None or not _is_answer(value) or value not in item.values:
            continue
        assert isinstance(value, int)
        if critical.condition.matches(value):
            reasons.append(CriticalReason(critical.item, value, critical.meaning))
    return reasons


# --- scoring ---------------------------------------------------------------------------


def _sum(items: list[Item], answers: Mapping[str, int]) -> int:
    return sum(item.scored_value(answers[item.id]) for item in items if item.id in answers)


def _subscale(instrument: Instrument, sub: Subscale, answers: Mapping[str, int]) -> SubscaleResult:
    items = [i for i in instrument.items if i.id in sub.items]
    value: Number = _sum(items, answers)
    if sub.transform is not None:
        value = sub.transform.apply(value)
    band = None
    if sub.band_scheme is not None and (found := sub.band_scheme.band_for(value)) is not None:
        band = BandResult.of(sub.band_scheme.code, found, sub.band_scheme.source)
    return SubscaleResult(sub.code, value, band)


def score(
    instrument: Instrument, answers: Mapping[str, Any], *, band_scheme: str | None = None
) -> ScoreResult:
    """Score complete answers; raises ScoringError listing every problem.

    `band_scheme` picks one of the instrument's named schemes (an organisation's
    setting); None uses the instrument's default.
    """
    scheme = instrument.default_band_scheme
    if band_scheme is not None:
        scheme = instrument.band_scheme(band_scheme)
        if scheme is None:
            raise UnknownBandSchemeError(
                instrument.code, band_scheme, [s.code for s in instrument.band_schemes]
            )

    effective, problems = _resolve(instrument, answers, complete=True)
    if problems:
        raise ScoringError(instrument.code, problems)

    raw: int | None = None
    value: Number | None = None
    band = None
    if instrument.has_total:
        raw = _sum([i for i in instrument.items if i.scored], effective)
        value = instrument.transform.apply(raw) if instrument.transform else raw
        if scheme is not None and (found := scheme.band_for(value)) is not None:
            band = BandResult.of(scheme.code, found, scheme.source)

    outcome = None
    if instrument.outcome_rule is not None:
        code = RULES[instrument.outcome_rule](instrument, MappingProxyType(effective))
        declared = instrument.outcome(code)
        if declared is None:
            # A rule returning an undeclared code is a programming error, not bad input.
            raise RuntimeError(f"{instrument.code}: rule returned undeclared outcome {code!r}")
        outcome = OutcomeResult(declared.code, declared.label, declared.advice)

    reasons = tuple(partial_critical(instrument, answers))
    return ScoreResult(
        instrument=instrument.code,
        version=instrument.version,
        raw=raw,
        score=value,
        band=band,
        subscales=MappingProxyType(
            {s.code: _subscale(instrument, s, effective) for s in instrument.subscales}
        ),
        outcome=outcome,
        critical=bool(reasons),
        critical_reasons=reasons,
        answers=MappingProxyType(effective),
    )
