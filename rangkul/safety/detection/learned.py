"""The learned recall layer: a linear model over character and word n-grams and, when the
embedding engine is available, a sentence embedding of the same text.

The rules are precise and show a counselor the words; the model catches wordings nobody
listed. It is trained by `manage.py train_safety_model` (training.py) from the labelled data
in this package, and the artefacts in ./artefact are committed with the code, so every
process runs the same model and nothing is downloaded. There are two, trained together:

- `safety_model.e5.joblib`: n-grams plus the multilingual-e5-small embedding
  (embedding.py), the release's main model;
- `safety_model.joblib`: n-grams only, with thresholds of its own, the fallback used when
  the embedding engine cannot be imported or loaded.

Loaded once per process (`default_model()`), and the log says which one is in use. When
neither can be read (a library upgrade that changed the pickle format, a damaged file),
`default_model()` returns None, the failure is logged, and detection runs on the rules alone
with NO text peer-eligible: every request then goes to counselor triage. Failing closed
costs counselors time; failing open could put a crisis in front of a teenager.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import embedding as sentence_embedding
from .embedding import Embedder
from .model import Level, ModelVerdict
from .normalise import SENTENCE_MARK, Normaliser, consonant_skeleton

logger = logging.getLogger(__name__)

ARTEFACT_DIR = Path(__file__).resolve().parent / "artefact"
# The n-gram-only model: the fallback without the embedding engine.
ARTEFACT_PATH = ARTEFACT_DIR / "safety_model.joblib"
# The model that also reads the sentence embedding: used whenever the engine loads.
EMBEDDING_ARTEFACT_PATH = ARTEFACT_DIR / "safety_model.e5.joblib"
# The fitted scikit-learn pipelines, kept beside the runtime artefacts for inspection and for
# the test that the runtime arithmetic matches them. Requests never load them.
PIPELINE_PATH = ARTEFACT_DIR / "safety_model.pipeline.joblib"
EMBEDDING_PIPELINE_PATH = ARTEFACT_DIR / "safety_model.e5.pipeline.joblib"
# Format 4: an artefact may carry an "embedding" block (its weights are the last columns of
# "coef"); format 3 artefacts, which have none, are still read.
ARTEFACT_FORMAT = 4
READABLE_FORMATS = frozenset({3, 4})
_WHITE_SPACES = re.compile(r"\s\s+")


def model_input(text: str, normaliser: Normaliser) -> str:
    """What the model reads: the rules' normalised words ("gw gk pgn" -> "gue tidak
    ingin"), so spelling variants the slang table knows share features."""
    stream = normaliser.tokenise(text or "")
    return " ".join(t.norm for t in stream.tokens if t.norm != SENTENCE_MARK)


def skeleton_text(text: str) -> str:
    """The model input with every word reduced to its consonant skeleton ("ingin bunuh diri"
    -> "ngn bnh dr"): the third feature set, which a vowel-dropped spelling shares with the
    full word even when neither the slang table nor the skeleton keys know it. A word of
    vowels only ("aku" keeps "k") that has no consonant is left out."""
    words = (consonant_skeleton(word) for word in text.lower().split())
    return " ".join(word for word in words if word)


# Text transforms a feature set may read instead of the model input itself, by name (the
# artefact stores the name, never code).
TRANSFORMS = {"skeleton": skeleton_text}


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


