"""Writing habits the normaliser reads only in a text that shows them.

Alay that writes letters as symbols ("k!t@", "$EKOLAH"), a pronoun that means I only in one
region's Malay (Manado "kita", Lampung "nyak"), and alay written as a child lisps ("aku
cendili teluc"). Each habit is checked on the whole text first, so the same word written
by someone without the habit keeps its ordinary reading.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Alay that writes "a" as "@" and "i" as "!" ("k!t@ mo m@t!", "s!let d! leher"): read only
# in a text that shows the habit, a "@" or "!" between two letters. There, "@" next to a
# letter is "a", and "!" is "i" before a letter or between two; after a word it is "i" only
# when that word has another such symbol ("s!n!", "l@g!") or is one or two letters ("d!"),
# so "k!t@ t@kut!" keeps its exclamation mark. One character for one, so offsets hold.
_SYMBOL_LEET_EVIDENCE_RE = re.compile(r"[^\W\d_][@!][^\W\d_]")
_SYMBOL_LEET_WORD_RE = re.compile(r"[^\W_]*[@!][^\s.,;:?()\[\]\"“”/]*")
_SYMBOL_LEET_INNER_RE = re.compile(r"@|!(?=[^\W\d_]|[@!])")
# And "$" for s where it touches a letter ("TULI$", "$EKOLAH"); "$5" and "Rp" stay.
_DOLLAR_LETTER_RE = re.compile(r"(?<=[^\W\d_])\$|\$(?=[^\W\d_])")

_VOWELS = frozenset("aiueo")

# A lisped word is respelt at no more than this many of its letters (2**6 forms at most).
_LISP_MAX_LETTERS = 6


def read_symbol_leet(text: str) -> str:
    """`text` with alay's "@", "!" and "$" read as the letters they stand for (see above);
    the text itself when it does not show the habit."""
    if "$" in text:
        text = _DOLLAR_LETTER_RE.sub("s", text)
    if not _SYMBOL_LEET_EVIDENCE_RE.search(text):
        return text
    return _SYMBOL_LEET_WORD_RE.sub(_symbol_leet_word, text)


def _symbol_leet_word(found: re.Match[str]) -> str:
    word = found.group()
    stem = word.rstrip("!")
    trailing = word[len(stem) :]
    letters = _SYMBOL_LEET_INNER_RE.sub(lambda m: "a" if m.group() == "@" else "i", stem)
    if trailing and (letters != stem or len(stem) <= 2) and letters[-1:].isalpha():
        # "s!n!", "l@g!", "d!": the last "!" is a letter too (repeats collapse later).
        letters += "i" + trailing[1:]
    else:
        letters += trailing
    return letters


def is_vowel_less(word: str) -> bool:
    """A word of letters only with no vowel a, i, u, e, o ('bnh', 'slt'; also 'my', 'pls')."""
    return word.isalpha() and not any(ch in _VOWELS for ch in word)


@dataclass(frozen=True)
class RegionalSelf:
    """A pronoun that means I in one region's Malay and something else elsewhere: Manado
    "kita" is I ("kita pe mama", my mother), in Indonesian it is we. It is read as
    `read_as` only in a text that shows that Malay by one of the `when` words or word
    pairs (as written, lower-case), or, with `vowel_less` above zero, in a text with at least
    that many words written without vowels: Lampung "nyak" (I) in "nyak udh gak kuat", where
    in Betawi "nyak" is mother, written with its vowel like every other word."""

    word: str
    read_as: str
    when: tuple[tuple[str, ...], ...]
    vowel_less: int = 0

    def applies(self, words: list[str]) -> bool:
        if self.word not in words:
            return False
        if self.vowel_less and sum(map(is_vowel_less, words)) >= self.vowel_less:
            return True
        for phrase in self.when:
            size = len(phrase)
            for index in range(len(words) - size + 1):
                if tuple(words[index : index + size]) == phrase:
                    return True
        return False


@dataclass(frozen=True)
class Lisp:
    """Alay that writes as a child lisps (cadel): "l" for r and "c" for s ("aku cendili
    teluc", aku sendiri terus). Read only in a text that shows it: at least `min_words`
    words that neither the slang table nor the rules know, but do once some of their
    `letters` are replaced ("cendili" -> sendiri, "teluc" -> terus), one of them through
    the `needs` letter. Each such word is read as its known form; every other word stays."""

    letters: Mapping[str, str]
    min_words: int
    needs: str

    def variants(self, word: str) -> list[tuple[str, bool]]:
        """Every respelling of `word` with some of its lisped letters replaced, fewest
        first, each with whether it replaced the `needs` letter."""
        places = [i for i, ch in enumerate(word) if ch in self.letters][:_LISP_MAX_LETTERS]
        found: list[tuple[int, str, bool]] = []
        for mask in range(1, 1 << len(places)):
            chars = list(word)
            needs = False
            for bit, place in enumerate(places):
                if mask >> bit & 1:
                    needs = needs or chars[place] == self.needs
                    chars[place] = self.letters[chars[place]]
            found.append((mask.bit_count(), "".join(chars), needs))
        return [(variant, needs) for _, variant, needs in sorted(found)]
