"""Evaluate crisis-language detection on the labelled sentences; no Django needed.

    .venv/bin/python bench/safety_eval.py            # frozen test split
    .venv/bin/python bench/safety_eval.py --dev      # dev split too (the one rules are tuned on)
    .venv/bin/python bench/safety_eval.py --dev --errors   # list what the dev split gets wrong

Prints precision and recall per level and per category, urgent recall, the share of ordinary
(label none) text flagged urgent, and the time per call. Targets: urgent recall >= 0.95 with
at most 5% of ordinary text flagged urgent.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Runs as a plain script from the project root, so put the root on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rangkul.safety.detection import detect  # noqa: E402
from rangkul.safety.detection.evaluate import (  # noqa: E402
    format_errors,
    format_report,
    load_split,
    score,
    sha256_of,
    split_path,
    time_per_call,
)
from rangkul.safety.detection.loading import default_ruleset  # noqa: E402

URGENT_RECALL_TARGET = 0.95
NONE_URGENT_RATE_TARGET = 0.05


def _long_text() -> str:
    """A 500-character support request with a crisis sentence near the end."""
    filler = (
        "Kak, aku mau cerita soal sekolah. Akhir-akhir ini tugas numpuk banget, guru matematika "
        "sering marah, dan aku berantem sama teman sebangku gara-gara tugas kelompok. Di rumah "
        "juga ramai terus, adikku sakit dan mama capek. Aku jadi susah tidur dan gak fokus "
        "belajar, nilai UH-ku turun. "
    )
    text = filler
    while len(text) < 470:
        text += filler
    return (text[:470] + " pengen mati aja rasanya.")[:500]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="also score the dev split")
    parser.add_argument("--errors", action="store_true", help="list wrongly labelled sentences")
    args = parser.parse_args(argv)

    ruleset = default_ruleset()
    print(f"ruleset {ruleset.version}")
    test_path = split_path("test")
    print(f"test split sha256 {sha256_of(test_path)}")

    splits = ["dev", "test"] if args.dev else ["test"]
    reports = {}
    for name in splits:
        examples = load_split(name)
        report = score(name, examples, detect)
        reports[name] = report
        print()
        print(format_report(report))
        if args.errors:
            print(format_errors(report))

    test = reports["test"]
    print()
    print(
        f"targets on test: urgent recall {test.urgent_recall:.3f} "
        f"(target >= {URGENT_RECALL_TARGET}) "
        f"{'met' if test.urgent_recall >= URGENT_RECALL_TARGET else 'NOT met'}; "
        f"ordinary flagged urgent {test.none_urgent_rate:.1%} "
        f"(target <= {NONE_URGENT_RATE_TARGET:.0%}) "
        f"{'met' if test.none_urgent_rate <= NONE_URGENT_RATE_TARGET else 'NOT met'}"
    )

    sentences = [example.text for example in load_split("test")]
    short = time_per_call(detect, sentences, rounds=20)
    long_text = _long_text()
    long = time_per_call(detect, [long_text], rounds=2000)
    print(
        f"time per call: {short * 1e6:.0f} µs (test sentences, mean "
        f"{sum(map(len, sentences)) / len(sentences):.0f} chars); "
        f"{long * 1e6:.0f} µs ({len(long_text)}-char text)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
