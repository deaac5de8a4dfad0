"""Malformed instrument definitions fail loudly, naming the file and the problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from rangkul.screenings.engine import (
    DefinitionError,
    load_definition,
    load_file,
    score,
)
from rangkul.screenings.engine.loader import INSTRUMENTS_DIR, load_directory
from rangkul.screenings.tests.engine_helpers import definition_error, minimal

# --- malformed definitions --------------------------------------------------------------------


def test_minimal_definition_loads():
    inst = load_definition(minimal(), "mini.yaml")
    assert score(inst, {"q1": 1, "q2": 1}).band.code == "high"  # type: ignore[union-attr]


def test_malformed_file_names_the_file_and_the_item(tmp_path: Path):
    data = yaml.safe_load((INSTRUMENTS_DIR / "phq9.yaml").read_text(encoding="utf-8"))
    data["items"][2]["options"] = [
        {"value": "x", "label": {"id": "a", "en": "a"}},
        {"value": 1, "label": {"id": "b", "en": "b"}},
    ]
    path = tmp_path / "phq9.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_file(path)
    assert "phq9.yaml: item 'q3': option value 'x' is not an integer" in str(caught.value)
    assert caught.value.source == "phq9.yaml"


def test_a_broken_file_stops_the_whole_directory_load(tmp_path: Path):
    (tmp_path / "good.yaml").write_text(yaml.safe_dump(minimal(code="good")), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("code: bad\nitems: [unclosed", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_directory(tmp_path)
    assert str(caught.value).startswith("bad.yaml: not valid YAML")


def test_code_must_match_the_file_name(tmp_path: Path):
    path = tmp_path / "other.yaml"
    path.write_text(yaml.safe_dump(minimal()), encoding="utf-8")
    with pytest.raises(DefinitionError, match="code 'mini' does not match the file name 'other'"):
        load_file(path)


def test_all_problems_are_reported_at_once():
    data = minimal(version=1.0, respondent="parent")
    data["items"][0]["reverse_scored"] = True
    message = definition_error(data)
    assert "mini.yaml: 'version' must be quoted text" in message
    assert (
        "mini.yaml: respondent 'parent' must be one of self, caregiver, staff_administered"
        in message
    )
    assert "mini.yaml: item 'q1': unknown key 'reverse_scored'" in message


DELETE = object()


def put(data: Any, path: str, value: Any) -> None:
    """Set (or DELETE) the value at a dotted path; list index == length appends."""
    *parents, last = path.split(".")
    for key in parents:
        data = data[int(key)] if isinstance(data, list) else data[key]
    if isinstance(data, list):
        index = int(last)
        data.append(value) if index == len(data) else data.__setitem__(index, value)
    elif value is DELETE:
        del data[last]
    else:
        data[last] = value


def crit(item: str, op: str, value: int) -> list[dict[str, Any]]:
    return [{"item": item, "op": op, "value": value, "meaning": {"id": "a", "en": "b"}}]


NEVER_BAND = {"code": "never", "min": 5, "max": 9, "label": {"id": "x", "en": "x"}}
BANDS = "scoring.band_schemes.0.bands"
BAD_DEFINITIONS = [
    ("items.1.text.en", DELETE, "item 'q2': 'text' has no 'en' text"),
    ("items.1.options", "freq", "item 'q2': unknown option set 'freq'"),
    ("items.1.id", "q1", "item 'q1': duplicate item id"),
    ("items.0.loinc", "44249-2", "item 'q1': LOINC code '44249-2' has a wrong check digit"),
    ("items.0.loinc", "PHQ9", "item 'q1': LOINC code 'PHQ9' must look like 12345-6"),
    (f"{BANDS}.0.max", 0, "band scheme 'main': reachable scores 1 fall in no band"),
    (f"{BANDS}.1.min", 1, "band scheme 'main': bands 'low' and 'high' overlap"),
    (f"{BANDS}.2", NEVER_BAND, "band scheme 'main': band 'never' (5-9) can never be reached"),
    (
        "scoring.band_schemes.0.default",
        False,
        "scoring: exactly one band scheme must be the default",
    ),
    ("scoring.range", [0, 3], "scoring: range [0, 3] does not match the items, which give [0, 2]"),
    (
        "items.0.required_if",
        {"item": "q2", "op": "==", "value": 1},
        "item 'q1': required_if: refers to item 'q2', which does not come before it",
    ),
    (
        "items.1.required_if",
        {"item": "q1", "op": "==", "value": 1},
        "item 'q2': a scored item that may be skipped (required_if) needs 'value_if_not_asked'",
    ),
    ("critical_items", crit("q2", ">=", 2), "critical item 'q2': can never be true"),
    ("critical_items", crit("q9", "==", 1), "critical item 'q9': refers to unknown item 'q9'"),
    ("scoring.outcome_rule", "magic", "scoring: outcome_rule 'magic' is not a registered rule"),
    (
        "scoring.method",
        "rule",
        "scoring: method 'rule' has no total score, so it cannot have band_schemes",
    ),
    (
        "psychometrics",
        {"reliability": {"value": 1.2, "kind": "alpha", "sample": "s", "citation": "c"}},
        "psychometrics: reliability: value 1.2 must be between 0 and 1 (exclusive)",
    ),
    (
        "psychometrics",
        {"reference_sd": {"value": 3.1, "sample": "s"}},
        "psychometrics: reference_sd: 'citation' is required",
    ),
    ("languages.id.status", "draft", "language 'id': status 'draft' must be one of"),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD_DEFINITIONS)
def test_malformed_definitions_are_refused_with_a_clear_message(path: str, value: Any, expected):
    data = copy.deepcopy(minimal())
    put(data, path, value)
    assert f"mini.yaml: {expected}" in definition_error(data)


def test_definition_must_be_a_mapping():
    with pytest.raises(
        DefinitionError, match="org 3 / akpd: the definition must be a mapping, not list"
    ):
        load_definition([], "org 3 / akpd")
