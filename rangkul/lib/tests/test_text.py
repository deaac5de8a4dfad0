"""Several free texts checked at once, as a service checks a form."""

from rangkul.lib.text import check_text, check_texts


def test_every_text_comes_back_cleaned_by_its_field():
    texts, problems = check_texts(
        [("topic", "  Mengelola stres  ", 200, True), ("measure", None, 300, False)]
    )
    assert texts == {"topic": "Mengelola stres", "measure": ""}
    assert problems == {}


def test_each_field_with_a_problem_gets_its_own_message():
    texts, problems = check_texts(
        [
            ("topic", "", 200, True),
            ("steps", "x" * 11, 10, False),
            ("method", "\u200b\u200b", 100, True),
            ("materials", "Lembar kerja", 100, True),
        ]
    )
    assert set(problems) == {"topic", "steps", "method"}
    assert problems["topic"] == check_text("", limit=200)[1]
    assert problems["steps"] == check_text("x" * 11, limit=10)[1]
    assert problems["method"] != problems["topic"]
    assert texts["materials"] == "Lembar kerja"


def test_a_text_at_its_limit_passes():
    _texts, problems = check_texts([("summary", "x" * 300, 300, True)])
    assert problems == {}
