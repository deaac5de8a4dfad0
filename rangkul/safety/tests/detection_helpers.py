"""Small readers shared by the detection shape tests: the rules alone, no model."""

from __future__ import annotations

from rangkul.safety.detection import Level, detect
from rangkul.safety.detection.loading import default_ruleset


def rules_level(text: str) -> Level:
    """The level the shipped rules alone give `text`."""
    return detect(text, use_model=False).level


def normalised_words(text: str) -> list[str]:
    """The words the shipped normaliser reads in `text` ("#" marks a sentence end)."""
    return default_ruleset().normaliser.tokenise(text).view(False)[0].split()
