"""Train the learned layer and choose its thresholds; used by `manage.py train_safety_model`.

The training pool is the corpus plus every retired blind split (corpus.training_pool). The
thresholds are chosen on OUT-OF-FOLD predictions over that whole pool: FOLDS grouped folds
(a frame never spans two folds, and near-duplicate texts are kept in one fold), each scored
by a model fitted on the other folds and averaged over REPEATS ways of dealing the folds,
together with the rules (the routing decision is rules AND model). The shipped model is
then fitted on the whole pool. A fresh blind split is never read here.

Two models are trained from the same pool and folds: n-grams only (the fallback) and
n-grams plus the sentence embedding (embedding.py), each with thresholds of its own.
Reproducible: the folds, the models and the thresholds depend only on the rows, SEED and,
for the second, the embedding engine's numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .corpus import DETECTION_DIR, NEAR_DUPLICATE, SEED, Row, training_pool
from .embedding import DIMENSIONS, LAYERS, SOURCE, Embedder
from .learned import (
    ARTEFACT_FORMAT,
    ARTEFACT_PATH,
    PIPELINE_PATH,
    SafetyModel,
    Thresholds,
    from_artefact,
    model_input,
    runtime_data,
    skeleton_text,
)
from .loading import default_ruleset
from .model import Level, ModelVerdict

MODEL_VERSION = "2026.12.45"
# Added to the highest out-of-fold p(ordinary) of a crisis or concern text the rules miss:
# the peer threshold keeps this distance from the nearest leak. Measured, not guessed
# (decision 0048, bench/safety_peer_margin.py): over every author of the pool held out in
# turn, a new author's most ordinary-looking crisis or concern text lay at most 0.03 above
# the highest leak of the others; the margin is that with room to spare.
PEER_MARGIN = 0.05
# The peer threshold never goes below this, whatever the folds say.
PEER_FLOOR = 0.80
# The peer thresholds of the last shipped release, by model (2026.12.12's: the n-gram one
# rose above 2026.12.11's on the pool, the embedding one is 2026.12.09's held by this very
# guard, decision 0055). A candidate's threshold never falls below the shipped
# one (decision 0052): rules written for the training texts nearest the threshold lower the
# pool's highest leak, but not a new author's (candidate 2026.12.10 leaked a crisis text on
# blind split 11 that way, decision 0051), so the pool alone cannot justify a lower threshold.
# It may rise. Updated only when a release ships.
SHIPPED_PEER = {"ngram": 0.946, "e5": 0.9678}
PEER_CEILING = 0.999
# False urgent calls of rules and model together on out-of-fold ordinary and figurative
# text: the goals of docs/safety-detection.md. The lowest urgent threshold inside both wins.
URGENT_MAX_ORDINARY = 0.03
URGENT_MAX_FIGURATIVE = 0.10
# How many ordinary and figurative texts the model alone may raise to concern (an alert to a
# counselor, not only triage).
CONCERN_MAX_ORDINARY = 0.03
CONCERN_MAX_FIGURATIVE = 0.05
CLASS_WEIGHT = {"none": 1.0, "concern": 2.0, "urgent": 2.0}
FOLDS = 5
# Out-of-fold scores are averaged over this many ways of dealing the groups into folds: the
# peer threshold rests on the single highest leak, and one dealing alone moved it by up to
# 0.035 (decision 0049).
REPEATS = 3
# The embedding's weight beside the three n-gram blocks (each of unit length) in the one
# logistic model: the vector (unit length) is multiplied by this (decision 0042).
EMBEDDING_SCALE = 1.0
# Embeddings of training texts, kept between runs (not committed; the numbers are the same
# whether computed now or read from here).
EMBEDDING_CACHE = DETECTION_DIR.parents[2] / "var" / f"safety-embeddings-{LAYERS}-layers.npz"


def data_digest(rows: Sequence[Row]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(
            f"{row.text}\t{row.level.value}\t{','.join(sorted(row.categories))}\t"
            f"{row.kind}\t{row.frame}\n".encode()
        )
    return digest.hexdigest()


def build_pipeline(seed: int = SEED) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion(
        [
            (
                "char",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    max_features=60_000,
                    dtype=_float32(),
                ),
            ),
            (
                # Consonant skeletons of the same words (learned.skeleton_text): vowel-dropped
                # spellings nobody listed share these n-grams with the full words.
                "skeleton",
                TfidfVectorizer(
                    analyzer="char_wb",
                    preprocessor=skeleton_text,
                    ngram_range=(2, 4),
                    min_df=2,
                    sublinear_tf=True,
                    max_features=30_000,
                    dtype=_float32(),
                ),
            ),
            (
                "word",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    min_df=1,
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b\w+\b",
                    max_features=40_000,
                    dtype=_float32(),
                ),
            ),
        ]
    )
    # Chosen on the validation split (bench notes in docs/decisions/0014): a stronger
    # regularisation and double weight on crisis and concern text keep the nearest leak
    # further from the ordinary texts, so more of them clear the peer threshold.
    classifier = LogisticRegression(
        C=2.0, class_weight=CLASS_WEIGHT, max_iter=5000, random_state=seed
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def _float32() -> Any:
    import numpy

    return numpy.float32


def model_inputs(rows: Sequence[Row]) -> list[str]:
    normaliser = default_ruleset().normaliser
    return [model_input(row.text, normaliser) for row in rows]


def fit(
    rows: Sequence[Row],
    seed: int = SEED,
    embeddings: Any = None,
    *,
    inputs: Sequence[str] | None = None,
) -> Any:
    """The fitted pipeline. With `embeddings` (one row per text) the classifier reads the
    n-gram features followed by EMBEDDING_SCALE times the embedding; predict with
    `probabilities`, which does the same."""
    inputs = list(inputs) if inputs is not None else model_inputs(rows)
    labels = [row.level.value for row in rows]
    pipeline = build_pipeline(seed)
    if embeddings is None:
        pipeline.fit(inputs, labels)
    else:
        features = pipeline.named_steps["features"].fit_transform(inputs)
        pipeline.named_steps["classifier"].fit(_with_embeddings(features, embeddings), labels)
    # The vectorisers keep every pruned term for introspection only; drop them to keep the
    # committed artefact small (scikit-learn documents this as safe).
    for _, vectoriser in pipeline.named_steps["features"].transformer_list:
        vectoriser.stop_words_ = None
    return pipeline


def _with_embeddings(features: Any, embeddings: Any) -> Any:
    import numpy
    from scipy import sparse

    dense = numpy.asarray(embeddings, dtype=numpy.float64) * EMBEDDING_SCALE
    return sparse.hstack([features, sparse.csr_matrix(dense)]).tocsr()


def probabilities(pipeline: Any, inputs: Sequence[str], embeddings: Any = None) -> Any:
    """scikit-learn's class probabilities (columns in classifier.classes_ order)."""
    if embeddings is None:
        return pipeline.predict_proba(list(inputs))
    features = pipeline.named_steps["features"].transform(list(inputs))
    return pipeline.named_steps["classifier"].predict_proba(_with_embeddings(features, embeddings))