def runtime_data(pipeline: Any, embedding: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a request needs of a fitted pipeline, as plain data (dicts and numpy arrays):
    loading it imports numpy only, not scikit-learn and SciPy (seconds per process).
    `embedding` ({"source", "dimensions", "scale", "layers"}) when the classifier also read
    a sentence embedding made by that many of the model's layers, scaled by "scale", as its
    last columns."""
    import numpy

    features = []
    by_function = {function: name for name, function in TRANSFORMS.items()}
    for _, vectoriser in pipeline.named_steps["features"].transformer_list:
        transform = ""
        if vectoriser.preprocessor is not None:
            transform = by_function[vectoriser.preprocessor]
        features.append(
            {
                "transform": transform,
                "analyzer": vectoriser.analyzer,
                "ngram_range": tuple(vectoriser.ngram_range),
                "token_pattern": vectoriser.token_pattern,
                "lowercase": bool(vectoriser.lowercase),
                "sublinear_tf": bool(vectoriser.sublinear_tf),
                "vocabulary": {str(k): int(v) for k, v in vectoriser.vocabulary_.items()},
                "idf": numpy.asarray(vectoriser.idf_, dtype=numpy.float64),
            }
        )
    classifier = pipeline.named_steps["classifier"]
    data = {
        "classes": [str(c) for c in classifier.classes_],
        "features": features,
        "coef": numpy.asarray(classifier.coef_, dtype=numpy.float64),
        "intercept": numpy.asarray(classifier.intercept_, dtype=numpy.float64),
    }
    if embedding is not None:
        data["embedding"] = {
            "source": str(embedding["source"]),
            "dimensions": int(embedding["dimensions"]),
            "scale": float(embedding["scale"]),
            "layers": int(embedding["layers"]),
        }
    return data


def _char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space: the same n-grams as
    scikit-learn's analyzer="char_wb"."""
    grams: list[str] = []
    for word in _WHITE_SPACES.sub(" ", text).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(low, high + 1):
            offset = 0
            grams.append(padded[offset : offset + n])
            while offset + n < length:
                offset += 1
                grams.append(padded[offset : offset + n])
            if offset == 0:  # a short word counts once
                break
    return grams


def _word_ngrams(text: str, pattern: re.Pattern[str], low: int, high: int) -> list[str]:
    """Word n-grams as scikit-learn's analyzer="word" makes them."""
    tokens = pattern.findall(text)
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
        for i in range(len(tokens) - n + 1):
            grams.append(" ".join(tokens[i : i + n]))
    return grams


class LinearScorer:
    """The fitted model's arithmetic for one text: each vectoriser's n-grams, its vocabulary
    and idf weights, sublinear tf, L2 norm, then (when the artefact has one) the scaled
    sentence embedding, then the multinomial logistic model's softmax. A test checks it gives
    the scikit-learn pipeline's probabilities."""

    def __init__(self, data: dict[str, Any]) -> None:
        import numpy

        self._numpy = numpy
        self.parts: list[tuple[dict[str, Any], re.Pattern[str] | None, int]] = []
        offset = 0
        for feature in data["features"]:
            if feature["analyzer"] not in ("char_wb", "word") or not feature["sublinear_tf"]:
                raise ValueError(f"unsupported features {feature['analyzer']!r}")
            if feature.get("transform") and feature["transform"] not in TRANSFORMS:
                raise ValueError(f"unknown feature transform {feature['transform']!r}")
            pattern = (
                re.compile(feature["token_pattern"]) if feature["analyzer"] == "word" else None
            )
            self.parts.append((feature, pattern, offset))
            offset += len(feature["vocabulary"])
        self.embedding: dict[str, Any] | None = data.get("embedding")
        self.embedding_offset = offset
        if self.embedding is not None:
            offset += int(self.embedding["dimensions"])
        self.coef = numpy.asarray(data["coef"], dtype=numpy.float64)
        self.intercept = numpy.asarray(data["intercept"], dtype=numpy.float64)
        if self.coef.shape != (len(data["classes"]), offset):
            raise ValueError("model weights do not match the vocabularies")

    @property
    def needs_embedding(self) -> bool:
        return self.embedding is not None

    def probabilities(self, text: str, embedding: Any = None) -> list[float]:
        """Class probabilities of a model input; `embedding` is its sentence embedding,
        required exactly when the artefact was trained with one."""
        numpy = self._numpy
        scores = self.intercept.copy()
        if self.embedding is not None:
            if embedding is None:
                raise ValueError("this model needs the sentence embedding of the text")
            vector = numpy.asarray(embedding, dtype=numpy.float64) * self.embedding["scale"]
            scores += self.coef[:, self.embedding_offset :] @ vector
        for feature, pattern, offset in self.parts:
            low, high = feature["ngram_range"]
            transform = feature.get("transform")
            if transform:  # scikit-learn: a preprocessor replaces lower-casing
                source = TRANSFORMS[transform](text)
            else:
                source = text.lower() if feature["lowercase"] else text
            if pattern is None:
                grams = _char_wb_ngrams(source, low, high)
            else:
                grams = _word_ngrams(source, pattern, low, high)
            vocabulary = feature["vocabulary"]
            counts: dict[int, int] = {}
            for gram in grams:
                index = vocabulary.get(gram)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = numpy.fromiter(counts, dtype=numpy.int64, count=len(counts))
            tf = numpy.fromiter(counts.values(), dtype=numpy.float64, count=len(counts))
            weights = (numpy.log(tf) + 1.0) * feature["idf"][indices]
            weights /= numpy.sqrt(numpy.dot(weights, weights))
            scores += self.coef[:, indices + offset] @ weights
        scores -= scores.max()
        exp = numpy.exp(scores)
        return [float(p) for p in exp / exp.sum()]


@dataclass(frozen=True)
class SafetyModel:
    scorer: LinearScorer
    classes: tuple[str, ...]
    thresholds: Thresholds
    version: str
    info: dict[str, Any]
    # The sentence embedder, for a model trained with embeddings (None otherwise).
    embedder: Embedder | None = None

    @property
    def uses_embedding(self) -> bool:
        return self.scorer.needs_embedding

    def verdict(self, text: str, normaliser: Normaliser) -> ModelVerdict:
        return self.verdicts([text], normaliser)[0]

    def verdicts(self, texts: list[str], normaliser: Normaliser) -> list[ModelVerdict]:
        none_i = self.classes.index(Level.NONE.value)
        urgent_i = self.classes.index(Level.URGENT.value)
        inputs = [model_input(text, normaliser) for text in texts]
        vectors: Any = [None] * len(inputs)
        if self.scorer.needs_embedding:
            if self.embedder is None:
                raise ValueError("this model needs a sentence embedder")
            vectors = self.embedder.embed(inputs)
        out: list[ModelVerdict] = []
        for text, vector in zip(inputs, vectors, strict=True):
            row = self.scorer.probabilities(text, vector)
            p_ordinary, p_urgent = row[none_i], row[urgent_i]
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


def from_artefact(data: Any, embedder: Embedder | None = None) -> SafetyModel:
    """Build a SafetyModel from a loaded artefact dictionary, checking its shape. An artefact
    trained with sentence embeddings needs `embedder`."""
    if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
        raise ValueError(f"not a safety model artefact of format {ARTEFACT_FORMAT}")
    classes = tuple(str(c) for c in data["classes"])
    if set(classes) != {level.value for level in Level}:
        raise ValueError(f"artefact classes {classes} are not the three levels")
    raw = data["thresholds"]
    thresholds = Thresholds(float(raw["peer"]), float(raw["urgent"]), float(raw["concern"]))
    scorer = LinearScorer(data)
    if scorer.needs_embedding and embedder is None:
        raise ValueError("this artefact needs the sentence embedding engine")
    if scorer.needs_embedding and embedder is not None:
        # Artefacts from before decision 0076 read the vectors of all the layers.
        trained_on = int(scorer.embedding.get("layers", sentence_embedding.MODEL_LAYERS))  # type: ignore[union-attr]
        if embedder.layers != trained_on:
            raise ValueError(
                f"this artefact reads vectors of {trained_on} layers, "
                f"the engine gives {embedder.layers}"
            )
    return SafetyModel(
        scorer,
        classes,
        thresholds,
        str(data["version"]),
        dict(data["info"]),
        embedder if scorer.needs_embedding else None,
    )


def load_model(path: Path | str = ARTEFACT_PATH, embedder: Embedder | None = None) -> SafetyModel:
    """Read an artefact; raises on any problem (callers that must not fail use
    default_model)."""
    import joblib

    return from_artefact(joblib.load(Path(path)), embedder)


@functools.cache
def default_model() -> SafetyModel | None:
    """The model this process uses, read once: the embedding model when the engine loads,
    else the n-gram-only fallback, else None (nothing peer-eligible). The log says which."""
    embedder = sentence_embedding.default_embedder()
    if embedder is not None:
        try:
            model = load_model(EMBEDDING_ARTEFACT_PATH, embedder)
        except Exception:  # fall back to the n-gram model, never crash a request
            logger.exception("safety model %s could not be loaded", EMBEDDING_ARTEFACT_PATH.name)
        else:
            logger.info("safety model %s in use (n-grams and %s)", model.version, embedder.name)
            return model
    try:
        model = load_model(ARTEFACT_PATH)
    except Exception:  # any failure must fall back to the rules, never crash a request
        logger.exception(
            "safety model %s could not be loaded; no text is peer-eligible", ARTEFACT_PATH.name
        )
        return None
    logger.warning("safety model %s in use (n-grams only, fallback)", model.version)
    return model
