"""The phrase pattern language and its compiler.

A pattern is a sequence of words, separated by spaces:

    pengen mati            two words, next to each other
    nyilet*  *bunuh*       '*' inside a word stands for any letters (ngebunuh, bunuhin)
    (pengen|mau) mati      alternatives; an alternative may hold several words
    (banget)?  lagi?       '?' makes the item before it optional
    @want mati             a named word group from normalise.yaml
    ayah ~3 mukulin        '~N' skips up to N words (never across a sentence end)
    gagal #? ~3 balik      '#' is a sentence end, for the few patterns that cross one

Words go through the same normalisation as the text ("gak" is "tidak", "matii" is "mati"),
so a coordinator writes a phrase the way students write it. A pattern compiles to one regular
expression over the joined token string built by normalise.TokenStream.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product

from .normalise import SENTENCE_MARK, Normaliser, collapse_repeats

MAX_GAP = 8
MAX_PATTERN_CHARS = 300
_LEXEME_RE = re.compile(r"\s+|\(|\)|\||\?|~\d+|@[a-z_]+|[^\s()|?~@]+")
_WORD_CHARS_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\W_]*(?:\*[^\W_]*)+")


class PatternError(ValueError):
    """A pattern that cannot be parsed; the message says what and where."""


# --- syntax tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Glob:
    text: str  # normalised, with '*' kept

    @property
    def literal(self) -> str:
        return self.text.replace("*", "")


@dataclass(frozen=True)
class Gap:
    size: int


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alt:
    options: tuple[Seq, ...]


@dataclass(frozen=True)
class Opt:
    node: Node


Node = Word | Glob | Gap | Seq | Alt | Opt


# --- parsing ---------------------------------------------------------------------------------


class _Parser:
    def __init__(
        self,
        source: str,
        normaliser: Normaliser,
        groups: Mapping[str, Alt],
        allow_groups: bool = True,
    ) -> None:
        self.source = source
        self.normaliser = normaliser
        self.groups = groups
        self.allow_groups = allow_groups
        self.lexemes: list[str] = [lex for lex in _LEXEME_RE.findall(source) if not lex.isspace()]
        if "".join(self.lexemes) != re.sub(r"\s+", "", source):
            raise PatternError(f"unexpected character in pattern {source!r}")
        self.position = 0

    def peek(self) -> str | None:
        return self.lexemes[self.position] if self.position < len(self.lexemes) else None

    def take(self) -> str:
        lexeme = self.lexemes[self.position]
        self.position += 1
        return lexeme

    def parse(self) -> Alt:
        if not self.lexemes:
            raise PatternError("empty pattern")
        alt = self.alternation()
        if self.peek() is not None:
            raise PatternError(f"unexpected {self.peek()!r} in pattern {self.source!r}")
        return alt

    def alternation(self) -> Alt:
        options = [self.sequence()]
        while self.peek() == "|":
            self.take()
            options.append(self.sequence())
        return Alt(tuple(options))

    def sequence(self) -> Seq:
        items: list[Node] = []
        while self.peek() not in (None, "|", ")"):
            items.extend(self.item())
        if not items:
            raise PatternError(f"empty alternative in pattern {self.source!r}")
        return Seq(tuple(items))

    def item(self) -> list[Node]:
        nodes = self.atom()
        if self.peek() == "?":
            self.take()
            inner: Node = nodes[0] if len(nodes) == 1 else Seq(tuple(nodes))
            if isinstance(inner, Gap):
                raise PatternError(f"a gap cannot be optional in {self.source!r}")
            return [Opt(inner)]
        return nodes

    def atom(self) -> list[Node]:
        lexeme = self.take()
        if lexeme == "(":
            alt = self.alternation()
            if self.peek() != ")":
                raise PatternError(f"missing ')' in pattern {self.source!r}")
            self.take()
            return [alt]
        if lexeme in (")", "|", "?"):
            raise PatternError(f"unexpected {lexeme!r} in pattern {self.source!r}")
        if lexeme.startswith("~"):
            size = int(lexeme[1:])
            if not 1 <= size <= MAX_GAP:
                raise PatternError(f"gap {lexeme} must be between ~1 and ~{MAX_GAP}")
            return [Gap(size)]
        if lexeme == SENTENCE_MARK:
            return [Word(SENTENCE_MARK)]
        if lexeme.startswith("@"):
            if not self.allow_groups:
                raise PatternError(f"word group {lexeme} cannot be used inside a word group")
            group = self.groups.get(lexeme[1:])
            if group is None:
                raise PatternError(f"unknown word group {lexeme} in pattern {self.source!r}")
            return [group]
        return self.word(lexeme)

    def word(self, lexeme: str) -> list[Node]:
        if not _WORD_CHARS_RE.fullmatch(lexeme):
            raise PatternError(f"{lexeme!r} is not a word in pattern {self.source!r}")
        if "*" in lexeme:
            if not lexeme.replace("*", ""):
                raise PatternError(f"a bare '*' matches anything; use ~1 in {self.source!r}")
            parts = [collapse_repeats(part.lower()) for part in lexeme.split("*")]
            return [Glob("*".join(parts))]
        return [Word(norm) for norm in self.normaliser.normalise_word(lexeme)]


def parse(
    source: str,
    normaliser: Normaliser,
    groups: Mapping[str, Alt],
    allow_groups: bool = True,
) -> Alt:
    if len(source) > MAX_PATTERN_CHARS:
        raise PatternError(f"pattern longer than {MAX_PATTERN_CHARS} characters")
    return _Parser(source, normaliser, groups, allow_groups).parse()


# --- compiling to a regular expression ---------------------------------------------------------

_TOKEN_END = r"(?= )"
_ANY_TOKEN = r" [^ " + re.escape(SENTENCE_MARK) + r"][^ ]*"


def to_regex(node: Node) -> str:
    if isinstance(node, Word):
        return " " + re.escape(node.text) + _TOKEN_END
    if isinstance(node, Glob):
        body = "[^ ]*".join(re.escape(part) for part in node.text.split("*"))
        return " " + body + _TOKEN_END
    if isinstance(node, Gap):
        return f"(?:{_ANY_TOKEN}){{0,{node.size}}}"
    if isinstance(node, Seq):
        return "".join(to_regex(item) for item in node.items)
    if isinstance(node, Alt):
        if len(node.options) == 1:
            return to_regex(node.options[0])
        return "(?:" + "|".join(to_regex(option) for option in node.options) + ")"
    if isinstance(node, Opt):
        return "(?:" + to_regex(node.node) + ")?"
    raise TypeError(node)


def anchors(node: Node, common: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """Words of which at least one must occur for the pattern to match, or None if unknown.

    Used to skip most patterns without running their regular expression: a text without
    'mati', 'bunuh', 'die', ... cannot match a pattern anchored on them. Of the candidate
    sets, the one with the fewest `common` words (stopwords such as 'aku', 'mau') is chosen,
    because a set that almost every text contains filters nothing.
    """
    if isinstance(node, Word):
        # A sentence end is not a word of the text: it cannot select the patterns to run.
        return None if node.text == SENTENCE_MARK else frozenset({node.text})
    if isinstance(node, Glob | Gap | Opt):
        return None
    if isinstance(node, Alt):
        union: set[str] = set()
        for option in node.options:
            found = anchors(option, common)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if isinstance(node, Seq):
        best: frozenset[str] | None = None
        for item in node.items:
            found = anchors(item, common)
            if found is not None and (
                best is None or (len(found & common), len(found)) < (len(best & common), len(best))
            ):
                best = found
        return best
    raise TypeError(node)


def literal_words(node: Node) -> frozenset[str]:
    """Every literal word written in the pattern (used to tell a negation the pattern asks
    for, as in "tidak mau hidup", from one that slipped into a gap)."""
    if isinstance(node, Word):
        return frozenset({node.text})
    if isinstance(node, Glob | Gap):
        return frozenset()
    if isinstance(node, Opt):
        return literal_words(node.node)
    if isinstance(node, Seq):
        return frozenset().union(*(literal_words(item) for item in node.items))
    if isinstance(node, Alt):
        return frozenset().union(*(literal_words(option) for option in node.options))
    raise TypeError(node)


# --- breadth, for phrases typed in by an organisation ---------------------------------------

MAX_PATHS = 512


def mandatory_paths(node: Node) -> list[tuple[Word | Glob, ...]]:
    """Every way through the pattern, as the words each way must match (optional parts and
    gaps left out). Raises PatternError when a pattern has too many ways to check."""
    if isinstance(node, Word | Glob):
        return [(node,)]
    if isinstance(node, Gap | Opt):
        return [()]
    if isinstance(node, Alt):
        paths: list[tuple[Word | Glob, ...]] = []
        for option in node.options:
            paths.extend(mandatory_paths(option))
        if len(paths) > MAX_PATHS:
            raise PatternError("pattern has too many alternatives to check")
        return paths
    if isinstance(node, Seq):
        combined: list[tuple[Word | Glob, ...]] = [()]
        for item in node.items:
            options = mandatory_paths(item)
            if len(combined) * len(options) > MAX_PATHS:
                raise PatternError("pattern has too many alternatives to check")
            combined = [left + right for left, right in product(combined, options)]
        return combined
    raise TypeError(node)