@dataclass(frozen=True)
class Scored:
    row: Row
    rules_level: Level
    p_ordinary: float
    p_urgent: float
    # The rules read every phrase they matched in context (a negation, an idiom, a finished
    # past): the model does not raise the level (see detect()).
    settled: bool = False


class _RaiseEverything:
    """A stand-in model that calls every text urgent: what detect() does with it shows
    whether the rules left room for the model to raise the level."""

    version = "probe"

    def verdict(self, text: str, normaliser: Any) -> ModelVerdict:
        return ModelVerdict(Level.URGENT, 0.0, 1.0, self.version)

    def peer_eligible(self, verdict: ModelVerdict) -> bool:
        return False


_READINGS: dict[str, tuple[Level, bool]] = {}


def rules_readings(texts: Sequence[str]) -> list[tuple[Level, bool]]:
    """The rules' level of each text and whether it is settled (the model may not raise it)."""
    from typing import cast

    from . import detect

    probe = cast(SafetyModel, _RaiseEverything())
    out = []
    for text in texts:
        if text not in _READINGS:
            result = detect(text, model=probe)
            settled = result.rules_level is not Level.URGENT and result.level is not Level.URGENT
            _READINGS[text] = (result.rules_level, settled)
        out.append(_READINGS[text])
    return out


