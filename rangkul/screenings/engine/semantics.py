"""Checks that need the whole definition: references, reachable scores, rules.

A band table with a gap, a follow-up question pointing at a later item or a
critical-item threshold no option can reach are all silent failures at scoring
time (a student's score with no band, a crisis item that can never fire), so they
are refused when the definition is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise

from .definition import (
    DIRECTIONS,
    BandScheme,
    Comparison,
    Condition,
    Instrument,
    Item,
    Number,
    Transform,
)
from .rules import RULES

LOINC_RE = re.compile(r"^(\d{1,7})-(\d)$")

Add = Callable[[str, str], None]


def loinc_problem(code: str) -> str | None:
    """Why `code` is not a well-formed LOINC code, or None.

    LOINC check digits use the Mod 10 (Luhn) algorithm, which catches most typos in
    a copied code.
    """
    match = LOINC_RE.match(code)
    if not match:
        return f"LOINC code {code!r} must look like 12345-6"
    body, check = match.groups()
    total = 0
    for position, char in enumerate(reversed(body)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit // 10 + digit % 10
        total += digit
    if (10 - total % 10) % 10 != int(check):
        return f"LOINC code {code!r} has a wrong check digit"
    return None


def comparisons(condition: Condition) -> Iterator[Comparison]:
    if isinstance(condition, Comparison):
        yield condition
    else:
        for part in condition.conditions:
            yield from comparisons(part)


def reachable_totals(items: Iterable[Item]) -> set[int]:
    """Every sum the items can produce, after reverse scoring."""
    totals = {0}
    for item in items:
        values = {item.scored_value(v) for v in item.values}
        totals = {t + v for t in totals for v in values}
    return totals


def _apply(transform: Transform | None, values: set[int]) -> set[Number]:
    if transform is None:
        return set(values)
    return {transform.apply(v) for v in values}


def _fmt(values: Iterable[Number]) -> str:
    shown = sorted(values)
    text = ", ".join(f"{v:g}" for v in shown[:8])
    return text + (", ..." if len(shown) > 8 else "")


def check(inst: Instrument) -> list[str]:
    problems: list[str] = []

    def add(where: str, message: str) -> None:
        problems.append(f"{where}: {message}" if where else message)

    _check_items(inst, add)
    _check_scoring(inst, add)
    _check_subscales(inst, add)
    _check_outcomes(inst, add)
    _check_critical(inst, add)
    if any(i.loinc for i in inst.items) and not inst.loinc.items_source:
        add("loinc", "'items_source' is required when items carry LOINC codes")
    return problems


def _check_comparison(
    inst: Instrument, c: Comparison, where: str, add: Add, before: int | None
) -> None:
    positions = {item.id: n for n, item in enumerate(inst.items)}
    target = inst.item(c.item)
    if target is None:
        add(where, f"refers to unknown item {c.item!r}")
        return
    if before is not None and positions[c.item] >= before:
        add(where, f"refers to item {c.item!r}, which does not come before it")
    if c.op in ("==", "!=", "in"):
        wanted = c.value if isinstance(c.value, tuple) else (c.value,)
        for value in wanted:
            if value not in target.values:
                add(where, f"value {value} is not an option of item {c.item!r}")
    if not any(c.matches(v) for v in target.values):
        add(where, f"can never be true: no option of item {c.item!r} is {c.op} {c.value}")


def _check_items(inst: Instrument, add: Add) -> None:
    for position, item in enumerate(inst.items):
        where = f"item {item.id!r}"
        if item.required_if is not None:
            for c in comparisons(item.required_if):
                _check_comparison(inst, c, f"{where}: required_if", add, before=position)
        if item.value_if_not_asked is not None:
            if item.required_if is None:
                add(where, "'value_if_not_asked' only makes sense with 'required_if'")
            elif item.value_if_not_asked not in item.values:
                add(
                    where,
                    f"value_if_not_asked {item.value_if_not_asked} is not one of its option values",
                )
        if (
            inst.method == "sum"
            and item.scored
            and item.required_if is not None
            and item.value_if_not_asked is None
        ):
            add(where, "a scored item that may be skipped (required_if) needs 'value_if_not_asked'")


def _check_bands(scheme: BandScheme, reachable: set[Number], where: str, add: Add) -> None:
    codes = [b.code for b in scheme.bands]
    for code in {c for c in codes if codes.count(c) > 1}:
        add(where, f"band code {code!r} is used twice")
    for band in scheme.bands:
        if band.min > band.max:
            add(where, f"band {band.code!r}: min {band.min} is above max {band.max}")
    if list(scheme.bands) != sorted(scheme.bands, key=lambda b: b.min):
        add(where, "bands must be listed from the lowest score to the highest")
    for low, high in pairwise(sorted(scheme.bands, key=lambda b: b.min)):
        if high.min <= low.max:
            add(where, f"bands {low.code!r} and {high.code!r} overlap")
    uncovered = {s for s in reachable if scheme.band_for(s) is None}
    if uncovered:
        add(where, f"reachable scores {_fmt(uncovered)} fall in no band")
    for band in scheme.bands:
        if not any(band.contains(s) for s in reachable):
            add(where, f"band {band.code!r} ({band.min:g}-{band.max:g}) can never be reached")


def _check_scoring(inst: Instrument, add: Add) -> None:
    if inst.method == "rule":
        present = [
            name
            for name, value in (
                ("transform", inst.transform),
                ("band_schemes", inst.band_schemes),
                ("subscales", inst.subscales),
                ("range", inst.declared_range),
                ("direction", inst.direction),
                ("reliability", inst.psychometrics.reliability),
                ("reference_sd", inst.psychometrics.reference_sd),
            )
            if value
        ]
        if present:
            add(
                "scoring",
                f"method 'rule' has no total score, so it cannot have {', '.join(present)}",
            )
        return
    scored = [i for i in inst.items if i.scored]
    if not scored:
        add("scoring", "method 'sum' needs at least one scored item")
        return
    if inst.direction not in DIRECTIONS:
        add("scoring", f"direction {inst.direction!r} must be one of {', '.join(DIRECTIONS)}")
    scores = _apply(inst.transform, reachable_totals(scored))
    if inst.declared_range is not None:
        actual = (min(scores), max(scores))
        if tuple(inst.declared_range) != actual:
            add(
                "scoring",
                f"range {list(inst.declared_range)} does not match the items, "
                f"which give {list(actual)}",
            )
    if inst.band_schemes:
        defaults = [s.code for s in inst.band_schemes if s.default]
        if len(defaults) != 1:
            add("scoring", f"exactly one band scheme must be the default (found {len(defaults)})")
        codes = [s.code for s in inst.band_schemes]
        for code in {c for c in codes if codes.count(c) > 1}:
            add("scoring", f"band scheme code {code!r} is used twice")
    for scheme in inst.band_schemes:
        _check_bands(scheme, scores, f"band scheme {scheme.code!r}", add)


def _check_subscales(inst: Instrument, add: Add) -> None:
    codes = [s.code for s in inst.subscales]
    for code in {c for c in codes if codes.count(c) > 1}:
        add("scoring", f"subscale code {code!r} is used twice")
    for sub in inst.subscales:
        where = f"subscale {sub.code!r}"
        items: list[Item] = []
        for item_id in sub.items:
            item = inst.item(item_id)
            if item is None:
                add(where, f"unknown item {item_id!r}")
            elif item in items:
                add(where, f"item {item_id!r} is listed twice")
            else:
                items.append(item)
                if item.required_if is not None and item.value_if_not_asked is None:
                    add(where, f"item {item_id!r} may be skipped but has no 'value_if_not_asked'")
        if items and sub.band_scheme is not None:
            values = _apply(sub.transform, reachable_totals(items))
            _check_bands(sub.band_scheme, values, f"{where}: bands", add)


def _check_outcomes(inst: Instrument, add: Add) -> None:
    codes = [o.code for o in inst.outcomes]
    for code in {c for c in codes if codes.count(c) > 1}:
        add("scoring", f"outcome code {code!r} is used twice")
    if inst.outcome_rule is None:
        if inst.method == "rule":
            add("scoring", "method 'rule' needs an 'outcome_rule'")
        if inst.outcomes:
            add("scoring", "'outcomes' are produced by an 'outcome_rule', and none is named")
        return
    if inst.outcome_rule not in RULES:
        known = ", ".join(sorted(RULES)) or "none"
        add(
            "scoring",
            f"outcome_rule {inst.outcome_rule!r} is not a registered rule (registered: {known})",
        )
    if not inst.outcomes:
        add("scoring", "an 'outcome_rule' needs the list of 'outcomes' it can produce")


def _check_critical(inst: Instrument, add: Add) -> None:
    for critical in inst.critical_items:
        _check_comparison(
            inst, critical.condition, f"critical item {critical.item!r}", add, before=None
        )
