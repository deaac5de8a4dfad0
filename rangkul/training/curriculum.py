"""The shipped default peer-supporter curriculum and quiz (`data/default_curriculum.yaml`),
read once."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CURRICULUM_FILE = Path(__file__).parent / "data" / "default_curriculum.yaml"


@cache
def default_curriculum() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CURRICULUM_FILE.read_text(encoding="utf-8"))
    for question in data["quiz"]:
        if not 0 <= question["correct"] < len(question["choices"]):
            raise ValueError(f"Quiz answer out of range: {question['text']}")
    return data
