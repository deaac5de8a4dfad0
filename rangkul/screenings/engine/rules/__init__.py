"""Outcome rules that data cannot express, registered explicitly by name.

A definition names its rule in `scoring.outcome_rule`; the loader refuses a name
that is not in RULES. Adding a rule means writing a module here, adding one line
below and testing it: deliberately no discovery or plugin loading.

A rule receives the instrument and the complete, validated answers (with values
filled in for items that were not asked) and returns one of the outcome codes the
definition declares.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from . import asq

if TYPE_CHECKING:
    from ..definition import Instrument

Rule = Callable[["Instrument", Mapping[str, int]], str]

RULES: dict[str, Rule] = {
    "asq": asq.outcome,
}
