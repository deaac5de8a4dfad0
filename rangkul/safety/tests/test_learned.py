"""The learned layer: the committed artefact, its fail-closed fallback, the combination with
the rules, reproducible training on a tiny fixture, thresholds, grouped splits and the
near-duplicate filter. Nothing here trains on the real corpus: that is the management
command's job, and the tests load the committed artefact."""

from pathlib import Path

import joblib
import pytest

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.corpus import Row, drop_near_duplicates, split_corpus
from rangkul.safety.detection.learned import (
    ARTEFACT_FORMAT,
    ARTEFACT_PATH,
    PIPELINE_PATH,
    SafetyModel,
    Thresholds,
    default_model,
    from_artefact,
    load_model,
    model_input,
    runtime_data,
)
from rangkul.safety.detection.loading import default_ruleset
from rangkul.safety.detection.metrics import wilson
from rangkul.safety.detection.training import Scored, choose_thresholds, fit


def row(text: str, level: str = "none", kind: str = "", group: str = "g", author: str = "t"):
    kind = kind or {"urgent": "crisis", "concern": "concern"}.get(level, "ordinary")
    cats = frozenset({"suicide"}) if level != "none" else frozenset()
    return Row(text, Level(level), cats, "formal", kind, group, author, "fixture")


TINY = [
    row("aku pengen mati aja", "urgent", group="a1"),
    row("pengen mati rasanya capek hidup", "urgent", group="a2"),
    row("aku mau bunuh diri malam ini", "urgent", group="a3"),
    row("udah gak kuat hidup pengen mati", "urgent", group="a4"),
    row("aku cemas terus tiap hari gak bisa sekolah", "concern", group="b1"),
    row("tiap hari cemas sampai sesak napas", "concern", group="b2"),
    row("aku sedih terus berminggu minggu", "concern", group="b3"),
    row("cemas dan sedih terus tiap malam", "concern", group="b4"),
    row("besok ujian matematika aku belum belajar", group="c1"),
    row("pr bahasa inggris banyak banget", group="c2"),
    row("bingung pilih ekskul basket atau musik", group="c3"),
    row("ujian besok matematika pr banyak", group="c4"),
]


def tiny_model(thresholds: Thresholds) -> SafetyModel:
    pipeline = fit(TINY, seed=1)
    artefact = {
        "format": ARTEFACT_FORMAT,
        "version": "tiny",
        **runtime_data(pipeline),
        "thresholds": {
            "peer": thresholds.peer,
            "urgent": thresholds.urgent,
            "concern": thresholds.concern,
        },
        "info": {},
    }
    return from_artefact(artefact)


def test_the_committed_artefact_loads_once_and_names_its_version():
    model = default_model()
    assert model is not None
    assert model is default_model()  # loaded once per process
    assert model.version.startswith("2026.")
    assert 0.5 <= model.thresholds.peer < 1.0
    assert ARTEFACT_PATH.stat().st_size < 2_000_000  # small enough to commit


def test_the_runtime_arithmetic_gives_the_pipelines_probabilities():
    model = default_model()
    assert model is not None
    saved = joblib.load(PIPELINE_PATH)
    assert saved["version"] == model.version
    normaliser = default_ruleset().normaliser
    texts = ["aku pengen mati aja", "besok ujian, belum belajar 😭", "", "ok", "a  b   c"]
    for text in texts:
        inputs = model_input(text, normaliser)
        fast = model.scorer.probabilities(inputs)
        slow = saved["pipeline"].predict_proba([inputs])[0]
        assert fast == pytest.approx(list(slow), abs=1e-4)


def test_a_broken_artefact_is_refused(tmp_path: Path):
    path = tmp_path / "model.joblib"
    joblib.dump({"format": 99}, path)
    with pytest.raises(ValueError):
        load_model(path)
    with pytest.raises(FileNotFoundError):
        load_model(tmp_path / "missing.joblib")


