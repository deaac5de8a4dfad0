"""Helpers shared by the engine tests: answer sets for a wanted total, and minimal
definitions to corrupt."""

from __future__ import annotations

from typing import Any

import pytest

from rangkul.screenings.engine import (
    DefinitionError,
    Instrument,
    load_definition,
)

# --- helpers -------------------------------------------------------------------------


def fill(inst: Instrument, chosen: dict[str, int] | None = None) -> dict[str, int]:
    """Complete answers: `chosen` values, every other asked item at its lowest option."""
    chosen = chosen or {}
    answers: dict[str, int] = {}
    effective: dict[str, int] = {}
    for item in inst.items:
        if item.required_if is not None and not item.required_if.holds(effective):
            if item.value_if_not_asked is not None:
                effective[item.id] = item.value_if_not_asked
            continue
        value = chosen.get(item.id, min(item.values, key=item.scored_value))
        answers[item.id] = effective[item.id] = value
    return answers


def spread(inst: Instrument, item_ids: list[str], total: int) -> dict[str, int]:
    """Values for `item_ids` (in order, filling each before the next) summing to `total`."""
    chosen: dict[str, int] = {}
    items = [i for i in inst.items if i.id in item_ids]
    extra = total - sum(min(i.scored_value(v) for v in i.values) for i in items)
    assert extra >= 0, f"{total} is below the minimum"
    for item in items:
        scored = sorted({item.scored_value(v) for v in item.values})
        target = min(scored[-1], scored[0] + extra)
        extra -= target - scored[0]
        chosen[item.id] = next(v for v in item.values if item.scored_value(v) == target)
    assert extra == 0, f"{total} is above the maximum"
    return chosen


def answers_for_total(inst: Instrument, total: int) -> dict[str, int]:
    return fill(inst, spread(inst, [i.id for i in inst.items if i.scored], total))


def minimal(**changes: Any) -> dict[str, Any]:
    """A small valid definition to break in tests."""
    data: dict[str, Any] = {
        "code": "mini",
        "version": "1",
        "short_name": "Mini",
        "name": {"id": "Mini", "en": "Mini"},
        "respondent": "self",
        "languages": {"id": {"status": "unofficial"}, "en": {"status": "published"}},
        "option_sets": {
            "yn": [
                {"value": 0, "label": {"id": "Tidak", "en": "No"}},
                {"value": 1, "label": {"id": "Ya", "en": "Yes"}},
            ]
        },
        "items": [
            {"id": "q1", "options": "yn", "text": {"id": "Satu", "en": "One"}},
            {"id": "q2", "options": "yn", "text": {"id": "Dua", "en": "Two"}},
        ],
        "scoring": {
            "method": "sum",
            "direction": "higher_is_worse",
            "band_schemes": [
                {
                    "code": "main",
                    "default": True,
                    "bands": [
                        {"code": "low", "min": 0, "max": 1, "label": {"id": "R", "en": "L"}},
                        {"code": "high", "min": 2, "max": 2, "label": {"id": "T", "en": "H"}},
                    ],
                }
            ],
        },
        "licence": {"name": "Own", "summary": "Own questionnaire", "free_to_use": True},
        "attribution": "Test",
    }
    data.update(changes)
    return data


def definition_error(data: dict[str, Any], source: str = "mini.yaml") -> str:
    with pytest.raises(DefinitionError) as caught:
        load_definition(data, source)
    return str(caught.value)
