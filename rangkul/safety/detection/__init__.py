"""Crisis-language detection for Indonesian and English free text.

    from rangkul.safety.detection import detect
    result = detect("pengen mati aja rasanya")
    result.level          # Level.URGENT
    result.categories     # ("suicide",)
    result.to_dict()      # JSON for POST /api/v1/safety/check

No Django, no database, so it runs in tests, in the API and in the offline benchmark alike.
The phrase lists are data in ./data and the learned model an artefact in ./artefact, both
read once per process; stemming uses PySastrawi, the model numpy. `result.peer_eligible` is
the routing decision. See docs/safety-detection.md.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from .language import choose_languages
from .learned import SafetyModel, default_model
from .loading import (
    CompiledPattern,
    CompiledPhrase,
    PhraseDataError,
    Ruleset,
    default_ruleset,
    load_phrases,
)
from .matching import Hit, find_hits, read_hits
from .model import CATEGORIES, CATEGORY_LABELS, DetectionResult, Level, Match, Phrase
from .patterns import Glob, PatternError, Word, mandatory_paths, parse

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "PHRASE_ERRORS",
    "DetectionResult",
    "Level",
    "Match",
    "Phrase",
    "PhraseDataError",
    "Ruleset",
    "detect",
    "load_phrases",
    "validate_phrase",
]

logger = logging.getLogger(__name__)


def detect(
    text: str,
    lang: str | None = None,
    extra_phrases: Iterable[Phrase] = (),
    *,
    ruleset: Ruleset | None = None,
    model: SafetyModel | None = None,
    use_model: bool = True,
) -> DetectionResult:
    """Look for crisis language in `text`.

    `lang` ("id", "en", ...) is a hint: other languages the text shows evidence of are
    checked too. `extra_phrases` are an organisation's own phrases; they can only add a
    match or raise the level, never lower it. `ruleset` is for tests with their own data.

    The level is the higher of the rules' and the learned model's. `peer_eligible` is true
    only when the rules found nothing and the model is confident the text is ordinary; with
    no usable model (`use_model=False`, or the artefact failed to load) it is always false.
    The model is not run (`result.model` is None) when the rules already call the text
    urgent, or settle it above none: it could change neither level nor routing.
    `model` overrides the committed artefact (tests).
    """
    rules = ruleset if ruleset is not None else default_ruleset()
    # The whole text is read, however long: a crisis sentence at the end of a pasted essay
    # must not be cut off. Cost is linear: under 1 ms per 1,000 characters.
    text = text or ""
    stream = rules.normaliser.tokenise(text, rules.context.words.get("clause_break", ()))
    reported_lang, run_langs = choose_languages(rules, stream, lang)

    hits: list[Hit] = []
    exclusions: list[CompiledPattern] = []
    for code in run_langs:
        phrase_set = rules.sets[code]
        hits.extend(find_hits(stream, phrase_set.phrases, shipped=True))
        exclusions.extend(phrase_set.exclusions)

    extra = [p for p in extra_phrases if _usable_extra(p)]
    compiled_extra: list[CompiledPhrase] = []
    for phrase in extra:
        try:
            compiled_extra.append(rules.compile(phrase))
        except PatternError as error:
            # A broken organisation phrase must never stop the shipped phrases from working.
            logger.warning("skipping organisation phrase %s: %s", phrase.id, error)
    hits.extend(find_hits(stream, compiled_extra, shipped=False))

    matches = read_hits(stream, rules, hits, exclusions)
    rules_level = Level.highest(m.level for m in matches)
    categories = tuple(sorted({m.category for m in matches}))
    version = rules.version
    if extra:
        version += "+org@" + _phrases_digest(extra)
    # When shipped phrases matched and every one kept was read in context (a negation, a
    # finished past), the rules have decided what those words mean here and the model does
    # not overrule them with a higher level. The routing is unchanged: such a text still
    # needs a confident model to reach a peer. A hit an exclusion dropped ("gantung baju",
    # a rope for a tent) leaves nothing to read in context: since 2026.12.23 it no longer
    # settles the text, so the model still judges the rest of it (decision 0069).
    settled = bool(matches) and all(m.modifier for m in matches)
    # The model can change neither the level nor the routing of a text the rules call
    # urgent (or settle above none), so it is not run: the sentence embedding is most of a
    # check's time, and an urgent text's alert does not wait for it (decision 0051).
    decided = rules_level is Level.URGENT or (settled and rules_level is not Level.NONE)
    learned = None
    if use_model and not decided:
        learned = model if model is not None else default_model()
    if learned is None:
        return DetectionResult(
            rules_level,
            categories,
            tuple(matches),
            reported_lang,
            version,
            peer_eligible=False,
            model=None,
            rules_level=rules_level,
        )
    verdict = learned.verdict(text, rules.normaliser)
    level = rules_level if settled else Level.highest((rules_level, verdict.level))
    return DetectionResult(
        level,
        categories,
        tuple(matches),
        reported_lang,
        version,
        peer_eligible=rules_level is Level.NONE and learned.peer_eligible(verdict),
        model=verdict,
        rules_level=rules_level,
    )


def _usable_extra(phrase: Phrase) -> bool:
    if phrase.regex or phrase.category not in CATEGORIES:
        return False
    try:
        return Level(phrase.level) is not Level.NONE
    except ValueError:
        return False


def _phrases_digest(phrases: Iterable[Phrase]) -> str:
    """Short fingerprint of the organisation phrases, so a stored result says what ran."""
    digest = hashlib.sha256()
    for p in sorted(phrases, key=lambda p: (p.id, p.pattern)):
        digest.update(f"{p.id}\t{p.pattern}\t{p.category}\t{p.level}\n".encode())
    return digest.hexdigest()[:8]


# --- checking a phrase typed in by a coordinator --------------------------------------------

PHRASE_ERRORS: dict[str, str] = {
    "empty": "The phrase is empty.",
    "too_short": "The phrase is too short: use at least 3 letters.",
    "too_long": "The phrase is too long: use at most 12 words.",
    "too_broad": (
        "The phrase would match everyday speech (a single common word such as 'mati' or "
        "'kill' matches 'mati lampu' and 'killing it'). Add the words around it."
    ),
    "syntax": "The phrase cannot be read: check brackets, '|', '?', '*' and '~N'.",
    "regex_not_allowed": "Regular expressions are not accepted for organisation phrases.",
    "unknown_category": "Choose one of the categories.",
    "invalid_level": "An organisation phrase must be 'concern' or 'urgent'.",
    "invalid_lang": "The language must be a code such as 'id', 'en', 'jv' or 'su'.",
}

_MAX_WORDS = 12


def validate_phrase(phrase: Phrase | str, *, ruleset: Ruleset | None = None) -> str | None:
    """Check a phrase an organisation wants to add. Returns None when it is fine, otherwise
    a key of PHRASE_ERRORS (the Django layer turns it into a translated message)."""
    rules = ruleset if ruleset is not None else default_ruleset()
    if isinstance(phrase, Phrase):
        if phrase.regex:
            return "regex_not_allowed"
        if phrase.category not in CATEGORIES:
            return "unknown_category"
        if phrase.level not in (Level.CONCERN, Level.URGENT):
            return "invalid_level"
        if not (phrase.lang.isalpha() and phrase.lang.islower() and 2 <= len(phrase.lang) <= 3):
            return "invalid_lang"
        pattern = phrase.pattern
    else:
        pattern = phrase
    if not pattern or not pattern.strip():
        return "empty"
    try:
        paths = mandatory_paths(parse(pattern.strip(), rules.normaliser, rules.groups))
    except PatternError:
        return "syntax"
    if max(len(path) for path in paths) > _MAX_WORDS:
        return "too_long"
    for path in paths:
        problem = _breadth_problem(path, rules)
        if problem:
            return problem
    return None


def _breadth_problem(path: tuple[Word | Glob, ...], rules: Ruleset) -> str | None:
    """Why one way through a phrase would match too much, if it would."""
    if not path:
        return "too_broad"  # only optional words and gaps: matches anything
    literals = [node.literal if isinstance(node, Glob) else node.text for node in path]
    if sum(map(len, literals)) < 3:
        return "too_short"
    if all(word in rules.common_words for word in literals):
        return "too_broad"  # "aku gue", "i am": function words only
    if len(path) == 1:
        node, word = path[0], literals[0]
        if word in rules.too_broad or (isinstance(node, Glob) and len(word) < 4):
            return "too_broad"  # "mati", "kill", "bun*"
    return None
