"""The labelled training corpus, its grouped splits and the near-duplicate filter.

Rows live in ./corpus/*.jsonl (one object per line, see docs/safety-labelling.md):
text, level, categories, register, kind, group, author. The old dev split in
./evaluation/dev.jsonl joins the training pool as author "dev", and so does every retired
blind split (one that has been looked at; each keeps its own author); the old frozen test
split and a fresh blind split never do.

Splits are drawn by frame: every row of one (author, group) pair lands in the same split, so
a sentence frame never appears in training and in validation or test. Then any validation or
test row that is nearly the same text as a training row (character n-gram cosine similarity
at or above NEAR_DUPLICATE) is dropped from its split, so the figures are not inflated by
sentences the model has as good as seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import CATEGORIES, Level

DETECTION_DIR = Path(__file__).resolve().parent
CORPUS_DIR = DETECTION_DIR / "corpus"
EVALUATION_DIR = DETECTION_DIR / "evaluation"
BLIND_DIR = EVALUATION_DIR / "blind"
# The second blind split, written in the same way after the first had been looked at.
BLIND2_DIR = EVALUATION_DIR / "blind2"
# A blind split that has been looked at is retired: from release 2026.12.04 on it joins the
# training pool, each as its own author (decision 0042). Its file is never edited. The fifth
# split scored release 2026.12.04 (decision 0044) and joined the pool in release 2026.12.05;
# the sixth scored release 2026.12.05 (decision 0046) and joined it in release 2026.12.06;
# the seventh scored release 2026.12.06 (decision 0047) and joined it in release 2026.12.07
# (decision 0048); the eighth scored release 2026.12.07 (decision 0048) and the ninth scored
# it again (decision 0049); both joined it in release 2026.12.09 (decision 0050). The tenth
# scored release 2026.12.09 (decision 0050) and the eleventh scored it again and the
# candidate 2026.12.10, which was not shipped (decision 0051); both joined the pool in the
# candidate 2026.12.11 (decision 0052). The twelfth scored release 2026.12.09 and the
# candidate 2026.12.11, which shipped (decision 0052), and joined the pool in the candidate
# 2026.12.12 (decision 0055). The thirteenth scored release 2026.12.11 and the candidate
# 2026.12.12, which shipped (decision 0055), and joined the pool in the candidate 2026.12.13
# (decision 0056). The fourteenth scored release 2026.12.12 and the candidate 2026.12.13,
# which shipped (decision 0056), and joined the pool in the candidate 2026.12.14 (decision
# 0057). The fifteenth scored release 2026.12.13 and the candidate 2026.12.14, which shipped
# (decision 0057), and joined the pool in the candidate 2026.12.15 (decision 0058). The
# sixteenth scored release 2026.12.14 and the candidate 2026.12.15, which shipped (decision
# 0058), and joined the pool in the candidate 2026.12.16 (decision 0059). The seventeenth
# scored release 2026.12.15 and the candidate 2026.12.16, which shipped (decision 0059), and
# joined the pool in the candidate 2026.12.17 (decision 0060). The eighteenth scored release
# 2026.12.16 and the candidate 2026.12.17, which shipped (decision 0060), and joined the pool
# in the candidate 2026.12.18 (decision 0062). The nineteenth scored release 2026.12.17 and
# the candidate 2026.12.18, which shipped (decision 0062), and joined the pool in the
# candidate 2026.12.19 (decision 0064). The twentieth scored release 2026.12.18 and the
# candidate 2026.12.19, which shipped (decision 0064), and joined the pool in the candidate
# 2026.12.20 (decision 0065). The twenty-first scored release 2026.12.19 and the candidate
# 2026.12.20, which shipped (decision 0065), and joined the pool in the candidate 2026.12.21
# (decision 0067). The twenty-second scored release 2026.12.20 and the candidate 2026.12.21,
# which shipped (decision 0067), and joined the pool in the candidate 2026.12.22 (decision
# 0068). The twenty-third scored release 2026.12.21 and the candidate 2026.12.22, which
# shipped (decision 0068), and joined the pool in the candidate 2026.12.23 (decision 0069).
# The twenty-fourth scored release 2026.12.22 and the candidate 2026.12.23, which shipped
# (decision 0069), and joined the pool in the candidate 2026.12.24 (decision 0071).
# The twenty-fifth scored release 2026.12.23 and the candidate 2026.12.24, which shipped
# (decision 0071), and joined the pool in the candidate 2026.12.25 (decision 0072).
# The twenty-sixth scored release 2026.12.24 and the candidate 2026.12.25, which shipped
# (decision 0072), and joined the pool in the candidate 2026.12.26 (decision 0073).
# The twenty-seventh scored release 2026.12.25 and the candidate 2026.12.26, which shipped
# (decision 0073), and joined the pool in the candidate 2026.12.27 (decision 0074).
# The twenty-eighth scored release 2026.12.26 and the candidate 2026.12.27, which shipped
# (decision 0074), and joined the pool in the candidate 2026.12.28 (decision 0075).
# The twenty-ninth scored release 2026.12.27 and the candidate 2026.12.28, which shipped
# (decision 0075), and joined the pool in the candidate 2026.12.29 (decision 0076).
# The thirtieth scored release 2026.12.28 and the candidate 2026.12.29, which shipped
# (decision 0076), and joined the pool in the candidate 2026.12.30 (decision 0077).
# The thirty-first scored release 2026.12.29 and the candidate 2026.12.30, which shipped
# (decision 0077), and joined the pool in the candidate 2026.12.31 (decision 0078).
# The thirty-second scored release 2026.12.30 and the candidate 2026.12.31, which shipped
# (decision 0078), and joined the pool in the candidate 2026.12.32 (decision 0079).
# The thirty-third scored release 2026.12.31 and the candidate 2026.12.32, which shipped
# (decision 0079), and joined the pool in the candidate 2026.12.33 (decision 0080).
# The thirty-fourth scored release 2026.12.32 and the candidate 2026.12.33, which shipped
# (decision 0080), and joined the pool in the candidate 2026.12.34 (decision 0082).
# The thirty-fifth scored release 2026.12.33 and the candidate 2026.12.34, which shipped
# (decision 0082), and joined the pool in the candidate 2026.12.35 (decision 0083).
# The thirty-sixth scored release 2026.12.34 and the candidate 2026.12.35, which shipped
# (decision 0083), and joined the pool in the candidate 2026.12.36 (decision 0084).
# The thirty-seventh scored release 2026.12.35 and the candidate 2026.12.36, which shipped
# (decision 0084), and joined the pool in the candidate 2026.12.37 (decision 0085).
# The thirty-eighth scored release 2026.12.36 and the candidate 2026.12.37, which was not
# shipped (decision 0085); it joined the pool when that candidate was made again
# (decision 0086).
# The thirty-ninth scored release 2026.12.36 and the candidate 2026.12.38, which shipped
# (decision 0086), and joined the pool in the candidate 2026.12.39 (decision 0087).
# The fortieth scored release 2026.12.38 and the candidate 2026.12.39, which shipped
# (decision 0087), and joined the pool in the candidate 2026.12.40 (decision 0088).
# The forty-first scored release 2026.12.39 and the candidate 2026.12.40, which shipped
# (decision 0088), and joined the pool in the candidate 2026.12.41 (decision 0089).
# The forty-second scored release 2026.12.40 and the candidate 2026.12.41, which shipped
# (decision 0089), and joined the pool in the candidate 2026.12.42 (decision 0090).
# The forty-third scored release 2026.12.41 and the candidate 2026.12.42, which shipped
# (decision 0090), and joined the pool in the candidate 2026.12.43 (decision 0091).
# The forty-fourth scored release 2026.12.42 and the candidate 2026.12.43, which shipped
# (decision 0091), and joined the pool in the candidate 2026.12.44 (decision 0092).
# The forty-fifth scored release 2026.12.43 and the candidate 2026.12.44, which was not
# shipped (decision 0092), and joined the pool in the candidate 2026.12.45 (decision 0093).
RETIRED_BLIND = frozenset(
    {
        "blind",
        "blind2",
        "blind3",
        "blind4",
        "blind5",
        "blind6",
        "blind7",
        "blind8",
        "blind9",
        "blind10",
        "blind11",
        "blind12",
        "blind13",
        "blind14",
        "blind15",
        "blind16",
        "blind17",
        "blind18",
        "blind19",
        "blind20",
        "blind21",
        "blind22",
        "blind23",
        "blind24",
        "blind25",
        "blind26",
        "blind27",
        "blind28",
        "blind29",
        "blind30",
        "blind31",
        "blind32",
        "blind33",
        "blind34",
        "blind35",
        "blind36",
        "blind37",
        "blind38",
        "blind39",
        "blind40",
        "blind41",
        "blind42",
        "blind43",
        "blind44",
        "blind45",
    }
)
# Blind splits whose aggregate figures were read while earlier releases were made: the
# retired ones and those scored but not yet in the pool (blind 46, scored for release
# 2026.12.45, decision 0093). Every other evaluation/blind*/ directory is reported as fresh.
LOOKED_AT_BLIND = RETIRED_BLIND | {"blind46"}

KINDS = ("crisis", "concern", "ordinary", "figurative")
REGISTERS = (
    "formal",
    "jakarta_slang",
    "alay",
    "vowel_dropped",
    "code_mixed",
    "javanese",
    "sundanese",
    "emoji",
    "english",
)
SEED = 20261201
VALIDATION_SHARE = 0.15
TEST_SHARE = 0.15
NEAR_DUPLICATE = 0.8


class CorpusError(ValueError):
    """A corpus row is malformed. The message names the file and the line."""


@dataclass(frozen=True)
class Row:
    text: str
    level: Level
    categories: frozenset[str]
    register: str
    kind: str
    group: str
    author: str
    source: str  # "<file>:<line>", for error lists

    @property
    def frame(self) -> str:
        """The unit splits are drawn by: one author's frame."""
        return f"{self.author}/{self.group}"