def test_without_a_model_nothing_is_peer_eligible_and_the_rules_still_run():
    ordinary = detect("besok ujian matematika", use_model=False)
    assert ordinary.peer_eligible is False and ordinary.model is None
    crisis = detect("aku pengen mati aja", use_model=False)
    assert crisis.level is Level.URGENT and crisis.peer_eligible is False


def test_the_level_is_the_higher_of_rules_and_model():
    # A model that calls everything urgent raises an ordinary text to urgent ...
    alarmist = tiny_model(Thresholds(peer=1.0, urgent=0.0, concern=0.0))
    raised = detect("pr bahasa inggris banyak banget", model=alarmist)
    assert raised.level is Level.URGENT and raised.rules_level is Level.NONE
    assert raised.peer_eligible is False
    # ... and a model that calls nothing urgent never lowers what the rules found.
    relaxed = tiny_model(Thresholds(peer=0.0, urgent=1.01, concern=1.01))
    kept = detect("aku pengen mati aja", model=relaxed)
    assert kept.level is Level.URGENT and kept.peer_eligible is False


def test_peer_eligible_needs_no_rule_hit_and_a_confident_model():
    lenient = tiny_model(Thresholds(peer=0.0, urgent=1.01, concern=1.01))
    assert detect("bingung pilih ekskul", model=lenient).peer_eligible is True
    strict = tiny_model(Thresholds(peer=1.01, urgent=1.01, concern=1.01))
    assert detect("bingung pilih ekskul", model=strict).peer_eligible is False


def test_training_is_reproducible():
    first, second = fit(TINY, seed=7), fit(TINY, seed=7)
    texts = ["aku capek", "besok ujian"]
    assert first.predict_proba(texts).tolist() == second.predict_proba(texts).tolist()


def test_the_peer_threshold_clears_every_validation_leak_with_a_margin():
    scored = [
        Scored(row("a", "concern"), Level.NONE, 0.82, 0.01),  # missed by the rules
        Scored(row("b", "urgent"), Level.URGENT, 0.99, 0.0),  # caught by the rules
        Scored(row("c"), Level.NONE, 0.95, 0.01),
        Scored(row("d", kind="figurative"), Level.NONE, 0.4, 0.3),
    ]
    thresholds = choose_thresholds(scored)
    assert thresholds.peer == pytest.approx(0.97)
    assert all(
        s.p_ordinary < thresholds.peer
        for s in scored
        if s.row.level is not Level.NONE and s.rules_level is Level.NONE
    )


def test_splits_never_share_a_frame_and_drop_near_duplicates():
    rows = [
        row(f"kalimat nomor {n} tentang {topic}", group=f"f{n % 9}", author=author)
        for n, (topic, author) in enumerate(
            [(t, a) for t in ("ujian", "teman", "rumah", "sekolah") for a in ("x", "y", "z")] * 5
        )
    ]
    splits = split_corpus(rows, seed=3)
    train_frames = {r.frame for r in splits.train}
    assert train_frames.isdisjoint({r.frame for r in splits.validation})
    assert train_frames.isdisjoint({r.frame for r in splits.test})
    kept, dropped = drop_near_duplicates(
        [row("aku pengen mati aja!!"), row("pilih jurusan kuliah apa ya")],
        [row("aku pengen mati aja")],
    )
    assert dropped == 1 and [r.text for r in kept] == ["pilih jurusan kuliah apa ya"]


def test_wilson_interval():
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.490, abs=1e-3) and high == pytest.approx(0.943, abs=1e-3)
    assert wilson(0, 0) == (0.0, 1.0)


def test_the_model_does_not_overrule_words_the_rules_read_in_context():
    alarmist = tiny_model(Thresholds(peer=1.0, urgent=0.0, concern=0.0))
    negated = detect("aku gak pengen mati kok", model=alarmist)
    assert negated.rules_level is Level.CONCERN and negated.level is Level.CONCERN
    idiom = detect("gol bunuh diri di menit terakhir", model=alarmist)
    assert idiom.level is Level.NONE and not idiom.peer_eligible
    # words the rules do not know are still raised by the model
    assert detect("besok ujian matematika", model=alarmist).level is Level.URGENT
