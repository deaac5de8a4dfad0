"""Guess which phrase sets to run on a text.

Students mix Indonesian and English inside one sentence ("aku literally want to die"), so the
guess only narrows the phrase sets when the evidence is one-sided; otherwise every set runs.
Running a set too many costs microseconds, missing one costs a child.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .loading import Ruleset
from .normalise import SENTENCE_MARK, Token, TokenStream

MIXED = "mixed"
UNDETERMINED = "und"
# Evidence needed before the other languages are skipped.
_CONFIDENT_HITS = 2


def _evidence(ruleset: Ruleset, tokens: Iterable[Token]) -> Counter[str]:
    """Hits per language: stopwords, slang, and words only that language's phrases use."""
    by_raw, by_norm = ruleset.language_vocab
    counts: Counter[str] = Counter()
    for token in tokens:
        owner = by_raw.get(token.raw) or by_norm.get(token.norm)
        if owner:
            counts[owner] += 1
    return counts


def choose_languages(
    ruleset: Ruleset, stream: TokenStream, given: str | None
) -> tuple[str, tuple[str, ...]]:
    """(language to report, languages whose phrase sets run)."""
    always = [lang for lang, s in ruleset.sets.items() if not s.detectable]
    everything = tuple(ruleset.sets)
    counts = _evidence(ruleset, (t for t in stream.tokens if t.norm != SENTENCE_MARK))
    ranked = counts.most_common()

    if given:
        # The caller's language (usually the interface language) is a hint, not a fence:
        # any other language the text shows evidence of runs as well.
        run = {given, *always, *(lang for lang, n in ranked if n > 0)}
        return given, tuple(lang for lang in everything if lang in run) or everything

    if not ranked:
        return UNDETERMINED, everything
    top, top_hits = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if runner_up == 0:
        if top_hits >= _CONFIDENT_HITS:
            run = {top, *always}
            return top, tuple(lang for lang in everything if lang in run)
        return top, everything
    if top_hits >= 3 * runner_up:
        return top, everything
    return MIXED, everything
