"""How far above the training pool's nearest leak a new author's nearest leak lies: the
measurement behind the peer threshold's margin (training.PEER_MARGIN, decision 0048).

    .venv/bin/python bench/safety_peer_margin.py            # both models
    .venv/bin/python bench/safety_peer_margin.py --model ngram

A text is offered to a peer only when the rules find nothing and the model's p(ordinary) is
at or above the peer threshold: the highest out-of-fold p(ordinary) of any crisis or concern
text the rules miss (a "leak"), plus the margin. The margin stands for the authors the
model has not met. This bench plays that out for every author of the training pool:

- the others' nearest leak: the highest out-of-fold p(ordinary) of a leak by any other
  author, with folds made exactly as `manage.py train_safety_model` makes them;
- the author's own nearest leak: the highest p(ordinary) of the author's leaks under a
  model trained without the author at all (leave one author out);
- the margin that author needed (own minus others'; negative means none), and the share
  of the author's ordinary texts at or above the others' leak plus the current margin.

The largest margin any author needed is the figure to keep PEER_MARGIN above. Sentences are
never printed. About 5 minutes on two cores with the embedding cache in var/ (the first run
embeds every training text, about 5 minutes more).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Runs as a plain script from the project root, so put the root on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=("both", "ngram", "e5"), default="both")
    args = parser.parse_args(argv)
    import numpy

    from rangkul.safety.detection import training
    from rangkul.safety.detection.corpus import training_pool
    from rangkul.safety.detection.model import Level

    rows = training_pool()
    inputs = training.model_inputs(rows)
    authors = numpy.array([row.author for row in rows])
    leak = numpy.array([row.level is not Level.NONE for row in rows])
    ordinary = numpy.array([row.kind == "ordinary" for row in rows])
    models = ("ngram", "e5") if args.model == "both" else (args.model,)
    print(f"{len(rows)} rows by {len(set(authors))} authors; PEER_MARGIN {training.PEER_MARGIN}")
    for name in models:
        embeddings = None
        if name == "e5":
            embeddings = training.training_embedder().embed(inputs)
        scored = training.out_of_fold(rows, inputs=inputs, embeddings=embeddings)
        missed = leak & numpy.array([s.rules_level is Level.NONE for s in scored])
        in_fold = numpy.array([s.p_ordinary for s in scored])
        held_out = _leave_one_author_out(rows, inputs, embeddings, authors)
        print(f"\n({name}) nearest leak of the others, of the author held out, margin needed")
        print(f"{'author':<10}{'rows':>6}{'others':>9}{'own':>8}{'needed':>9}{'ord. peer':>11}")
        needed = []
        for author in sorted(set(authors)):
            mine = authors == author
            others = float(in_fold[missed & ~mine].max())
            own = float(held_out[missed & mine].max()) if (missed & mine).any() else 0.0
            needed.append(own - others)
            threshold = min(others + training.PEER_MARGIN, training.PEER_CEILING)
            share = float((held_out[ordinary & mine] >= threshold).mean())
            print(
                f"{author:<10}{int(mine.sum()):>6}{others:>9.3f}{own:>8.3f}"
                f"{own - others:>+9.3f}{share:>11.2f}"
            )
        print(f"largest margin needed: {max(needed):+.3f} (PEER_MARGIN {training.PEER_MARGIN})")
    return 0


def _leave_one_author_out(rows, inputs, embeddings, authors):  # type: ignore[no-untyped-def]
    """p(ordinary) of every row under a model fitted on the other authors only."""
    import numpy

    from rangkul.safety.detection import training

    out = numpy.zeros(len(rows))
    for author in sorted(set(authors)):
        train_i = numpy.flatnonzero(authors != author)
        held_i = numpy.flatnonzero(authors == author)
        pipeline = training.fit(
            [rows[i] for i in train_i],
            embeddings=None if embeddings is None else embeddings[train_i],
            inputs=[inputs[i] for i in train_i],
        )
        proba = training.probabilities(
            pipeline,
            [inputs[i] for i in held_i],
            None if embeddings is None else embeddings[held_i],
        )
        classes = list(pipeline.named_steps["classifier"].classes_)
        out[held_i] = proba[:, classes.index("none")]
    return out


if __name__ == "__main__":
    raise SystemExit(main())
