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
    concern: p(ordinary) below which the model alone calls a text concern.
    """

    peer: float
    urgent: float
    concern: float


@dataclass(frozen=True)
class SafetyModel:
    pipeline: Any  # a fitted sklearn Pipeline with predict_proba
    classes: tuple[str, ...]
    thresholds: Thresholds
    version: str
    info: dict[str, Any]

    def verdict(self, text: str, normaliser: Normaliser) -> ModelVerdict:
        return self.verdicts([text], normaliser)[0]

    def verdicts(self, texts: list[str], normaliser: Normaliser) -> list[ModelVerdict]:
        inputs = [model_input(text, normaliser) for text in texts]
        probabilities = self.pipeline.predict_proba(inputs)
        out: list[ModelVerdict] = []
        none_i = self.classes.index(Level.NONE.value)
        urgent_i = self.classes.index(Level.URGENT.value)
        for row in probabilities:
            p_ordinary, p_urgent = float(row[none_i]), float(row[urgent_i])
            if p_urgent >= self.thresholds.urgent:
                level = Level.URGENT
            elif p_ordinary < self.thresholds.concern:
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
    return SafetyModel(pipeline, classes, thresholds, str(data["version"]), dict(data["info"]))


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
