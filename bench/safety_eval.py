"""Evaluate crisis detection and peer routing on every labelled split; no Django needed.

    .venv/bin/python bench/safety_eval.py                 # all splits but fresh blind ones
    .venv/bin/python bench/safety_eval.py --rules-only    # the rules alone (nothing peer-eligible)
    .venv/bin/python bench/safety_eval.py --errors        # list misses on the tuning splits
    .venv/bin/python bench/safety_eval.py --only blind6   # one blind split alone (a fresh
                                                          # one only this way: once a release)

Splits: the old frozen test split (evaluation/test.jsonl, labelled under the old policy), the
corpus validation and test splits (grouped, near-duplicates removed; since release 2026.12.04
the model is trained on the whole pool, so both are training data) and every blind split
(each evaluation/blind*/ directory with a README.md and *.jsonl rows, found automatically;
written from the labelling guide only; their sentences are never printed). A retired blind
split is training data (corpus.RETIRED_BLIND); only a fresh one is held out. The honest
cross-author figures come from bench/safety_cross_author.py. For each: urgent recall,
above-none recall for crisis and concern text,
false urgent on ordinary and on figurative text, crisis/concern text that would reach a peer,
the share of ordinary text still peer-eligible, the triage load per counselor, time per
text; per register too. Wilson 95 % intervals in brackets. The goals are printed for the
blind split, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Runs as a plain script from the project root, so put the root on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rangkul.safety.detection import detect  # noqa: E402
from rangkul.safety.detection.corpus import (  # noqa: E402
    LOOKED_AT_BLIND,
    RETIRED_BLIND,
    blind_dirs,
    load_blind,
    load_corpus,
    load_old_test,
    split_corpus,
)
from rangkul.safety.detection.evaluate import sha256_of, split_path  # noqa: E402
from rangkul.safety.detection.learned import default_model  # noqa: E402
from rangkul.safety.detection.loading import default_ruleset  # noqa: E402
from rangkul.safety.detection.metrics import (  # noqa: E402
    REAL_MIX,
    REQUESTS_PER_STUDENT_MONTH,
    STUDENTS_PER_COUNSELOR,
    figures,
    format_figures,
    format_goals,
    run_rows,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules-only", action="store_true", help="leave the model out")
    parser.add_argument(
        "--errors", action="store_true", help="list misses (never for the blind split)"
    )
    parser.add_argument(
        "--no-blind", action="store_true", help="leave the blind split out (while tuning)"
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated blind directories (e.g. blind6): score only these splits",
    )
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    print(f"ruleset {default_ruleset().version}")
    model = None if args.rules_only else default_model()
    if model is None:
        print("model: none (rules only; nothing is peer-eligible)")
    else:
        t = model.thresholds
        print(
            f"model {model.version}: thresholds peer p(ordinary) >= {t.peer}, "
            f"urgent p(urgent) >= {t.urgent}, concern p(ordinary) < {t.concern}"
        )
    print(f"old test split sha256 {sha256_of(split_path('test'))}")
    print(
        f"triage load assumes 1 counselor : {STUDENTS_PER_COUNSELOR} students, "
        f"{REQUESTS_PER_STUDENT_MONTH} requests per student a month, real mix "
        + ", ".join(f"{k} {v:.0%}" for k, v in REAL_MIX.items())
    )

    def run(text: str):  # type: ignore[no-untyped-def]
        return detect(text, use_model=model is not None)

    splits = split_corpus(load_corpus())
    named = [
        ("old frozen test (old policy labels)", load_old_test(), True),
        ("corpus validation (training data)", splits.validation, True),
        ("corpus test (grouped, near-duplicates removed; training data)", splits.test, True),
    ]
    blind_found = [] if args.no_blind else blind_dirs()
    if only:
        missing = only - {d.name for d in blind_found}
        if missing:
            parser.error(f"no blind split named {', '.join(sorted(missing))}")
        named = []
        blind_found = [d for d in blind_found if d.name in only]
    for directory in blind_found:
        if directory.name not in LOOKED_AT_BLIND and directory.name not in only:
            # A fresh split is scored once per release, on purpose: never by a routine run.
            name = directory.name
            print(f"blind {name}/: fresh, left out (score it once with --only {name})")
            continue
        rows = load_blind(directory)
        if directory.name in RETIRED_BLIND:
            seen = "retired: training data, not held out"
        elif directory.name in LOOKED_AT_BLIND:
            seen = "aggregate figures looked at in earlier releases"
        else:
            seen = "fresh"
        named.append((f"BLIND {directory.name}/ ({len(rows)} rows; {seen})", rows, False))
    print(
        f"corpus: train {len(splits.train)}, validation {len(splits.validation)}, "
        f"test {len(splits.test)}, near-duplicates dropped {splits.dropped_near_duplicates}"
    )
    run("warm-up: load the rules and the model")
    for name, rows, may_list in named:
        scored, seconds, seconds_none = run_rows(rows, run)
        result = figures(name, scored, seconds, seconds_per_none_text=seconds_none)
        print()
        print(format_figures(result))
        if not may_list:
            print("goals on the blind held-out split (printed, not asserted):")
            print(format_goals(result))
        elif args.errors:
            _print_errors(scored)
    if not blind_found and not args.no_blind:
        print("\nblind held-out splits: none present (evaluation/blind*/ with README.md, *.jsonl)")
    return 0


def _print_errors(scored) -> None:  # type: ignore[no-untyped-def]
    for row, result in scored:
        wrong_level = (row.level.value == "none") != (result.level.value == "none")
        leak = row.level.value != "none" and result.peer_eligible
        missed_urgent = row.level.value == "urgent" and result.level.value != "urgent"
        false_urgent = row.level.value == "none" and result.level.value == "urgent"
        if wrong_level or leak or missed_urgent or false_urgent:
            p = f"{result.model.p_ordinary:.2f}" if result.model else "-"
            print(
                f"  {row.source} {row.kind}/{row.level.value} got {result.level.value}"
                f" rules={result.rules_level.value} p_ord={p} peer={result.peer_eligible}"
                f"  {row.text!r}"
            )


if __name__ == "__main__":
    raise SystemExit(main())