def _kind_for(level: Level) -> str:
    return {"urgent": "crisis", "concern": "concern"}.get(level.value, "ordinary")


def read_rows(path: Path, *, default_author: str = "", strict: bool = True) -> list[Row]:
    """Read one JSON-lines file. Old-format rows (id, text, level, categories, lang) get a
    kind from their level, a register from their language and a group of their own."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
            text = str(data["text"])
            level = Level(data["level"])
            categories = frozenset(data.get("categories") or ())
        except (ValueError, KeyError, TypeError) as error:
            raise CorpusError(f"{where}: {error}") from error
        unknown = categories - set(CATEGORIES)
        if unknown and strict:
            raise CorpusError(f"{where}: unknown categories {sorted(unknown)}")
        categories -= unknown
        kind = str(data.get("kind") or _kind_for(level))
        if kind not in KINDS:
            raise CorpusError(f"{where}: unknown kind {kind!r}")
        lang = str(data.get("lang") or "")
        register = str(data.get("register") or ("english" if lang == "en" else f"lang:{lang}"))
        group = str(data.get("group") or data.get("id") or where)
        author = str(data.get("author") or default_author or path.stem)
        rows.append(Row(text, level, categories, register, kind, group, author, where))
    return rows


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl")) if directory.is_dir() else []


def load_corpus(directory: Path = CORPUS_DIR, *, include_dev: bool = True) -> list[Row]:
    """Every training-pool row: the corpus files plus, by default, the old dev split."""
    rows: list[Row] = []
    for path in corpus_files(directory):
        rows.extend(read_rows(path))
    if include_dev:
        rows.extend(read_rows(EVALUATION_DIR / "dev.jsonl", default_author="dev"))
    return rows


def retired_blind_dirs(directory: Path = EVALUATION_DIR) -> list[Path]:
    return [path for path in blind_dirs(directory) if path.name in RETIRED_BLIND]


def training_pool(*, exclude: Iterable[str] = ()) -> list[Row]:
    """What the model is trained on: the corpus (with the old dev split) and every retired
    blind split, except the blind directories named in `exclude` (cross-author checks)."""
    rows = load_corpus()
    for path in retired_blind_dirs():
        if path.name not in set(exclude):
            rows.extend(load_blind(path))
    return rows


def load_old_test() -> list[Row]:
    return read_rows(EVALUATION_DIR / "test.jsonl", default_author="test")


def load_blind(directory: Path = BLIND_DIR) -> list[Row]:
    """A blind held-out split (written from the labelling guide only). Run for figures,
    never for choosing anything."""
    rows: list[Row] = []
    for path in corpus_files(directory):
        rows.extend(read_rows(path, strict=False))
    return rows


def blind_dirs(directory: Path = EVALUATION_DIR) -> list[Path]:
    """Every blind held-out split: each `blind*/` directory with a README and at least one
    JSON-lines file, in name order (blind, blind2, blind3, ...). A new split is picked up by
    adding its directory; no code changes."""
    if not directory.is_dir():
        return []
    found = [
        path
        for path in directory.glob("blind*")
        if path.is_dir() and (path / "README.md").is_file() and corpus_files(path)
    ]
    return sorted(found, key=lambda path: (len(path.name), path.name))


@dataclass(frozen=True)
class Splits:
    train: list[Row]
    validation: list[Row]
    test: list[Row]
    dropped_near_duplicates: int


def split_corpus(rows: Sequence[Row], *, seed: int = SEED) -> Splits:
    """Grouped train / validation / test split with the near-duplicate filter."""
    from sklearn.model_selection import GroupShuffleSplit

    if not rows:
        return Splits([], [], [], 0)
    frames = [row.frame for row in rows]
    indices = list(range(len(rows)))
    held_share = VALIDATION_SHARE + TEST_SHARE
    outer = GroupShuffleSplit(n_splits=1, test_size=held_share, random_state=seed)
    train_idx, held_idx = next(outer.split(indices, groups=frames))
    held_frames = [frames[i] for i in held_idx]
    inner = GroupShuffleSplit(n_splits=1, test_size=TEST_SHARE / held_share, random_state=seed + 1)
    val_pos, test_pos = next(inner.split(list(held_idx), groups=held_frames))
    train = [rows[i] for i in sorted(train_idx)]
    validation = [rows[held_idx[p]] for p in sorted(val_pos)]
    test = [rows[held_idx[p]] for p in sorted(test_pos)]
    validation, dropped_v = drop_near_duplicates(validation, train)
    test, dropped_t = drop_near_duplicates(test, train)
    return Splits(train, validation, test, dropped_v + dropped_t)


def drop_near_duplicates(
    candidates: Sequence[Row], reference: Iterable[Row], threshold: float = NEAR_DUPLICATE
) -> tuple[list[Row], int]:
    """Candidates whose character 3-5-gram cosine similarity to any reference row is below
    `threshold`, and how many were dropped."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    reference_texts = [row.text.lower() for row in reference]
    if not candidates or not reference_texts:
        return list(candidates), 0
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))
    ref = vectoriser.fit_transform(reference_texts)
    cand = vectoriser.transform([row.text.lower() for row in candidates])
    # Rows are L2-normalised, so the dot product is the cosine similarity.
    best = (cand @ ref.T).max(axis=1).toarray().ravel()
    kept = [row for row, similarity in zip(candidates, best, strict=True) if similarity < threshold]
    return kept, len(candidates) - len(kept)
