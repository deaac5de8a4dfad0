"""Score the detector against the labelled sentences in ./evaluation.

Shared by bench/safety_eval.py (prints the figures) and the tests (guard them), so both count
the same way.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .model import CATEGORIES, DetectionResult, Level

EVALUATION_DIR = Path(__file__).resolve().parent / "evaluation"
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    level: Level
    categories: frozenset[str]
    lang: str


def split_path(name: str) -> Path:
    if name not in SPLITS:
        raise ValueError(f"unknown split {name!r}; use one of {', '.join(SPLITS)}")
    return EVALUATION_DIR / f"{name}.jsonl"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_split(name: str) -> list[Example]:
    path = split_path(name)
    examples: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        categories = frozenset(row["categories"])
        unknown = categories - set(CATEGORIES)
        if unknown:
            raise ValueError(f"{path.name}:{number}: unknown categories {sorted(unknown)}")
        examples.append(
            Example(row["id"], row["text"], Level(row["level"]), categories, row["lang"])
        )
    return examples


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positive + self.false_negative
        return self.true_positive / actual if actual else 1.0

    @property
    def support(self) -> int:
        return self.true_positive + self.false_negative


@dataclass
class Report:
    split: str
    total: int = 0
    by_level: dict[str, Counts] = field(default_factory=dict)
    by_category: dict[str, Counts] = field(default_factory=dict)
    flagged: Counts = field(default_factory=Counts)  # gold >= concern vs predicted >= concern
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    none_total: int = 0
    none_flagged_urgent: int = 0
    none_flagged_any: int = 0
    errors: list[tuple[Example, DetectionResult]] = field(default_factory=list)

    @property
    def urgent_recall(self) -> float:
        return self.by_level[Level.URGENT.value].recall

    @property
    def none_urgent_rate(self) -> float:
        return self.none_flagged_urgent / self.none_total if self.none_total else 0.0

    @property
    def none_flagged_rate(self) -> float:
        return self.none_flagged_any / self.none_total if self.none_total else 0.0


def score(
    split: str,
    examples: Sequence[Example],
    run: Callable[[str], DetectionResult],
) -> Report:
    report = Report(split=split, total=len(examples))
    report.by_level = {level.value: Counts() for level in Level}
    report.by_category = {category: Counts() for category in CATEGORIES}
    for example in examples:
        result = run(example.text)
        gold, predicted = example.level, result.level
        key = (gold.value, predicted.value)
        report.confusion[key] = report.confusion.get(key, 0) + 1
        for level in Level:
            counts = report.by_level[level.value]
            if gold is level and predicted is level:
                counts.true_positive += 1
            elif predicted is level:
                counts.false_positive += 1
            elif gold is level:
                counts.false_negative += 1
        _count(report.flagged, gold is not Level.NONE, predicted is not Level.NONE)
        for category in CATEGORIES:
            _count(
                report.by_category[category],
                category in example.categories,
                category in result.categories,
            )
        if gold is Level.NONE:
            report.none_total += 1
            report.none_flagged_urgent += predicted is Level.URGENT
            report.none_flagged_any += predicted is not Level.NONE
        if gold is not predicted or example.categories != set(result.categories):
            report.errors.append((example, result))
    return report


def _count(counts: Counts, actual: bool, predicted: bool) -> None:
    if actual and predicted:
        counts.true_positive += 1
    elif predicted:
        counts.false_positive += 1
    elif actual:
        counts.false_negative += 1


def time_per_call(
    run: Callable[[str], DetectionResult], texts: Sequence[str], rounds: int
) -> float:
    """Mean seconds per call over `rounds` passes (after one warm-up pass)."""
    for text in texts:
        run(text)
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            run(text)
    return (time.perf_counter() - started) / (rounds * len(texts))


def format_report(report: Report) -> str:
    lines = [f"== {report.split}: {report.total} sentences =="]
    lines.append(f"{'level':<16}{'precision':>10}{'recall':>8}{'support':>9}")
    for level in Level:
        counts = report.by_level[level.value]
        lines.append(
            f"{level.value:<16}{counts.precision:>10.3f}{counts.recall:>8.3f}{counts.support:>9}"
        )
    lines.append(
        f"{'any flag':<16}{report.flagged.precision:>10.3f}{report.flagged.recall:>8.3f}"
        f"{report.flagged.support:>9}"
    )
    lines.append(f"{'category':<16}{'precision':>10}{'recall':>8}{'support':>9}")
    for category in CATEGORIES:
        counts = report.by_category[category]
        lines.append(
            f"{category:<16}{counts.precision:>10.3f}{counts.recall:>8.3f}{counts.support:>9}"
        )
    lines.append("confusion (rows gold, columns predicted): none / concern / urgent")
    for gold in Level:
        row = [report.confusion.get((gold.value, p.value), 0) for p in Level]
        lines.append(f"  {gold.value:<9}" + "".join(f"{n:>8}" for n in row))
    lines.append(f"urgent recall: {report.urgent_recall:.3f}")
    lines.append(
        f"ordinary (label none) text flagged urgent: {report.none_flagged_urgent}/"
        f"{report.none_total} = {report.none_urgent_rate:.1%}"
    )
    lines.append(
        f"ordinary (label none) text flagged at all: {report.none_flagged_any}/"
        f"{report.none_total} = {report.none_flagged_rate:.1%}"
    )
    return "\n".join(lines)


def format_errors(report: Report) -> str:
    lines = [f"-- {report.split}: {len(report.errors)} sentences with a wrong level or categories"]
    for example, result in report.errors:
        got = ",".join(result.categories) or "-"
        want = ",".join(sorted(example.categories)) or "-"
        lines.append(
            f"{example.id} gold={example.level.value}/{want} got={result.level.value}/{got}"
            f"  {example.text!r}"
        )
        for match in result.matches:
            lines.append(
                f"      {match.phrase_id} {match.level.value} {match.modifier or ''} {match.text!r}"
            )
    return "\n".join(lines)
