"""Questionnaire engine: loading, validation, scoring, critical items, RCI.

Pure Python, no database. Band expectations are written from the published rules
(the papers cited in each definition), not read back from the YAML files, so a
typo in a data file fails here.
"""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
import yaml

from rangkul.screenings.engine import (
    ScoringError,
    UnknownBandSchemeError,
    UnknownInstrumentError,
    get_instrument,
    load_all,
    load_definition,
    load_file,
    partial_critical,
    public_view,
    reliable_change,
    score,
    validate_answers,
)
from rangkul.screenings.engine.loader import EXAMPLES_DIR
from rangkul.screenings.tests.engine_helpers import (
    answers_for_total,
    definition_error,
    fill,
    minimal,
    spread,
)

SHIPPED = {"phq9", "phqa", "phq2", "gad7", "gad2", "who5", "k10", "ucla3", "psc17", "asq"}


# --- loading ----------------------------------------------------------------------------


def test_every_shipped_instrument_loads():
    instruments = load_all()
    assert set(instruments) == SHIPPED
    for code, inst in instruments.items():
        assert inst.code == code
        assert inst.version
        assert set(inst.languages) == {"id", "en"}
        assert inst.attribution and inst.licence.summary


def test_instruments_are_loaded_once_and_shared():
    assert get_instrument("phq9") is get_instrument("phq9")
    first = load_all()
    first.pop("phq9")
    assert "phq9" in load_all()


def test_unknown_instrument_is_refused():
    with pytest.raises(UnknownInstrumentError) as caught:
        get_instrument("sdq")
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == "unknown instrument 'sdq'"


def test_respondent_types():
    assert get_instrument("asq").respondent == "staff_administered"
    assert get_instrument("psc17").respondent == "caregiver"
    assert get_instrument("psc17").entered_by_staff
    assert get_instrument("phq9").respondent == "self"
    assert not get_instrument("phq9").entered_by_staff


def test_who5_carries_its_non_commercial_notice():
    licence = get_instrument("who5").licence
    assert licence.name == "CC BY-NC-SA 3.0 IGO"
    assert licence.commercial_use is False
    assert licence.notice is not None
    assert "non-commercial" in licence.notice["en"]
    assert "non-komersial" in licence.notice["id"]


def test_bands_without_a_source_paper_are_provisional():
    k10 = get_instrument("k10")
    assert all(s.provisional for s in k10.band_schemes)
    assert all(s.provisional for s in get_instrument("ucla3").band_schemes)
    who5 = get_instrument("who5").default_band_scheme
    assert who5 is not None
    assert [b.code for b in who5.bands if b.provisional] == ["likely_depression"]
    for code in ("phq9", "phqa", "phq2", "gad7", "gad2", "psc17"):
        scheme = get_instrument(code).default_band_scheme
        assert scheme is not None and not scheme.provisional and scheme.source


def test_translation_status_is_recorded_per_language():
    for inst in load_all().values():
        assert inst.languages["en"].status == "published"
        # No validated Indonesian wording was available for any shipped instrument.
        assert inst.languages["id"].status == "unofficial"
        assert inst.languages["id"].source


# --- bands, from the published rules -------------------------------------------------------------

KROENKE_PHQ9 = [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately_severe"), (19, "moderately_severe"), (20, "severe"), (27, "severe"),
]  # fmt: skip
TWO_ITEM_SCREEN = [(0, "negative"), (2, "negative"), (3, "positive"), (6, "positive")]

