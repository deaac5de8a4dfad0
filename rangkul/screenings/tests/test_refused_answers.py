"""'Prefers not to answer' on a suicide question: recorded as itself, counted as a positive
screen and a critical answer, never read as 'no' (NIMH ASQ pathway)."""

import pytest
import yaml

from rangkul.safety.models import Alert
from rangkul.screenings import services
from rangkul.screenings.engine import (
    DefinitionError,
    ScoringError,
    get_instrument,
    load_definition,
    partial_critical,
    score,
)
from rangkul.screenings.engine.loader import INSTRUMENTS_DIR as LOADER_DIR
from rangkul.screenings.tests.factories import assignment_of, complete_answers

REFUSED = 9


@pytest.mark.parametrize("question", ["q1", "q2", "q3", "q4"])
def test_a_refused_asq_screening_question_is_a_positive_screen_and_asks_question_5(question):
    asq = get_instrument("asq")
    answers = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, question: REFUSED}
    with pytest.raises(ScoringError) as caught:
        score(asq, answers)
    assert caught.value.problems[0] == {
        "item": "q5",
        "code": "missing",
        "message": "answer is missing",
    }
    result = score(asq, {**answers, "q5": 0})
    assert result.outcome is not None and result.outcome.code == "non_acute_positive"
    assert result.critical
    assert [r.item for r in result.critical_reasons] == [question]
    assert "Refused" in result.critical_reasons[0].meaning["en"]


def test_a_refused_asq_question_5_takes_the_emergency_pathway():
    result = score(get_instrument("asq"), {"q1": 1, "q2": 0, "q3": 0, "q4": 0, "q5": REFUSED})
    assert result.outcome is not None and result.outcome.code == "acute_positive"
    assert {r.item for r in result.critical_reasons} == {"q1", "q5"}


def test_a_refusal_is_critical_in_a_draft_already():
    assert [r.item for r in partial_critical(get_instrument("asq"), {"q2": REFUSED})] == ["q2"]
    phqa = get_instrument("phqa")
    assert [r.item for r in partial_critical(phqa, {"s3": REFUSED, "s4": REFUSED})] == ["s3", "s4"]


@pytest.mark.parametrize("code", ["phq9", "phqa"])
def test_a_refused_item_9_is_critical_and_adds_nothing_to_the_total(code):
    instrument = get_instrument(code)
    answered = complete_answers(code, 0, q9=REFUSED)
    result = score(instrument, answered)
    assert result.raw == 0
    assert result.critical and [r.item for r in result.critical_reasons] == ["q9"]
    assert "Refused" in result.critical_reasons[0].meaning["en"]
    # The other answers to item 9 keep their meaning and their points.
    yes = score(instrument, {**result.answers, "q9": 2})
    assert (
        yes.raw == 2
        and yes.critical_reasons[0].meaning["en"] != result.critical_reasons[0].meaning["en"]
    )


def test_a_refusal_is_offered_only_on_the_suicide_questions():
    phq9 = get_instrument("phq9")
    assert [i.id for i in phq9.items if i.refused_values] == ["q9"]
    phqa = get_instrument("phqa")
    assert [i.id for i in phqa.items if i.refused_values] == ["q9", "s3", "s4"]
    asq = get_instrument("asq")
    assert all(i.refused_values == (REFUSED,) for i in asq.items)
    with pytest.raises(ScoringError):
        score(get_instrument("gad7"), complete_answers("gad7", 0, q1=REFUSED))


def test_a_definition_with_a_refusal_that_does_not_say_its_score_is_refused():
    source = (LOADER_DIR / "asq.yaml").read_text()
    broken = yaml.safe_load(source.replace("refused: true, score: 0,", "refused: true,"))
    with pytest.raises(DefinitionError) as caught:
        load_definition(broken, "asq.yaml", expected_code="asq")
    assert "needs a score" in str(caught.value)


def test_a_refused_item_9_raises_the_alert_on_the_draft(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    saved = services.save_answers(
        by=school.siswa, assignment=assignment, answers={"q9": REFUSED}, lang="id"
    )
    assert saved.newly_critical and [r.item for r in saved.critical] == ["q9"]
    alert = Alert.objects.get()
    assert alert.severity == "urgent" and alert.evidence["items"] == ["q9"]
