"""Run the compiled phrases over a token stream and read each hit in its context.

Order of the rules, and why:
1. Exclusions ("mati lampu", "killing it") drop a shipped phrase's hit on the same words:
   figurative speech must not alarm.
2. Negation right before the phrase ("gak pengen mati", "not going to hurt myself") lowers
   the level one step: a denial is still worth a counselor's look, but not an alarm.
3. A distant-past marker in the clause ("dulu", "waktu SMP", "when I was 13") lowers urgent
   to concern, never further: a past attempt is still risk information. A present marker
   ("sekarang", "again", "tonight") in the same sentence or later cancels this, unless it
   says the trouble is over ("sekarang sudah berhenti", "now I'm safe").
4. A friend as the subject ("temenku bilang dia ...", "my friend ... herself") adds the
   friend_at_risk category at the same level.
Organisation phrases skip rules 1 to 3: they can only add or raise, never be talked down.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .loading import CompiledPattern, CompiledPhrase, Context, Ruleset
from .model import Level, Match, Phrase
from .normalise import SENTENCE_MARK, TokenStream

FRIEND_CATEGORY = "friend_at_risk"
# How many filler words ("bakal", "going", "to") may stand between a negation and a phrase.
_MAX_TRANSPARENT = 4
# A clause this short that opens with a past marker ("Waktu SMP, ...") sets the tense of the
# clause after it. 2026.12.44: six words, for "dulu sebelum nenek meninggal, ..." (back
# before grandmother died).
_LEAD_CLAUSE_MAX_TOKENS = 6
# Words after a resolution ("sekarang udah nggak pernah LAGI") whose present markers it covers.
_RESOLVED_TAIL = 4


@dataclass(frozen=True)
class Hit:
    compiled: CompiledPhrase
    first: int
    last: int
    shipped: bool


def _hits_of(
    stream: TokenStream, patterns: Iterable[CompiledPattern]
) -> list[tuple[int, int, CompiledPattern]]:
    found: list[tuple[int, int, CompiledPattern]] = []
    for pattern in patterns:
        if pattern.anchors is not None and not (pattern.anchors & stream.norms):
            continue
        for m in pattern.regex.finditer(stream.joined):
            span = stream.token_range(m.start(), m.end())
            if span is not None:
                found.append((span[0], span[1], pattern))
    return found


def _ranges(stream: TokenStream, patterns: Iterable[CompiledPattern]) -> list[tuple[int, int]]:
    return [(first, last) for first, last, _ in _hits_of(stream, patterns)]


def find_hits(stream: TokenStream, phrases: Iterable[CompiledPhrase], shipped: bool) -> list[Hit]:
    hits: list[Hit] = []
    for compiled in phrases:
        joined, words = stream.view(compiled.on_roots)
        if compiled.anchors is not None and not (compiled.anchors & words):
            continue
        for m in compiled.regex.finditer(joined):
            span = stream.token_range(m.start(), m.end(), compiled.on_roots)
            if span is not None:
                hits.append(Hit(compiled, span[0], span[1], shipped))
    return hits


class _Reader:
    """Context questions about one token stream."""

    def __init__(self, stream: TokenStream, context: Context) -> None:
        self.stream = stream
        self.tokens = stream.tokens
        self.context = context
        patterns = context.patterns
        self.past = _ranges(stream, patterns.get("past", ()))
        # "sekarang sudah berhenti", "now I'm safe": a present marker that says the trouble
        # is over belongs to the finished past, so it does not cancel the past marker.
        resolved = _ranges(stream, patterns.get("resolved", ()))
        # "dupa yang masih nyala" (incense still burning): a present marker that describes
        # a thing says nothing about when the writer did what the phrase says.
        things = _ranges(stream, patterns.get("thing_state", ()))
        self.present = [
            (a, b)
            for a, b in _ranges(stream, patterns.get("present", ()))
            if not any(r_first <= a <= r_last + _RESOLVED_TAIL for r_first, r_last in resolved)
            and not any(t_first <= a and b <= t_last for t_first, t_last in things)
        ]
        self.friends = _ranges(stream, patterns.get("friend", ()))
        self.clauses: dict[int, list[int]] = {}
        for index, token in enumerate(self.tokens):
            if token.norm != SENTENCE_MARK:
                self.clauses.setdefault(token.clause, []).append(index)

    def word(self, index: int) -> str:
        return self.tokens[index].norm

    def is_negated(self, first: int, last: int, spelled_out: frozenset[str]) -> bool:
        # A negation inside the match that the pattern did not ask for came in through a
        # gap: "aku nggak pernah dipukul" matched "@me ~2 dipukul*".
        # Only within the clause the match ends in: in "bekas luka ... bukan karena jatuh, aku
        # yang bikin sendiri" the "bukan" belongs to another clause.
        end_clause = self.tokens[last].clause
        for index in range(first, last + 1):
            word = self.word(index)
            if (
                self.tokens[index].clause == end_clause
                and self.context.has("negation", word)
                and word not in spelled_out
                and not self._asks(index)
                and not self._asks_you(index)
                and not self._states_a_condition(index)
            ):
                return True
        if self._opens_a_question(first, last):
            return False
        clause = self.tokens[first].clause
        skipped = 0
        index = first - 1
        while index >= 0 and self.tokens[index].clause == clause:
            word = self.word(index)
            if self.context.has("negation", word):
                return not (self._states_a_condition(index) or self._asks_you(index))
            if not self.context.has("transparent", word) or skipped >= _MAX_TRANSPARENT:
                return False
            skipped += 1
            index -= 1
        return False

    def _opens_a_question(self, first: int, last: int) -> bool:
        """The match asks "what for?" in its first two words ("buat apa aku hidup",
        "why should I be alive"): a negation before it belongs to what came before
        ("ortu gak mau aku, trus buat apa aku hidup") and does not negate the question."""
        return any(
            self.context.has("question_open", self.word(index))
            for index in range(first, min(first + 2, last + 1))
        )

    def _asks(self, index: int) -> bool:
        """The negation at `index` is a question tag ("kuat gak ya"), not a negation."""
        following = index + 1
        return (
            following < len(self.tokens)
            and self.tokens[following].clause == self.tokens[index].clause
            and self.context.has("question_tag", self.word(following))
        )

    def _asks_you(self, index: int) -> bool:
        """The negation at `index` closes "(lo) tau gak": "do you know ...?" asks the reader
        and negates nothing ("lo tau gak obat apa yang ..."). "Tau" must open its clause,
        follow a second person, or follow "ada yang"/"siapa yang" ("ada yang tau gak dosis
        ...": does anyone know); "gue tau gak boleh" ("I know I must not") still negates."""
        lead = index - 1
        if lead < 0 or self.tokens[lead].clause != self.tokens[index].clause:
            return False
        if not self.context.has("question_lead", self.word(lead)):
            return False
        before = lead - 1
        return (
            before < 0
            or self.tokens[before].clause != self.tokens[lead].clause
            or self.context.has("second_person", self.word(before))
            or (
                self.context.has("question_asker", self.word(before))
                and before >= 1
                and self.tokens[before - 1].clause == self.tokens[lead].clause
                and self.context.has("question_asker_lead", self.word(before - 1))
            )
        )

    def _states_a_condition(self, index: int) -> bool:
        """The negation at `index` follows "kalau"/"jika" ("kalo gak mau, dipalak": if I
        refuse, I am robbed): it sets a condition and negates nothing."""
        before = index - 1
        return (
            before >= 0
            and self.tokens[before].clause == self.tokens[index].clause
            and self.context.has("conditional", self.word(before))
        )

    def _clause_tokens(self, clause: int) -> list[int]:
        return self.clauses.get(clause, [])

    def is_distant_past(self, first: int, last: int) -> bool:
        clause = self.tokens[first].clause
        sentence = self.tokens[first].sentence
        # A present marker in the same sentence or anywhere after it wins: "dulu pernah
        # nyoba, dan sekarang kepikiran lagi" is about now. Errs on the safe side.
        if any(self.tokens[a].sentence >= sentence for a, _ in self.present):
            return False
        for a, b in self.past:
            if b >= first and a <= last:
                continue  # the marker is part of the phrase itself
            if self.tokens[a].clause == clause:
                return True
            lead = self.tokens[a].clause
            if lead == clause - 1 and self.tokens[a].sentence == sentence:
                lead_tokens = self._clause_tokens(lead)
                if (
                    lead_tokens
                    and lead_tokens[0] == a
                    and len(lead_tokens) <= _LEAD_CLAUSE_MAX_TOKENS
                ):
                    return True
        return False

    def _first_person_subject(self, index: int) -> bool:
        if not self.context.has("first_person", self.word(index)):
            return False
        return index == 0 or not self.context.has("object_markers", self.word(index - 1))

    def about_friend(self, first: int, last: int, category: str) -> bool:
        words = [self.word(i) for i in range(first, last + 1)]
        if any(self.context.has("third_person_reflexive", w) for w in words):
            return True
        if any(
            self.context.has("first_person", w) or self.context.has("first_person_object", w)
            for w in words
        ):
            return False  # "mukulin aku", "hits me": the writer is the one at risk
        sentence = self.tokens[first].sentence
        # "dia pengen mati", "she wants to die": a third person right before the phrase.
        # Not for abuse: there the person before the verb is the one doing the hurting.
        index, skipped = first - 1, 0
        while category != "abuse" and index >= 0 and self.tokens[index].sentence == sentence:
            word = self.word(index)
            if self.context.has("friend_pronouns", word):
                return True
            if not self.context.has("transparent", word) or skipped >= 2:
                break
            skipped += 1
            index -= 1
        for a, b in self.friends:
            if b >= first or self.tokens[a].sentence != sentence:
                continue
            clause_start = min(self._clause_tokens(self.tokens[a].clause), default=a)
            # "aku gak punya temen, pengen mati": the writer, not a friend, is the subject.
            if any(self._first_person_subject(i) for i in range(clause_start, a)):
                continue
            # "temen gue bilang gue lebay, padahal gue pengen mati": the subject switched back.
            # The word right after the friend is skipped: "temen gue" is "my friend".
            if any(self._first_person_subject(i) for i in range(b + 2, first)):
                continue
            return True
        return False


def _excluded(hit: Hit, excluded: Sequence[tuple[int, int, CompiledPattern]]) -> bool:
    phrase_id = hit.compiled.phrase.id
    return any(
        a <= hit.last
        and b >= hit.first
        and (not pattern.only or phrase_id.startswith(pattern.only))
        and not (pattern.keep and phrase_id.startswith(pattern.keep))
        for a, b, pattern in excluded
    )


def read_hits(
    stream: TokenStream,
    ruleset: Ruleset,
    hits: Sequence[Hit],
    exclusions: Iterable[CompiledPattern],
) -> list[Match]:
    if not hits:
        return []
    reader = _Reader(stream, ruleset.context)
    excluded = _hits_of(stream, exclusions)
    matches: list[Match] = []
    for hit in hits:
        phrase: Phrase = hit.compiled.phrase
        level, modifier = Level(phrase.level), ""
        if hit.shipped:
            if _excluded(hit, excluded):
                continue
            if reader.is_negated(hit.first, hit.last, hit.compiled.words):
                level, modifier = level.lowered(), "negated"
            elif level is Level.URGENT and reader.is_distant_past(hit.first, hit.last):
                level, modifier = Level.CONCERN, "past"
        if level is Level.NONE:
            continue
        start, end = stream.span(hit.first, hit.last)
        text = stream.text[start:end]
        matches.append(Match(start, end, text, phrase.category, level, phrase.id, modifier))
        if phrase.category != FRIEND_CATEGORY and reader.about_friend(
            hit.first, hit.last, phrase.category
        ):
            matches.append(
                Match(start, end, text, FRIEND_CATEGORY, level, phrase.id + "+friend", modifier)
            )
    return _deduplicate(matches)


def _deduplicate(matches: list[Match]) -> list[Match]:
    """Drop a match that a kept match of the same category covers at the same or a higher
    level ("bundir" inside "pgn bundir"); return the rest in reading order. The level and
    the categories of the result do not change."""
    strongest_first = sorted(matches, key=lambda m: (-m.level.rank, m.start - m.end))
    kept: list[Match] = []
    for match in strongest_first:
        covered = any(
            other.category == match.category
            and other.start <= match.start
            and match.end <= other.end
            for other in kept
        )
        if not covered:
            kept.append(match)
    return sorted(kept, key=lambda m: (m.start, m.end, m.category, m.phrase_id))