# (instrument, band scheme or None for the default) -> [(raw total, band code)], each
# cut-off tested on both sides.
PUBLISHED_BANDS: dict[tuple[str, str | None], list[tuple[int, str]]] = {
    ("phq9", None): KROENKE_PHQ9,
    ("phqa", None): KROENKE_PHQ9,
    ("phq9", "richardson2010_adolescent"): [(10, "below_cutoff"), (11, "positive")],
    ("phq9", "dian2022_indonesian"): [(5, "below_cutoff"), (6, "positive")],
    ("phqa", "glad_pc_screen"): [(10, "below_cutoff"), (11, "positive")],
    ("phq2", None): TWO_ITEM_SCREEN,
    ("gad2", None): TWO_ITEM_SCREEN,
    ("gad7", None): [
        (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"),
        (10, "moderate"), (14, "moderate"), (15, "severe"), (21, "severe"),
    ],
    ("gad7", "referral_two_level"): [(9, "no_referral"), (10, "referral")],
    # WHO-5 raw totals; score = raw x 4: <= 28 likely depression, < 50 (raw < 13) poor
    # well-being (Topp et al. 2015).
    ("who5", None): [
        (0, "likely_depression"), (7, "likely_depression"), (8, "poor_wellbeing"),
        (12, "poor_wellbeing"), (13, "adequate_wellbeing"), (25, "adequate_wellbeing"),
    ],
    # K10 coded 1-5 (total 10-50), both schemes in use.
    ("k10", "population_survey"): [
        (10, "low"), (15, "low"), (16, "moderate"), (21, "moderate"),
        (22, "high"), (29, "high"), (30, "very_high"), (50, "very_high"),
    ],
    ("k10", "clinical_severity"): [
        (10, "likely_well"), (19, "likely_well"), (20, "mild"), (24, "mild"),
        (25, "moderate"), (29, "moderate"), (30, "severe"), (50, "severe"),
    ],
    ("ucla3", None): [(3, "not_lonely"), (5, "not_lonely"), (6, "lonely"), (9, "lonely")],
    ("psc17", None): [
        (0, "below_cutoff"), (14, "below_cutoff"), (15, "positive"), (34, "positive"),
    ],
}  # fmt: skip
BAND_CASES = [
    (code, scheme, total, band)
    for (code, scheme), cases in PUBLISHED_BANDS.items()
    for total, band in cases
]


@pytest.mark.parametrize(("code", "scheme", "raw", "band"), BAND_CASES)
def test_band_boundaries(code: str, scheme: str | None, raw: int, band: str):
    inst = get_instrument(code)
    result = score(inst, answers_for_total(inst, raw), band_scheme=scheme)
    assert result.raw == raw
    assert result.band is not None
    assert result.band.code == band
    assert result.band.scheme == (scheme or inst.default_band_scheme.code)  # type: ignore[union-attr]
    assert result.band.label["id"] and result.band.label["en"]


def test_k10_default_scheme_is_the_population_survey():
    result = score(get_instrument("k10"), answers_for_total(get_instrument("k10"), 16))
    assert result.band is not None and result.band.code == "moderate"
    assert result.band.scheme == "population_survey"
    assert result.band.provisional


def test_unknown_band_scheme_is_refused():
    inst = get_instrument("phq9")
    with pytest.raises(UnknownBandSchemeError, match="phq9: unknown band scheme 'k10'"):
        score(inst, answers_for_total(inst, 3), band_scheme="k10")


SUBSCALE_CASES = [
    ("psc17", "internalising", 4, "below_cutoff"),
    ("psc17", "internalising", 5, "positive"),
    ("psc17", "attention", 6, "below_cutoff"),
    ("psc17", "attention", 7, "positive"),
    ("psc17", "externalising", 6, "below_cutoff"),
    ("psc17", "externalising", 7, "positive"),
    ("phq9", "phq2", 2, "negative"),
    ("phq9", "phq2", 3, "positive"),
    ("gad7", "gad2", 2, "negative"),
    ("gad7", "gad2", 3, "positive"),
]


@pytest.mark.parametrize(("code", "subscale", "value", "band"), SUBSCALE_CASES)
def test_subscale_cut_offs(code: str, subscale: str, value: int, band: str):
    inst = get_instrument(code)
    items = next(s.items for s in inst.subscales if s.code == subscale)
    result = score(inst, fill(inst, spread(inst, list(items), value)))
    assert result.subscales[subscale].value == value
    assert result.subscales[subscale].band.code == band  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("k6_items_total", "k6", "band"),
    [(18, 12, "below_cutoff"), (19, 13, "probable_serious_illness")],
)
def test_k6_is_rescored_to_its_published_0_to_24_scale(k6_items_total: int, k6: int, band: str):
    inst = get_instrument("k10")
    result = score(
        inst, fill(inst, spread(inst, ["q2", "q4", "q5", "q8", "q9", "q10"], k6_items_total))
    )
    assert result.subscales["k6"].value == k6
    assert result.subscales["k6"].band.code == band  # type: ignore[union-attr]


def test_psc17_subscales_sum_to_the_total():
    inst = get_instrument("psc17")
    result = score(inst, fill(inst, {f"q{n}": n % 3 for n in range(1, 18)}))
    assert sum(s.value for s in result.subscales.values()) == result.raw


