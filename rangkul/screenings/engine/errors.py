"""Errors raised by the questionnaire engine.

They subclass ValueError / LookupError so callers that do not know the engine still
handle them sensibly, while the API layer can turn the machine-readable parts
(`problems`) into a 400/422 body without parsing messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class DefinitionError(ValueError):
    """A questionnaire definition is malformed.

    The message names the source (file name, or whatever name the caller gave a
    definition stored in the database) on every line, so a log line alone is
    enough to find and fix the definition.
    """

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(f"{source}: {problem}" for problem in self.problems))


class ScoringError(ValueError):
    """Answers cannot be scored (incomplete, invalid or unknown items).

    `problems` is a list of dicts such as
    ``{"item": "q3", "code": "missing", "message": "..."}``; `code` is one of
    ``missing``, ``invalid_value``, ``unknown_item`` or ``not_applicable``.
    """

    def __init__(self, instrument: str, problems: Sequence[dict[str, Any]]) -> None:
        self.instrument = instrument
        self.problems = list(problems)
        details = "; ".join(f"item {p['item']!r}: {p['message']}" for p in self.problems)
        super().__init__(f"{instrument}: {details}")


class UnknownInstrumentError(LookupError):
    """No instrument with this code is defined."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown instrument {code!r}")

    def __str__(self) -> str:
        # LookupError would otherwise render the message with quotes, like KeyError.
        return str(self.args[0])


class UnknownBandSchemeError(LookupError):
    """The instrument has no band scheme with this code."""

    def __init__(self, instrument: str, scheme: str, available: Sequence[str]) -> None:
        self.instrument = instrument
        self.scheme = scheme
        self.available = list(available)
        choices = ", ".join(self.available) or "none"
        super().__init__(f"{instrument}: unknown band scheme {scheme!r} (available: {choices})")

    def __str__(self) -> str:
        return str(self.args[0])