def score_rows(model: SafetyModel, rows: Sequence[Row]) -> list[Scored]:
    ruleset = default_ruleset()
    verdicts = model.verdicts([row.text for row in rows], ruleset.normaliser)
    readings = rules_readings([row.text for row in rows])
    return [
        Scored(row, level, v.p_ordinary, v.p_urgent, settled)
        for row, v, (level, settled) in zip(rows, verdicts, readings, strict=True)
    ]


def final_level(scored: Scored, thresholds: Thresholds) -> Level:
    """The level detect() gives a scored text under these thresholds."""
    if scored.settled:
        return scored.rules_level
    if scored.p_urgent >= thresholds.urgent:
        model = Level.URGENT
    elif 1.0 - scored.p_ordinary >= thresholds.concern:
        model = Level.CONCERN
    else:
        model = Level.NONE
    return Level.highest((scored.rules_level, model))


def nearest_leaks(scored: Sequence[Scored], count: int = 5) -> list[Scored]:
    """The crisis or concern texts the rules miss with the highest out-of-fold p(ordinary):
    the ones that set the peer threshold (named by file and line, for the training log)."""
    missed = [s for s in scored if s.row.level is not Level.NONE and s.rules_level is Level.NONE]
    return sorted(missed, key=lambda s: s.p_ordinary, reverse=True)[:count]


def choose_thresholds(scored: Sequence[Scored], *, not_below: float = 0.0) -> Thresholds:
    """From out-of-fold scores. Peer: above the highest p(ordinary) of any crisis or concern
    text the rules miss, plus PEER_MARGIN, never below PEER_FLOOR nor `not_below` (the
    shipped release's threshold, SHIPPED_PEER). Urgent: the lowest
    probability at which rules and model together call no more than URGENT_MAX_* of the
    ordinary and figurative texts urgent (recall on independent text is the weak point).
    Concern: the lowest at which the model alone raises no more than CONCERN_MAX_* of them."""
    leaks = [s.p_ordinary for s in nearest_leaks(scored, count=1)]
    peer = max([PEER_FLOOR - PEER_MARGIN, *leaks]) + PEER_MARGIN
    peer = min(max(round(peer, 4), not_below), PEER_CEILING)

    def of(kind: str) -> list[Scored]:
        return [s for s in scored if s.row.kind == kind]

    def urgent_share(rows: list[Scored], threshold: float) -> float:
        """Share of these texts rules and model together would call urgent."""
        if not rows:
            return 0.0
        hits = sum(
            s.rules_level is Level.URGENT or (not s.settled and s.p_urgent >= threshold)
            for s in rows
        )
        return hits / len(rows)

    ordinary, figurative = of("ordinary"), of("figurative")
    urgent = 0.99
    for step in range(30, 100):
        threshold = step / 100
        if (
            urgent_share(ordinary, threshold) <= URGENT_MAX_ORDINARY
            and urgent_share(figurative, threshold) <= URGENT_MAX_FIGURATIVE
        ):
            urgent = threshold
            break

    def flagged(rows: list[Scored], threshold: float) -> float:
        """Share of these texts the model alone would raise to concern or more."""
        if not rows:
            return 0.0
        hits = sum(
            s.rules_level is Level.NONE and not s.settled and 1.0 - s.p_ordinary >= threshold
            for s in rows
        )
        return hits / len(rows)

    concern = 0.99
    for step in range(50, 100):
        threshold = step / 100
        if (
            flagged(ordinary, threshold) <= CONCERN_MAX_ORDINARY
            and flagged(figurative, threshold) <= CONCERN_MAX_FIGURATIVE
        ):
            concern = threshold
            break
    return Thresholds(peer=peer, urgent=urgent, concern=concern)


