"""The learned recall layer: a linear model over character and word n-grams.

The rules are precise and show a counselor the words; the model catches wordings nobody
listed. It is trained by `manage.py train_safety_model` (training.py) from the labelled data
in this package, and the artefact in ./artefact is committed with the code, so every process
runs the same model and nothing is downloaded.

Loaded once per process. When the artefact is missing or cannot be read (a library upgrade
that changed the pickle format, a damaged file), `default_model()` returns None, the failure
is logged, and detection runs on the rules alone with NO text peer-eligible: every request
then goes to counselor triage. Failing closed costs counselors time; failing open could put a
crisis in front of a teenager.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Level, ModelVerdict
from .normalise import SENTENCE_MARK, Normaliser

logger = logging.getLogger(__name__)

ARTEFACT_DIR = Path(__file__).resolve().parent / "artefact"
ARTEFACT_PATH = ARTEFACT_DIR / "safety_model.joblib"
ARTEFACT_FORMAT = 1


def model_input(text: str, normaliser: Normaliser) -> str:
    """What the model reads: the rules' normalised words ("gw gk pgn" -> "gue tidak
    ingin"), so spelling variants the slang table knows share features."""
    stream = normaliser.tokenise(text or "")
    return " ".join(t.norm for t in stream.tokens if t.norm != SENTENCE_MARK)


@dataclass(frozen=True)
class Thresholds:
    """Chosen on validation data by training.py; see docs/decisions/0014-*.md.

    peer: p(ordinary) at or above which a text the rules found nothing in may go to a peer.
    urgent: p(urgent) at or above which the model alone calls a text urgent.
    concern: p(concern) + p(urgent) at or above which the model alone calls a text concern.
    Below both, an uncertain text keeps the rules' level but is still not peer-eligible
    unless p(ordinary) clears `peer`: uncertainty routes to a counselor, it does not alarm.
    """

    peer: float
    urgent: float
    concern: float


class LinearScorer:
    """The fitted pipeline's arithmetic for one text without scikit-learn's per-call
    overhead (validation, sparse stacking: ~13 ms a call): each vectoriser's own analyser,
    its vocabulary and idf weights, sublinear tf, L2 norm, then the linear model's softmax.
    A test checks it gives the pipeline's probabilities."""

    def __init__(self, pipeline: Any) -> None:
        import numpy

        self._numpy = numpy
        features = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        self.parts: list[tuple[Any, dict[str, int], Any, int]] = []
        offset = 0
        for _, vectoriser in features.transformer_list:
            vocabulary = vectoriser.vocabulary_
            self.parts.append((vectoriser.build_analyzer(), vocabulary, vectoriser.idf_, offset))
            offset += len(vocabulary)
        self.coef = numpy.asarray(classifier.coef_, dtype=numpy.float64)
        self.intercept = numpy.asarray(classifier.intercept_, dtype=numpy.float64)

    def probabilities(self, text: str) -> list[float]:
        numpy = self._numpy
        scores = self.intercept.copy()
        for analyse, vocabulary, idf, offset in self.parts:
            counts: dict[int, int] = {}
            for gram in analyse(text):
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = numpy.fromiter(counts, dtype=numpy.int64, count=len(counts))
            tf = numpy.fromiter(counts.values(), dtype=numpy.float64, count=len(counts))
            weights = (numpy.log(tf) + 1.0) * idf[indices]
            weights /= numpy.sqrt(numpy.dot(weights, weights))
            scores += self.coef[:, indices + offset] @ weights
        scores -= scores.max()
        exp = numpy.exp(scores)
        return list(exp / exp.sum())


@dataclass(frozen=True)
class SafetyModel:
    pipeline: Any  # a fitted sklearn Pipeline with predict_proba
    classes: tuple[str, ...]
    thresholds: Thresholds
    version: str
    info: dict[str, Any]
    scorer: LinearScorer | None = None

    def verdict(self, text: str, normaliser: Normaliser) -> ModelVerdict:
        return self.verdicts([text], normaliser)[0]

    def verdicts(self, texts: list[str], normaliser: Normaliser) -> list[ModelVerdict]:
        inputs = [model_input(text, normaliser) for text in texts]
        if self.scorer is not None and len(inputs) < 20:
            probabilities: Any = [self.scorer.probabilities(text) for text in inputs]
        else:
            probabilities = self.pipeline.predict_proba(inputs)
        out: list[ModelVerdict] = []
        none_i = self.classes.index(Level.NONE.value)
        urgent_i = self.classes.index(Level.URGENT.value)
        for row in probabilities:
            p_ordinary, p_urgent = float(row[none_i]), float(row[urgent_i])
            if p_urgent >= self.thresholds.urgent:
                level = Level.URGENT
            elif 1.0 - p_ordinary >= self.thresholds.concern:
                level = Level.CONCERN
            else:
                level = Level.NONE
            out.append(ModelVerdict(level, p_ordinary, p_urgent, self.version))
        return out

    def peer_eligible(self, verdict: ModelVerdict) -> bool:
        return verdict.p_ordinary >= self.thresholds.peer


def from_artefact(data: Any) -> SafetyModel:
    """Build a SafetyModel from a loaded artefact dictionary, checking its shape."""
    if not isinstance(data, dict) or data.get("format") != ARTEFACT_FORMAT:
        raise ValueError(f"not a safety model artefact of format {ARTEFACT_FORMAT}")
    classes = tuple(str(c) for c in data["classes"])
    if set(classes) != {level.value for level in Level}:
        raise ValueError(f"artefact classes {classes} are not the three levels")
    pipeline = data["pipeline"]
    if tuple(str(c) for c in pipeline.classes_) != classes:
        raise ValueError("artefact classes do not match the fitted model")
    raw = data["thresholds"]
    thresholds = Thresholds(float(raw["peer"]), float(raw["urgent"]), float(raw["concern"]))
    return SafetyModel(
        pipeline,
        classes,
        thresholds,
        str(data["version"]),
        dict(data["info"]),
        LinearScorer(pipeline),
    )


def load_model(path: Path | str = ARTEFACT_PATH) -> SafetyModel:
    """Read an artefact; raises on any problem (callers that must not fail use
    default_model)."""
    import joblib

    return from_artefact(joblib.load(Path(path)))


@functools.cache
def default_model() -> SafetyModel | None:
    """The committed artefact, read once per process; None (and an error in the log) when it
    cannot be used, so that nothing is peer-eligible."""
    try:
        return load_model()
    except Exception:  # any failure must fall back to the rules, never crash a request
        logger.exception(
            "safety model %s could not be loaded; no text is peer-eligible", ARTEFACT_PATH.name
        )
        return None
