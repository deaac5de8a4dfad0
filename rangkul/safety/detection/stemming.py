"""Affix-aware look-up of the key words of crisis language.

Students write "membunuh", "dibunuh", "ngebunuh", "kebunuh", "bunuhnya", "mukulin",
"nyiksa", "disebarin": no phrase list can spell every form. Every word is reduced to a ROOT
when, and only when, that root is on the short list of key roots in normalise.yaml
(`roots:`). Phrases marked `match: roots` run on these roots, so "@want bunuh diri" also reads
"pengen ngebunuh diri". Every other word keeps its normalised form, so the root stream is
the normal stream with a few key words reduced.

Formal morphology goes through PySastrawi's stemmer (imported as `Sastrawi`), used for
look-ups only: its answer counts only when it is a key root, and words on the
`root_exceptions:` list are never reduced, because the stemmer has known wrong stems
("meninggal" -> "tinggal", "menelan" -> "tel"). Colloquial Jakarta forms (nge-/ny-/m-/n-
prefixes, -in suffix) and Javanese and Palembang causatives (-ke, -ne, -ake) are undone by
the small rules below, again only onto a key root.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Javanese and Palembang causatives ("dikucilke", "ngancamne", "sebarake") end in -ke,
# -ne or -ake where Indonesian has -kan.
_SUFFIXES = ("nya", "in", "kan", "an", "i", "ku", "mu", "lah", "ny", "ake", "ke", "ne")
_PREFIXES = ("di", "ke", "ter", "ber", "se", "ku", "kau", "me", "pe", "nge", "ng", "ny", "n", "m")
# A nasal prefix replaces the root's first consonant: ny- for s/c, m- for p, n- for t,
# ng- for k (or nothing before a vowel).
_NASAL = {
    "meny": ("s", "c"),
    "peny": ("s", "c"),
    "ny": ("s", "c"),
    "mem": ("p", ""),
    "pem": ("p", ""),
    "m": ("p", "b"),
    "men": ("t", ""),
    "pen": ("t", ""),
    "n": ("t",),
    # Repeated letters are collapsed before this runs ("menggores" -> "mengores"), so ng-
    # may also stand for a root starting with g.
    "meng": ("k", "", "g"),
    "peng": ("k", "", "g"),
    "ng": ("k", "", "g"),
}
_MIN_ROOT = 3


class Rooter:
    def __init__(self, roots: Iterable[str], exceptions: Iterable[str] = ()) -> None:
        self.roots = frozenset(roots)
        self.exceptions = frozenset(exceptions)
        self._stemmer: Any = None
        self._cache: dict[str, str] = {}
        self._tails = tuple({root[1:] for root in self.roots if len(root) > 3})

    def _sastrawi(self, word: str) -> str:
        if self._stemmer is None:
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            self._stemmer = StemmerFactory().create_stemmer()
        return str(self._stemmer.stem(word))

    def root(self, word: str) -> str:
        """The key root of `word`, or `word` itself."""
        if not self.roots or word in self.roots or word in self.exceptions or not word.isalpha():
            return word
        cached = self._cache.get(word)
        if cached is None:
            cached = self._find(word) or word
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[word] = cached
        return cached

    def _find(self, word: str) -> str | None:
        # Most words contain no key root at all (the nasal prefix may replace its first
        # letter): skip them before the comparatively slow stemmer runs.
        if not any(tail in word for tail in self._tails):
            return None
        for candidate in self._candidates(word):
            if candidate in self.roots:
                return candidate
        stem = self._sastrawi(word)
        if stem in self.roots:
            return stem
        return None

    def _candidates(self, word: str) -> list[str]:
        """Colloquial and formal forms with one suffix and up to two prefixes removed."""
        bases = [word]
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ROOT:
                bases.append(word[: -len(suffix)])
                inner = word[: -len(suffix)]
                for second in _SUFFIXES:  # "mukulinnya", "dibunuhnya"
                    if inner.endswith(second) and len(inner) - len(second) >= _MIN_ROOT:
                        bases.append(inner[: -len(second)])
        out: list[str] = []
        for base in bases:
            out.extend(self._unprefix(base, depth=2))
        return out

    def _unprefix(self, word: str, depth: int) -> list[str]:
        out = [word]
        if depth == 0:
            return out
        for nasal, restored in _NASAL.items():
            rest = word[len(nasal) :]
            if word.startswith(nasal) and len(rest) >= _MIN_ROOT - 1 and rest[:1] in "aiueo":
                out.extend(first + rest for first in restored)
        for prefix in _PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= _MIN_ROOT:
                out.extend(self._unprefix(rest, depth - 1))
        return out