def fold_of_rows(rows: Sequence[Row], folds: int = FOLDS, repeat: int = 0) -> list[int]:
    """The out-of-fold fold of each row (see row_groups and deal_folds)."""
    return deal_folds(row_groups(rows), folds, repeat)


def row_groups(rows: Sequence[Row]) -> list[int]:
    """A group per row: rows of one frame (author/group) share one, and rows whose texts are
    near-duplicates (character n-gram cosine at or above NEAR_DUPLICATE, as in
    corpus.drop_near_duplicates) are joined, so no fold is scored on a text its model has as
    good as seen."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    first_of_frame: dict[str, int] = {}
    for i, row in enumerate(rows):
        join(i, first_of_frame.setdefault(row.frame, i))
    texts = [row.text.lower() for row in rows]
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(texts)
    for start in range(0, len(rows), 1000):
        similar = (vectors[start : start + 1000] @ vectors.T).tocoo()
        for i, j, value in zip(similar.row, similar.col, similar.data, strict=True):
            if value >= NEAR_DUPLICATE and start + i != j:
                join(start + int(i), int(j))
    return [find(i) for i in range(len(rows))]


def deal_folds(groups: Sequence[int], folds: int = FOLDS, repeat: int = 0) -> list[int]:
    """Deal groups into folds, deterministically: `repeat` 0 is scikit-learn's GroupKFold;
    each other `repeat` takes the groups in an order shuffled by SEED + repeat and gives each
    to the fold with the fewest rows so far."""
    import numpy
    from sklearn.model_selection import GroupKFold

    out = [0] * len(groups)
    if repeat:
        members: dict[int, list[int]] = {}
        for i, group in enumerate(groups):
            members.setdefault(group, []).append(i)
        order = numpy.random.default_rng(SEED + repeat).permutation(sorted(members))
        sizes = [0] * folds
        for group in order:
            fold = sizes.index(min(sizes))
            for i in members[int(group)]:
                out[i] = fold
            sizes[fold] += len(members[int(group)])
        return out
    splitter = GroupKFold(n_splits=folds)
    for fold, (_, held) in enumerate(splitter.split(list(groups), groups=list(groups))):
        for i in held:
            out[i] = fold
    return out


def out_of_fold(
    rows: Sequence[Row],
    *,
    inputs: Sequence[str],
    embeddings: Any = None,
    seed: int = SEED,
    folds: int = FOLDS,
    repeats: int = REPEATS,
    progress: Callable[[str], None] = lambda message: None,
) -> list[Scored]:
    """Each row scored by models fitted on the folds it is not in, averaged over `repeats`
    dealings of the groups into folds."""
    import numpy

    groups = row_groups(rows)
    p_ordinary = numpy.zeros(len(rows))
    p_urgent = numpy.zeros(len(rows))
    for repeat in range(repeats):
        fold = numpy.asarray(deal_folds(groups, folds, repeat))
        for k in range(folds):
            train_i = [int(i) for i in numpy.flatnonzero(fold != k)]
            held_i = [int(i) for i in numpy.flatnonzero(fold == k)]
            pipeline = fit(
                [rows[i] for i in train_i],
                seed,
                None if embeddings is None else embeddings[train_i],
                inputs=[inputs[i] for i in train_i],
            )
            proba = probabilities(
                pipeline,
                [inputs[i] for i in held_i],
                None if embeddings is None else embeddings[held_i],
            )
            classes = list(pipeline.named_steps["classifier"].classes_)
            p_ordinary[held_i] += proba[:, classes.index(Level.NONE.value)] / repeats
            p_urgent[held_i] += proba[:, classes.index(Level.URGENT.value)] / repeats
            progress(
                f"repeat {repeat + 1}/{repeats}, fold {k + 1}/{folds}: "
                f"{len(held_i)} rows scored out of fold"
            )
    readings = rules_readings([row.text for row in rows])
    return [
        Scored(row, level, float(p_ordinary[i]), float(p_urgent[i]), settled)
        for i, (row, (level, settled)) in enumerate(zip(rows, readings, strict=True))
    ]


@dataclass(frozen=True)
class Trained:
    model: SafetyModel
    artefact: dict[str, Any]
    pipeline: Any
    # The out-of-fold scores the thresholds were chosen on.
    out_of_fold: list[Scored]


def train(
    rows: Sequence[Row] | None = None,
    *,
    embedder: Embedder | None = None,
    seed: int = SEED,
    progress: Callable[[str], None] = lambda message: None,
) -> Trained:
    """One model: n-grams only, or with `embedder` n-grams and sentence embeddings."""
    import sklearn

    rows = list(rows) if rows is not None else training_pool()
    authors = sorted({row.author for row in rows})
    progress(f"rows {len(rows)} by {len(authors)} authors: {', '.join(authors)}")
    inputs = model_inputs(rows)
    embeddings = None
    if embedder is not None:
        progress(f"embedding {len(inputs)} texts with {embedder.name}")
        embeddings = embedder.embed(inputs)
    scored = out_of_fold(rows, inputs=inputs, embeddings=embeddings, seed=seed, progress=progress)
    shipped = SHIPPED_PEER["e5" if embedder is not None else "ngram"]
    thresholds = choose_thresholds(scored, not_below=shipped)
    progress(f"peer threshold of the shipped release: {shipped} (never gone below)")
    progress(
        f"thresholds: peer {thresholds.peer}, urgent {thresholds.urgent}, "
        f"concern {thresholds.concern}"
    )
    for leak in nearest_leaks(scored):
        progress(f"  near the peer threshold: {leak.p_ordinary:.4f} {leak.row.source}")
    pipeline = fit(rows, seed, embeddings, inputs=inputs)
    digest = data_digest(rows)
    embedding = None
    if embedder is not None:
        embedding = {
            "source": SOURCE,
            "dimensions": DIMENSIONS,
            "scale": EMBEDDING_SCALE,
            "layers": embedder.layers,
        }
    weights = runtime_data(pipeline, embedding)
    suffix = ".e5" if embedder is not None else ""
    artefact = {
        "format": ARTEFACT_FORMAT,
        "version": f"{MODEL_VERSION}+{digest[:8]}{suffix}",
        **weights,
        "thresholds": {
            "peer": thresholds.peer,
            "urgent": thresholds.urgent,
            "concern": thresholds.concern,
        },
        "info": {
            "seed": seed,
            "data_sha256": digest,
            "rows": len(rows),
            "authors": authors,
            "folds": FOLDS,
            "repeats": REPEATS,
            "embedding": embedder.name if embedder is not None else None,
            "sklearn": sklearn.__version__,
            "ruleset": default_ruleset().version,
        },
    }
    return Trained(from_artefact(artefact, embedder), artefact, pipeline, scored)


def training_embedder(cache: Path | None = EMBEDDING_CACHE) -> Embedder:
    """The embedding engine for training, with embeddings kept in `cache` between runs.
    Raises when the engine cannot be loaded."""
    from .embedding import CachedEmbedder, E5Embedder

    engine = E5Embedder()
    return engine if cache is None else CachedEmbedder(engine, cache)


def save(trained: Trained, path: Path = ARTEFACT_PATH, pipeline_path: Path = PIPELINE_PATH) -> Path:
    """Write the runtime artefact and, beside it, the fitted pipeline."""
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(trained.artefact, path, compress=("xz", 6))
    joblib.dump(
        {
            "version": trained.artefact["version"],
            "pipeline": trained.pipeline,
            "embedding": trained.artefact.get("embedding"),
        },
        pipeline_path,
        compress=("xz", 6),
    )
    return path
