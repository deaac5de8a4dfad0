"""The handling steps as data (data/steps.yaml): time limits, reminders, citations."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml

from rangkul.violence.models import STEP_ORDER

DATA = Path(__file__).parent / "data" / "steps.yaml"


@dataclass(frozen=True)
class StepRule:
    code: str
    article: str
    days: int
    verified: bool
    remind_before_days: int

    @property
    def limit(self) -> timedelta:
        return timedelta(days=self.days)

    @property
    def remind_before(self) -> timedelta:
        return timedelta(days=self.remind_before_days)


@cache
def rules() -> dict[str, StepRule]:
    """Every step's rule, checked against the steps the models know, in order."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    found = {
        row["code"]: StepRule(
            code=str(row["code"]),
            article=str(row["article"]),
            days=int(row["days"]),
            verified=bool(row["verified"]),
            remind_before_days=int(row["remind_before_days"]),
        )
        for row in raw["steps"]
    }
    if tuple(found) != STEP_ORDER:
        raise ValueError(f"steps.yaml must list {STEP_ORDER} in order, got {tuple(found)}")
    for rule in found.values():
        if rule.days <= 0 or not 0 <= rule.remind_before_days < rule.days:
            raise ValueError(f"steps.yaml: bad limits for {rule.code}")
    return found


def rule(code: str) -> StepRule:
    return rules()[code]


def next_step(code: str) -> str | None:
    i = STEP_ORDER.index(code)
    return STEP_ORDER[i + 1] if i + 1 < len(STEP_ORDER) else None
