"""FHIR R4B export: every instrument as a valid Questionnaire and QuestionnaireResponse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from rangkul.screenings.engine import (
    Instrument,
    ScoringError,
    get_instrument,
    load_all,
    load_file,
    to_fhir_questionnaire,
    to_fhir_questionnaire_response,
)
from rangkul.screenings.engine.loader import EXAMPLES_DIR

WIB = timezone(timedelta(hours=7))
AUTHORED = datetime(2025, 8, 18, 9, 30, tzinfo=WIB)
CODES = sorted(load_all())
EXAMPLES = sorted(p.stem for p in EXAMPLES_DIR.glob("*.yaml"))


def instrument(code: str) -> Instrument:
    if code in EXAMPLES:
        return load_file(EXAMPLES_DIR / f"{code}.yaml")
    return get_instrument(code)


def highest_answers(inst: Instrument) -> dict[str, int]:
    """Complete answers with the highest option everywhere (so every item is asked)."""
    answers: dict[str, int] = {}
    for item in inst.items:
        if item.required_if is None or item.required_if.holds(answers):
            answers[item.id] = max(item.values, key=item.scored_value)
    return answers


def items_by_link(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["linkId"]: item for item in resource["item"]}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("code", CODES + EXAMPLES)
def test_questionnaire_is_valid_r4b(code: str, lang: str):
    inst = instrument(code)
    resource = to_fhir_questionnaire(inst, lang)
    parsed = Questionnaire.model_validate(resource)
    assert parsed.status == "active"
    assert resource["language"] == lang
    links = items_by_link(resource)
    for item in inst.items:
        exported = links[item.id]
        assert exported["text"] == item.text[lang]
        codes = [o["valueCoding"]["code"] for o in exported["answerOption"]]
        assert codes == [str(v) for v in item.values]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("code", CODES + EXAMPLES)
def test_completed_response_is_valid_r4b(code: str, lang: str):
    inst = instrument(code)
    answers = highest_answers(inst)
    resource = to_fhir_questionnaire_response(
        inst,
        answers,
        response_id="resp-1",
        authored=AUTHORED,
        subject_reference="Patient/p-7",
        lang=lang,
    )
    parsed = QuestionnaireResponse.model_validate(resource)
    assert parsed.status == "completed"
    assert resource["questionnaire"] == f"urn:rangkul:questionnaire:{inst.code}|{inst.version}"
    assert resource["subject"] == {"reference": "Patient/p-7"}
    links = items_by_link(resource)
    for item_id, value in answers.items():
        assert links[item_id]["answer"][0]["valueCoding"]["code"] == str(value)
    if inst.has_total:
        assert "rangkul-score" in links
    if inst.outcome_rule:
        assert "rangkul-outcome" in links


@pytest.mark.parametrize("code", CODES)
def test_draft_response_is_in_progress_without_scores(code: str):
    inst = get_instrument(code)
    first = inst.items[0]
    resource = to_fhir_questionnaire_response(
        inst,
        {first.id: first.values[0]},
        response_id="draft-1",
        authored="2025-08-18T09:30:00+07:00",
    )
    QuestionnaireResponse.model_validate(resource)
    assert resource["status"] == "in-progress"
    assert [i["linkId"] for i in resource["item"]] == [first.id]


def test_phq9_carries_its_loinc_codes():
    phq9 = get_instrument("phq9")
    questionnaire = to_fhir_questionnaire(phq9, "en")
    assert questionnaire["code"][0] == {
        "system": "http://loinc.org",
        "code": "44249-1",
        "display": "PHQ-9 quick depression assessment panel [Reported.PHQ]",
    }
    links = items_by_link(questionnaire)
    assert links["q9"]["code"] == [{"system": "http://loinc.org", "code": "44260-8"}]
    assert links["rangkul-score"]["code"][0]["code"] == "44261-6"
    assert links["rangkul-score"]["readOnly"] is True


def test_instruments_without_a_known_loinc_code_carry_none():
    questionnaire = to_fhir_questionnaire(get_instrument("who5"), "id")
    assert "code" not in questionnaire
    assert all("code" not in item for item in questionnaire["item"])


def test_conditional_items_become_enable_when():
    links = items_by_link(to_fhir_questionnaire(get_instrument("phq9"), "id"))
    difficulty = links["difficulty"]
    assert difficulty["enableBehavior"] == "any"
    # every "1 or more" answer of q1-q9, and a refused item 9 (it counts as positive)
    assert len(difficulty["enableWhen"]) == 9 * 3 + 1
    assert difficulty["enableWhen"][0]["question"] == "q1"
    k10 = items_by_link(to_fhir_questionnaire(get_instrument("k10"), "id"))
    assert {w["answerCoding"]["code"] for w in k10["q3"]["enableWhen"]} == {"2", "3", "4", "5"}


def test_response_carries_score_band_and_critical_flag():
    phq9 = get_instrument("phq9")
    answers = {"q1": 2, "q2": 2, "q3": 1, "q4": 1, "q5": 1, "q6": 1, "q7": 1, "q8": 1, "q9": 1}
    answers["difficulty"] = 2
    resource = to_fhir_questionnaire_response(
        phq9, answers, response_id="r2", authored=AUTHORED, lang="en"
    )
    links = items_by_link(resource)
    total = links["rangkul-score"]
    assert total["answer"] == [{"valueInteger": 11}]
    assert total["extension"][0]["valueCoding"]["code"] == "moderate"
    assert links["rangkul-subscale-phq2"]["answer"] == [{"valueInteger": 4}]
    extensions = {e["url"]: e for e in resource["extension"]}
    assert extensions["urn:rangkul:fhir:extension:critical"]["valueBoolean"] is True
    assert extensions["urn:rangkul:fhir:extension:critical-item"]["valueString"] == "q9"
    assert extensions["urn:rangkul:fhir:extension:translation-status"]["valueCode"] == "published"


def test_who5_response_reports_the_percentage_score():
    who5 = get_instrument("who5")
    resource = to_fhir_questionnaire_response(
        who5, {"q1": 3, "q2": 3, "q3": 3, "q4": 2, "q5": 2}, response_id="w1", authored=AUTHORED
    )
    assert items_by_link(resource)["rangkul-score"]["answer"] == [{"valueInteger": 52}]


def test_asq_response_carries_its_outcome():
    asq = get_instrument("asq")
    resource = to_fhir_questionnaire_response(
        asq, {"q1": 1, "q2": 0, "q3": 0, "q4": 0, "q5": 1}, response_id="a1", authored=AUTHORED
    )
    outcome = items_by_link(resource)["rangkul-outcome"]["answer"][0]["valueCoding"]
    assert outcome["code"] == "acute_positive"
    assert "rangkul-score" not in items_by_link(resource)


def test_skipped_k10_items_are_not_exported_as_answers():
    k10 = get_instrument("k10")
    answers = {f"q{n}": 1 for n in range(1, 11) if n not in (3, 6)}
    resource = to_fhir_questionnaire_response(k10, answers, response_id="k1", authored=AUTHORED)
    links = items_by_link(resource)
    assert "q3" not in links and "q6" not in links
    assert links["rangkul-score"]["answer"] == [{"valueInteger": 10}]


def test_example_with_underscore_code_gets_a_valid_fhir_id():
    resource = to_fhir_questionnaire(instrument("feeling_heard"), "id")
    assert resource["id"] == "feeling-heard"
    assert resource["name"] == "FeelingHeard"


def test_invalid_answers_are_refused():
    with pytest.raises(ScoringError) as caught:
        to_fhir_questionnaire_response(
            get_instrument("gad7"), {"q1": 5}, response_id="x1", authored=AUTHORED
        )
    assert caught.value.problems[0]["item"] == "q1"


def test_authored_needs_a_time_zone_and_the_id_must_be_a_fhir_id():
    gad2 = get_instrument("gad2")
    with pytest.raises(ValueError, match="timezone-aware"):
        to_fhir_questionnaire_response(
            gad2, {"q1": 0, "q2": 0}, response_id="x1", authored=datetime(2025, 1, 1)
        )
    with pytest.raises(ValueError, match="not a valid FHIR id"):
        to_fhir_questionnaire_response(
            gad2, {"q1": 0, "q2": 0}, response_id="bad id", authored=datetime.now(UTC)
        )