# --- ASQ rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"q1": 0, "q2": 0, "q3": 0, "q4": 0}, "negative"),
        ({"q1": 0, "q2": 0, "q3": 1, "q4": 0, "q5": 0}, "non_acute_positive"),
        ({"q1": 0, "q2": 0, "q3": 0, "q4": 1, "q5": 0}, "non_acute_positive"),
        ({"q1": 1, "q2": 0, "q3": 0, "q4": 0, "q5": 1}, "acute_positive"),
    ],
)
def test_asq_outcomes(answers: dict[str, int], outcome: str):
    result = score(get_instrument("asq"), answers)
    assert result.outcome is not None and result.outcome.code == outcome
    assert result.raw is None and result.score is None and result.band is None
    assert result.critical is (outcome != "negative")


def test_asq_question_5_is_required_after_any_yes_and_refused_otherwise():
    asq = get_instrument("asq")
    with pytest.raises(ScoringError) as caught:
        score(asq, {"q1": 0, "q2": 1, "q3": 0, "q4": 0})
    assert caught.value.problems[0]["item"] == "q5"
    assert caught.value.problems[0]["code"] == "missing"
    with pytest.raises(ScoringError) as caught:
        score(asq, {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": 0})
    assert caught.value.problems[0]["code"] == "not_applicable"


# --- scoring rules ---------------------------------------------------------------------------


def test_who5_raw_is_multiplied_by_four():
    result = score(get_instrument("who5"), {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 2})
    assert (result.raw, result.score) == (13, 52)


def test_reverse_scoring():
    pulse = load_file(EXAMPLES_DIR / "feeling_heard.yaml")
    assert score(pulse, {"heard": 5, "judged": 1}).raw == 10
    assert score(pulse, {"heard": 5, "judged": 5}).raw == 6
    assert score(pulse, {"heard": 1, "judged": 5}).band.code == "not_heard"  # type: ignore[union-attr]


def test_unscored_items_count_toward_no_total():
    phq9 = get_instrument("phq9")
    answers = answers_for_total(phq9, 12)
    assert (
        score(phq9, {**answers, "difficulty": 0}).raw
        == score(phq9, {**answers, "difficulty": 3}).raw
        == 12
    )


def test_phq9_difficulty_item_is_optional_and_outside_the_total():
    phq9 = get_instrument("phq9")
    zeros = {f"q{n}": 0 for n in range(1, 10)}
    assert score(phq9, zeros).raw == 0
    assert score(phq9, {**zeros, "q4": 1}).raw == 1  # left out after a reported problem
    assert score(phq9, {**zeros, "q4": 1, "difficulty": 3}).raw == 1


def test_k10_skipped_items_are_scored_one():
    k10 = get_instrument("k10")
    answers = {f"q{n}": 2 for n in range(1, 11)}
    answers.update(q2=1, q5=1)
    del answers["q3"], answers["q6"]
    result = score(k10, answers)
    # q1..q10 = 2, 1, (1), 2, 1, (1), 2, 2, 2, 2 - the skipped q3 and q6 count 1
    assert result.raw == 16
    assert result.answers["q3"] == result.answers["q6"] == 1


def test_scoring_is_deterministic_and_stays_in_range():
    rng = random.Random(20250101)
    for inst in load_all().values():
        for _ in range(50):
            chosen = {i.id: rng.choice(i.values) for i in inst.items}
            answers = fill(inst, chosen)
            first, second = score(inst, answers), score(inst, answers)
            assert first == second
            if inst.declared_range is not None:
                low, high = inst.declared_range
                assert low <= first.score <= high  # type: ignore[operator]
                assert first.band is not None


# --- refusing answers -----------------------------------------------------------------------


def test_errors_name_the_item_and_carry_machine_readable_problems():
    phq9 = get_instrument("phq9")
    answers = answers_for_total(phq9, 0)
    del answers["q3"]
    answers.update(q5=7, q10=1)
    with pytest.raises(ScoringError) as caught:
        score(phq9, answers)
    error = caught.value
    assert isinstance(error, ValueError)
    assert [(p["item"], p["code"]) for p in error.problems] == [
        ("q3", "missing"),
        ("q5", "invalid_value"),
        ("q10", "unknown_item"),
    ]
    assert error.problems[1]["allowed"] == [0, 1, 2, 3]
    assert "item 'q3': answer is missing" in str(error)
    assert "item 'q5': value 7 is not one of 0, 1, 2, 3" in str(error)
    assert "item 'q10': is not an item of phq9" in str(error)


@pytest.mark.parametrize("value", ["1", 1.0, True, None])
def test_only_integer_option_values_are_answers(value: Any):
    gad2 = get_instrument("gad2")
    with pytest.raises(ScoringError) as caught:
        score(gad2, {"q1": value, "q2": 0})
    assert caught.value.problems[0]["item"] == "q1"


def test_drafts_are_validated_without_requiring_completion():
    phq9 = get_instrument("phq9")
    assert validate_answers(phq9, {"q1": 2}, complete=False) == []
    assert validate_answers(phq9, {"q1": 9}, complete=False)[0]["code"] == "invalid_value"


# --- critical items --------------------------------------------------------------------------


def test_critical_item_fires_on_a_partial_draft():
    reasons = partial_critical(get_instrument("phq9"), {"q1": 0, "q9": 1})
    assert [r.item for r in reasons] == ["q9"]
    assert reasons[0].to_dict()["meaning"]["id"]
    assert (
        reasons[0].to_dict()["meaning"]["en"] == "Thoughts of being better off dead or of self-harm"
    )
    assert partial_critical(get_instrument("phq9"), {"q9": 0}) == []


def test_partial_critical_ignores_noise_but_never_hides_a_critical_answer():
    reasons = partial_critical(get_instrument("phq9"), {"q9": 2, "bogus": 1, "q1": "x"})
    assert [r.item for r in reasons] == ["q9"]


@pytest.mark.parametrize(
    ("code", "draft", "items"),
    [
        ("phqa", {"s3": 1}, ["s3"]),
        ("phqa", {"q9": 3, "s4": 1}, ["q9", "s4"]),
        ("asq", {"q2": 1}, ["q2"]),
        ("asq", {"q1": 0, "q2": 0}, []),
        ("gad7", {"q1": 3}, []),
    ],
)
def test_partial_critical_per_instrument(code: str, draft: dict[str, int], items: list[str]):
    assert [r.item for r in partial_critical(get_instrument(code), draft)] == items


def test_completed_score_reports_critical_reasons():
    phq9 = get_instrument("phq9")
    calm = score(phq9, answers_for_total(phq9, 8))
    assert not calm.critical and calm.critical_reasons == ()
    risky = score(phq9, fill(phq9, {"q9": 2}))
    assert risky.critical
    assert risky.to_dict()["critical_reasons"][0]["item"] == "q9"


# --- public view -------------------------------------------------------------------------------


def test_public_view_shape():
    view = public_view(get_instrument("phq9"), "id")
    assert {"code", "name", "version", "items", "respondent", "licence", "attribution",
            "notice", "translation_status"} <= set(view)  # fmt: skip
    assert view["translation_status"] == "unofficial"
    first = view["items"][0]
    assert first["id"] == "q1"
    assert first["options"][0] == {"value": 0, "label": "Tidak Pernah"}
    difficulty = view["items"][-1]
    assert difficulty["required_if"]["any"][0] == {"item": "q1", "op": ">=", "value": 1}


def test_public_view_in_english_and_fallback_language():
    who5 = get_instrument("who5")
    english = public_view(who5, "en")
    assert english["language"] == "en" and english["translation_status"] == "published"
    assert english["notice"].startswith("WHO-5 ©")
    assert public_view(who5, "fr")["language"] == "id"


def test_public_view_does_not_reveal_critical_items():
    assert "critical_items" not in public_view(get_instrument("asq"), "id")


# --- reliable change ------------------------------------------------------------------------------


def test_rci_for_phq9():
    phq9 = get_instrument("phq9")
    se_diff = 3.5 * math.sqrt(2) * math.sqrt(1 - 0.713)
    change = reliable_change(phq9, 15, 5)
    assert change is not None
    assert change.value == round(-10 / se_diff, 2)
    assert change.label == "improved"
    assert reliable_change(phq9, 5, 15).label == "deteriorated"  # type: ignore[union-attr]
    assert reliable_change(phq9, 12, 9).label == "no_reliable_change"  # type: ignore[union-attr]


def test_rci_knows_that_higher_who5_is_better():
    who5 = get_instrument("who5")
    up = reliable_change(who5, 40, 72)
    assert up is not None and up.label == "improved"
    # The SD was published on the raw 0-25 scale; the score is x4.
    assert up.reference_sd == pytest.approx(5.3 * 4)
    assert reliable_change(who5, 72, 40).label == "deteriorated"  # type: ignore[union-attr]


def test_rci_accepts_score_results():
    gad7 = get_instrument("gad7")
    before = score(gad7, answers_for_total(gad7, 15))
    after = score(gad7, answers_for_total(gad7, 6))
    change = reliable_change(gad7, before, after)
    assert change is not None and change.label == "improved"
    assert change.threshold == pytest.approx(1.96 * 3.5 * math.sqrt(2) * math.sqrt(0.13))


def test_rci_boundary_is_inclusive():
    data = minimal(psychometrics={
        "reliability": {"value": 0.5, "kind": "test_retest", "sample": "s", "citation": "c"},
        "reference_sd": {"value": 1, "sample": "s", "citation": "c"},
    })  # fmt: skip
    inst = load_definition(data, "mini.yaml")
    assert reliable_change(inst, 0, 1.96).label == "deteriorated"  # type: ignore[union-attr]
    assert reliable_change(inst, 0, 1.95).label == "no_reliable_change"  # type: ignore[union-attr]


@pytest.mark.parametrize("code", ["phqa", "phq2", "gad2", "k10", "psc17", "asq"])
def test_rci_not_available_without_reliability_and_sd(code: str):
    assert reliable_change(get_instrument(code), 10, 2) is None


# --- an organisation's own questionnaires -------------------------------------------------------


def test_example_definitions_load_through_the_same_validator():
    for path in sorted(EXAMPLES_DIR.glob("*.yaml")):
        stored = yaml.safe_load(path.read_text(encoding="utf-8"))
        # As it would come back from the database: the same structure, another name.
        inst = load_definition(stored, f"org 7 / {path.stem}")
        assert inst.code == path.stem
    assert not set(load_all()) & {"akpd", "feeling_heard"}


def test_akpd_scores_needs_by_domain():
    akpd = load_file(EXAMPLES_DIR / "akpd.yaml")
    answers = {item.id: 0 for item in akpd.items}
    answers.update(social_1=1, social_2=1, career_3=1)
    result = score(akpd, answers)
    assert result.raw == 3 and result.band is None
    assert {code: s.value for code, s in result.subscales.items()} == {
        "personal": 0, "social": 2, "learning": 0, "career": 1,
    }  # fmt: skip
    assert result.subscales["social"].band.code == "priority"  # type: ignore[union-attr]
    assert result.subscales["career"].band.code == "low_need"  # type: ignore[union-attr]


def test_a_custom_definition_error_names_its_stored_source():
    data = yaml.safe_load((EXAMPLES_DIR / "feeling_heard.yaml").read_text(encoding="utf-8"))
    data["items"][1]["options"] = "missing_set"
    message = definition_error(data, source="org 7 / feeling_heard v2")
    assert "org 7 / feeling_heard v2: item 'judged': unknown option set 'missing_set'" in message


def test_phq9_and_phqa_are_scored_without_the_difficulty_question():
    from rangkul.screenings.engine import get_instrument, score

    for code, difficulty in (("phq9", "difficulty"), ("phqa", "s2")):
        instrument = get_instrument(code)
        answers = {f"q{i}": 1 for i in range(1, 10)}
        if code == "phqa":
            answers.update(s1=0, s3=0, s4=0)
        result = score(instrument, answers)
        assert result.raw == 9, code
        with_it = score(instrument, {**answers, difficulty: 2})
        assert with_it.raw == 9 and with_it.answers[difficulty] == 2


def test_a_stray_difficulty_answer_is_kept_when_nothing_was_checked():
    from rangkul.screenings.engine import get_instrument, score

    instrument = get_instrument("phq9")
    answers = {f"q{i}": 0 for i in range(1, 10)}
    result = score(instrument, {**answers, "difficulty": 1})
    assert result.raw == 0 and result.answers["difficulty"] == 1
    from rangkul.screenings.engine import ScoringError

    with pytest.raises(ScoringError):
        score(instrument, {**answers, "difficulty": 7})  # still one of the options
