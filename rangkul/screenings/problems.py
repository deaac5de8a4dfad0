"""The engine's answer problems, told to a person in their language.

The engine reports problems as data (`{"item", "code", "message", ...}`, English,
for developers); people read these sentences, which name the question by its number
and its id so that a form and an API client can both find it.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from rangkul.screenings.engine import Instrument


def _number(instrument: Instrument, item_id: str) -> int | None:
    for position, item in enumerate(instrument.items, start=1):
        if item.id == item_id:
            return position
    return None


def describe(instrument: Instrument, problem: dict[str, Any]) -> str:
    item = str(problem.get("item", ""))
    number = _number(instrument, item)
    code = problem.get("code")
    if code == "unknown_item" or number is None:
        return _("“%(item)s” is not a question of %(name)s.") % {
            "item": item,
            "name": instrument.short_name,
        }
    values = {"number": number, "item": item}
    if code == "missing":
        return _("Question %(number)s (%(item)s) has no answer yet.") % values
    if code == "not_applicable":
        message = _(
            "Question %(number)s (%(item)s) is not asked after the earlier answers; leave it out."
        )
        return message % values
    allowed = ", ".join(str(v) for v in problem.get("allowed", []))
    return _("The answer to question %(number)s (%(item)s) must be one of: %(allowed)s.") % {
        **values,
        "allowed": allowed,
    }


def field_errors(instrument: Instrument, problems: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The API's `errors` list: one entry per problem, `field` = answers.<item>."""
    return [
        {"field": f"answers.{p.get('item', '')}", "message": describe(instrument, p)}
        for p in problems
    ]


class AnswerError(ValidationError):
    """Answers that cannot be saved or scored; carries the engine's problems."""

    def __init__(self, instrument: Instrument, problems: list[dict[str, Any]]) -> None:
        self.instrument = instrument
        self.problems = problems
        super().__init__([describe(instrument, p) for p in problems])

    def field_errors(self) -> list[dict[str, str]]:
        return field_errors(self.instrument, self.problems)


class AlreadySubmitted(ValidationError):
    def __init__(self) -> None:
        super().__init__(_("These answers were already sent. Each questionnaire is sent once."))
