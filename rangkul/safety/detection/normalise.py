"""Turn free text into normalised tokens that keep their spans in the original text.

Students write "matiiii", "m4ti", "gw gk pgn", "pukul2" and "I'm"; patterns are written once in
plain words. Both go through the same per-word normalisation, so a pattern such as
"gak pengen hidup" matches "ga pingin hidupp". Every token remembers the character span of
the word it came from, which is how a match points back into the text a counselor reads.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from .normalise_habits import Lisp, RegionalSelf, is_vowel_less, read_symbol_leet
from .stemming import Rooter

# A word: letters and digits, with inner apostrophes kept ("don't", "i'm") so contractions can
# be looked up before the apostrophe is dropped.
_WORD_RE = re.compile(r"[^\W_]+(?:['’`][^\W_]+)*")
_SENTENCE_BREAK_RE = re.compile(r"[.!?\n…]")
# A hyphen inside a word ("mati-matian", "pegang-pegang") is reduplication, not a pause,
# so only a spaced dash counts as a clause break.
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]\"“”/]|\s[-–—]+\s|^[-–—]+\s|\s[-–—]+$")
_REPEAT_RE = re.compile(r"(.)\1+")
# Suffixes a shortened word keeps in full (Normaliser._restored).
_KEPT_SUFFIXES = ("nya", "ku", "mu")
_VARIATION = "\ufe0f"
# "pukul2", "mati2an", "teman2nya": Indonesian writes reduplication with the digit 2.
_REDUPLICATION_RE = re.compile(r"([^\W\d_]{2,})2([^\W\d_]*)")
_LEET_ONE_LETTER_RE = re.compile(r"[0-9][a-z][0-9]")
# "g4", "d1", "9a": a letter and one leet digit are a two-letter word ("ga", "di", "ga").
_LEET_TWO_LETTER_RE = re.compile(r"[a-z][0-9]|[0-9][a-z]")
# "d14", "k4u": one letter and two leet digits are a three-letter word ("dia", "kau").
_LEET_LETTER_TWO_DIGITS_RE = re.compile(r"[a-z][0-9]{2}")
# "40kg", "17an", "100rb": a number with a unit or a suffix, not leet ("53pluh" is leet).
_NUMBER_WITH_UNIT_RE = re.compile(r"[0-9]{2,}(kg|gr|g|km|cm|mm|m|ml|mg|rb|k|jt|an|x|th|thn|am|pm)")
_REDUPLICATION_SUFFIXES = frozenset({"", "an", "nya", "in", "ku", "mu", "kan", "lah"})
# Alay writes "u" as "v" in the same words it writes with digits ("m1nvm", "d1pvkvl1n",
# "pvl4n9"). A "v" before a vowel stays one ("v1d30", "l0v3").
_ALAY_V_RE = re.compile(r"v(?![aeiou])")

# Words seen before are looked up instead of normalised again; students reuse a small
# vocabulary, so this bounded cache makes tokenising several times faster.
_WORD_CACHE_SIZE = 50_000

# The marker put between sentences in the joined token string. It is not a word character,
# so no pattern word can ever match it, and gaps are written not to cross it.
SENTENCE_MARK = "#"


_VOWEL_RE = re.compile(r"[aiueo]")
_VOWELS = frozenset("aiueo")
# The shortest skeleton a single vowel-less word is read by: "mt" or "dr" alone could be many
# words, so two-consonant skeletons are read only as part of a longer key ("bnh dr").
_MIN_SKELETON = 3


# The shortest known word a partly vowel-dropped spelling is read as (Normaliser._restored).
_MIN_RESTORED = 5


def _drops_inner_vowels(short: str, long: str) -> bool:
    """Whether `short` is `long` with one or more vowels taken out, each of them standing
    between two consonants (or after a consonant at the end): "lngan" of "lengan", but not
    "bagin" of "bagian" or "dnya" of "dianiaya"."""
    if len(short) >= len(long):
        return False
    kept = 0
    for index, letter in enumerate(long):
        if kept < len(short) and short[kept] == letter:
            kept += 1
            continue
        if letter not in _VOWELS:
            return False
        before = long[index - 1] if index else "a"
        after = long[index + 1] if index + 1 < len(long) else "b"
        if before in _VOWELS or after in _VOWELS:
            return False
    return kept == len(short)


def _respell(word: str, old: str, new: str) -> str:
    """`word` with `old` replaced by `new`; an `old` ending in "$" only at the word's end."""
    if old.endswith("$"):
        return word[: -len(old) + 1] + new if word.endswith(old[:-1]) else word
    return word.replace(old, new)


def consonant_skeleton(word: str) -> str:
    """A word with its vowels dropped and repeats collapsed: 'bunuh' -> 'bnh', 'capek' ->
    'cpk', 'diri' -> 'dr'. Students drop vowels when they type fast ("pgn bnh dr"); the
    skeleton is what such a spelling and the full word have in common."""
    return collapse_repeats(_VOWEL_RE.sub("", word.lower()))


def vowel_skeleton(word: str) -> str:
    """A word with its vowels dropped and nothing else changed: 'beban' -> 'bbn', 'cekik'
    -> 'ckk'. Where dropping the vowels leaves a doubled consonant, the collapsed skeleton
    ('bn', 'ck') is too short to read, but the written one is what a student types."""
    return _VOWEL_RE.sub("", word.lower())


# Accented vowels as Sundanese and Javanese writers put them ("saré", "paéh", "bérés"),
# read without the accent when the accented form itself is not in the slang table.
_PLAIN_VOWELS = str.maketrans("áàâäéèêëíìîïóòôöúùûü", "aaaaeeeeiiiioooouuuu")


def collapse_repeats(word: str) -> str:
    """'matiiii' -> 'mati', 'capeeek' -> 'capek'. Applied to text and patterns alike, so
    'kill' becomes 'kil' on both sides and still matches."""
    return _REPEAT_RE.sub(r"\1", word)


class Token(NamedTuple):
    """One normalised word. A NamedTuple because a 500-character text makes ~100 of them
    per call and a frozen dataclass is several times slower to build."""

    norm: str  # normalised form, what patterns see
    raw: str  # lower-cased surface form with repeats collapsed (language evidence)
    start: int  # span of the source word in the original text
    end: int
    sentence: int
    clause: int
    root: str = ""  # the key root (stemming.py), or norm itself


@dataclass(frozen=True)
class TokenStream:
    """Tokens of one text plus the joined string the compiled patterns run on.

    `joined` is " tok0 tok1 # tok2 ..." (a leading space before every token and one at the
    end); `offsets[i]` is where token i starts in `joined`.
    """

    text: str
    tokens: tuple[Token, ...]
    joined: str
    offsets: tuple[int, ...]
    norms: frozenset[str] = field(default_factory=frozenset)
    # The same tokens with key words reduced to their roots (phrases marked `match: roots`).
    root_joined: str = ""
    root_offsets: tuple[int, ...] = ()
    roots: frozenset[str] = field(default_factory=frozenset)

    def view(self, on_roots: bool) -> tuple[str, frozenset[str]]:
        """(joined string, words in it) for normal or root phrases."""
        return (self.root_joined, self.roots) if on_roots else (self.joined, self.norms)

    def token_range(self, start: int, end: int, on_roots: bool = False) -> tuple[int, int] | None:
        """Indices (first, last) of the tokens a match over `joined[start:end]` covers."""
        if not self.tokens:
            return None
        offsets = self.root_offsets if on_roots else self.offsets
        words = [t.root or t.norm for t in self.tokens] if on_roots else None
        # The token the match starts in; a match that begins on the space before a token
        # (every compiled pattern does) starts in the next one.
        first = max(bisect.bisect_right(offsets, start) - 1, 0)
        first_word = words[first] if words else self.tokens[first].norm
        if start >= offsets[first] + len(first_word):
            first += 1
        last = bisect.bisect_left(offsets, end) - 1
        while first <= last and self.tokens[first].norm == SENTENCE_MARK:
            first += 1
        while last >= first and self.tokens[last].norm == SENTENCE_MARK:
            last -= 1
        if first > last or first >= len(self.tokens):
            return None
        return first, last

    def span(self, first: int, last: int) -> tuple[int, int]:
        return self.tokens[first].start, self.tokens[last].end


class Normaliser:
    """Per-word normalisation driven by data/normalise.yaml."""

    def __init__(
        self,
        replacements: Mapping[str, tuple[str, ...]],
        leet: Mapping[str, str],
        rooter: Rooter | None = None,
        skeleton_keys: Iterable[str] = (),
        restore_rivals: Iterable[str] = (),
        symbols: Mapping[str, str] = {},
        as_written: Mapping[str, tuple[str, ...]] = {},
        respell: Mapping[str, str] = {},
        regional_self: Iterable[RegionalSelf] = (),
        lisp: Lisp | None = None,
    ) -> None:
        self.rooter = rooter if rooter is not None else Rooter(())
        self.regional_self = tuple(regional_self)
        self.lisp = lisp
        self._lisp_cache: dict[str, tuple[tuple[str, ...], bool] | None] = {}
        # Emoji read as words ("🪢" -> "tali"): each is a token of its own, so a match on it
        # is shown on the emoji the student wrote. The variation selector is optional.
        # Their words are collapsed like every other word ("meninggal" -> "meningal").
        self._symbols = {
            key.replace(_VARIATION, ""): tuple(collapse_repeats(w) for w in value.split())
            for key, value in symbols.items()
        }
        self._word_re = _WORD_RE
        if self._symbols:
            alternatives = "|".join(
                re.escape(key) + f"{_VARIATION}?"
                for key in sorted(self._symbols, key=len, reverse=True)
            )
            self._word_re = re.compile(f"{alternatives}|{_WORD_RE.pattern}")
        self._leet = str.maketrans(dict(leet))
        self._leet_digits = frozenset(leet)
        self._cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._replacements: dict[str, tuple[str, ...]] = {}
        for key, value in replacements.items():
            self._replacements[self.fold(key)] = tuple(collapse_repeats(part) for part in value)
        # Words read as written, before their repeats collapse: their doubled letters carry
        # the meaning ("ssh" is susah; collapsed it would be "sh", self-harm).
        self._written = {
            self._lower(key): tuple(collapse_repeats(part) for part in value)
            for key, value in as_written.items()
        }
        # Old and alay spellings ("oe" for u, "z" for s, a final "q" for k, ...) and the
        # words the rules spell out (know()): a word is respelt only into a known word.
        self._respell = dict(respell)
        # None until know(): the rules' own words are never respelt while they are compiled
        # ("ayah" would become Sundanese "aya", which the slang table reads as "ada").
        self._known: frozenset[str] | None = None
        self._known_by_skeleton: dict[str, tuple[str, ...]] = {}
        # Everyday words that share their consonants with a rule's word ("ditunjuk" with
        # "ditonjok"): a shortening of both is left as written.
        self._restore_rivals = tuple(self.fold(word) for word in restore_rivals)
        self.skeletons, self.ambiguous_skeletons = self._skeleton_table(skeleton_keys)
        self._longest_skeleton_key = max((len(k) for k in self.skeletons), default=0)

    def _skeleton_table(
        self, keys: Iterable[str]
    ) -> tuple[dict[tuple[str, ...], tuple[str, ...]], frozenset[tuple[str, ...]]]:
        """Skeleton of each key (one word or several) -> the key's words. Each key is
        entered twice: by its collapsed skeleton ("nangis" -> "ngs") and by its vowels
        alone dropped ("beban" -> "bbn", whose collapsed "bn" is too short to read). Two keys
        with the same skeleton cancel each other, and a one-word skeleton shorter than
        _MIN_SKELETON or equal to the skeleton of a replacement target ("dari" for "dr") is
        left out, so a vowel-less word is only read as a key when nothing else it could be
        is known."""
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        ambiguous: set[tuple[str, ...]] = set()
        targets: dict[str, set[str]] = {}
        for value in self._replacements.values():
            for word in value:
                if not is_vowel_less(word):
                    for form in {consonant_skeleton(word), vowel_skeleton(word)}:
                        targets.setdefault(form, set()).add(word)
        for key in keys:
            words = tuple(collapse_repeats(part) for part in self.fold(key).split())
            forms = {
                tuple(consonant_skeleton(word) for word in words),
                tuple(vowel_skeleton(word) for word in words),
            }
            for skeleton in forms:
                if not all(skeleton):
                    continue
                if len(words) == 1:
                    others = targets.get(skeleton[0], set()) - {words[0]}
                    if len(skeleton[0]) < _MIN_SKELETON or others:
                        ambiguous.add(skeleton)
                        continue
                if skeleton in table and table[skeleton] != words:
                    ambiguous.add(skeleton)
                table.setdefault(skeleton, words)
        for skeleton in ambiguous:
            table.pop(skeleton, None)
        return table, frozenset(ambiguous)

    def skeleton_overrides(self, words: list[str]) -> dict[int, str]:
        """Index of a written word -> the key word its consonant skeleton reads as.

        Only vowel-less words are read ("bnh", never "bunga"), a word the slang table knows
        keeps its replacement unless it is part of a longer key ("dr" is "dari", but "bnh dr"
        is "bunuh diri"), and a multi-word key needs all its words vowel-less and at least
        one of them unknown to the slang table."""
        if not self.skeletons:
            return {}
        written = [self._lower(word) for word in words]
        folded = [collapse_repeats(word) for word in written]
        vowel_less = [is_vowel_less(word) for word in folded]
        if not any(vowel_less):
            return {}
        known = [self._lookup(self._lower(word)) is not None for word in words]
        out: dict[int, str] = {}
        index = 0
        while index < len(folded):
            taken = 0
            for size in range(min(self._longest_skeleton_key, len(folded) - index), 0, -1):
                window = range(index, index + size)
                if not all(vowel_less[i] for i in window):
                    continue
                if size == 1 and known[index]:
                    continue
                if size > 1 and all(known[i] for i in window):
                    continue
                # As written first ("bbn" is "beban"), then with repeats collapsed ("bnnh"
                # is "bunuh").
                key = self.skeletons.get(tuple(written[i] for i in window))
                if key is None:
                    key = self.skeletons.get(tuple(consonant_skeleton(folded[i]) for i in window))
                if key is not None:
                    for i, word in zip(window, key, strict=True):
                        out[i] = word
                    taken = size
                    break
            index += taken or 1
        return out

    @staticmethod
    def _lower(word: str) -> str:
        """Lower-case with one kind of apostrophe."""
        return word.lower().replace("’", "'").replace("`", "'")

    @classmethod
    def fold(cls, word: str) -> str:
        """Lower-case, one kind of apostrophe, repeats collapsed: the form table keys take."""
        return collapse_repeats(cls._lower(word))

    def _lookup(self, written: str) -> tuple[str, ...] | None:
        """The replacement of one lower-cased written form: as written, then collapsed."""
        replaced = self._written.get(written)
        if replaced is None:
            folded = collapse_repeats(written)
            replaced = self._replacements.get(folded)
            if replaced is None and "'" in folded:
                replaced = self._replacements.get(folded.replace("'", ""))
        return replaced

    def _expand(self, word: str) -> list[str]:
        """Reduplication and leetspeak, before repeats are collapsed."""
        if self._is_leet(word):
            word = _ALAY_V_RE.sub("u", word.translate(self._leet))
        # "pukul2", and "b4ngun2" once its leet digits are letters.
        redup = _REDUPLICATION_RE.fullmatch(word)
        if redup and redup.group(2) in _REDUPLICATION_SUFFIXES:
            base = redup.group(1)
            return [base, base + redup.group(2)]
        return [word]

    def _is_leet(self, word: str) -> bool:
        """Whether the digits in `word` are letters written as digits. Pure numbers and
        times such as "14" are not."""
        digits = self._leet_digits
        if _NUMBER_WITH_UNIT_RE.fullmatch(word):
            return False
        if sum(ch.isalpha() for ch in word) >= 2:
            # "m4ti", "4ku", "b3gitu"
            return any(ch in digits for ch in word)
        if _LEET_ONE_LETTER_RE.fullmatch(word):
            # "4d4", "1n1", "4p4": one letter between two leet digits is a short word.
            return word[0] in digits
        if _LEET_TWO_LETTER_RE.fullmatch(word):
            return any(ch in digits for ch in word)
        if _LEET_LETTER_TWO_DIGITS_RE.fullmatch(word):
            return all(ch in digits for ch in word[1:])
        if len(word) >= 4 and sum(ch.isalpha() for ch in word) == 1:
            # "74l1" (tali), "l461" (lagi): one letter among three or more leet digits.
            return all(ch in digits for ch in word if not ch.isalpha())
        return False

    def know(self, words: Iterable[str], restorable: Iterable[str] = ()) -> None:
        """The words the compiled rules spell out: what an old spelling may be read as.
        `restorable` are those a partly vowel-dropped spelling may be read as (the
        Indonesian and regional rules' words: English is not written without its vowels)."""
        self._known = frozenset(words)
        by_skeleton: dict[str, list[str]] = {}
        for word in {*restorable, *self._restore_rivals}:
            if word.isalpha() and len(word) >= _MIN_RESTORED:
                by_skeleton.setdefault(vowel_skeleton(word), []).append(word)
        self._known_by_skeleton = {
            skeleton: tuple(sorted(found))
            for skeleton, found in by_skeleton.items()
            if len(skeleton) >= _MIN_SKELETON
        }
        self._cache.clear()
        self._lisp_cache.clear()

    def _restored(self, word: str) -> tuple[str, ...] | None:
        """A word written with some of its vowels dropped ("lngan", "nyilt", "bkas"), read
        as the one word the rules spell that it is a shortening of: the same consonants in
        the same order, the same first letter, the vowels it keeps found in that word in
        order, and every vowel it drops one that stood between two consonants (students drop
        "e" from "lengan", not "i" from "memakainya"). Where the others are the shortest with
        a suffix ("nyilet", "nyileti"), the shortest is read. A word with no vowel left is
        the skeleton keys' business; a shortening of two different known words ("silt" of
        "silet" and "silat") stays as written."""
        reading = self._restored_stem(word)
        if reading is not None:
            return reading
        # 2026.12.44: a shortened stem with its possessive or "-nya" kept ("beklnya",
        # "lngannya"): the suffix is written in full while the stem loses its vowels.
        for suffix in _KEPT_SUFFIXES:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= 3:
                reading = self._restored_stem(stem)
                if reading is not None and len(reading) == 1 and reading[0][-1] == stem[-1]:
                    return (reading[0] + suffix,)
        return None

    def _restored_stem(self, word: str) -> tuple[str, ...] | None:
        known = self._known
        if known is None or word in known or not word.isalpha() or is_vowel_less(word):
            return None
        found = sorted(
            (
                candidate
                for candidate in self._known_by_skeleton.get(vowel_skeleton(word), ())
                if candidate[0] == word[0] and _drops_inner_vowels(word, candidate)
            ),
            key=len,
        )
        if not found:
            return None
        readings = {self._lookup(candidate) or (candidate,) for candidate in found}
        if len(readings) == 1:  # "kmarn": "kemarin", and "kemaren", which the table reads so
            return readings.pop()
        return (found[0],) if all(f.startswith(found[0]) for f in found) else None

    def _lisped(self, word: str) -> tuple[tuple[str, ...], bool] | None:
        """The reading of a lowered written word as lisped (see Lisp), with whether it
        needed the `needs` letter; None when the word is known as it is or stays unknown."""
        lisp, known = self.lisp, self._known
        if lisp is None or known is None or not word.isalpha():
            return None
        if word in self._lisp_cache:
            return self._lisp_cache[word]
        reading: tuple[tuple[str, ...], bool] | None = None
        folded = collapse_repeats(word)
        # Unknown as written: the ordinary reading (cached, tokenise needs it anyway) is the
        # word itself, and the rules do not spell it.
        if self._forms(word)[1] == (folded,) and folded not in known:
            for variant, needs in lisp.variants(folded):
                replaced = self._lookup(variant)
                if replaced is None and variant in known:
                    replaced = (variant,)
                if replaced is not None:
                    reading = (replaced, needs)
                    break
        if len(self._lisp_cache) >= _WORD_CACHE_SIZE:
            self._lisp_cache.clear()
        self._lisp_cache[word] = reading
        return reading

    def lisp_readings(self, lowered: list[str]) -> dict[int, tuple[str, ...]]:
        """Position -> reading of each lisped word, when the text shows the lisp at all."""
        lisp = self.lisp
        if lisp is None:
            return {}
        readings: dict[int, tuple[str, ...]] = {}
        words: set[str] = set()
        needs = False
        for position, word in enumerate(lowered):
            found = self._lisped(word)
            if found is not None:
                readings[position] = found[0]
                words.add(word)
                needs = needs or found[1]
        if len(words) < lisp.min_words or not needs:
            return {}
        return readings

    def _respelt(self, word: str) -> tuple[str, ...] | None:
        """An old or alay spelling the slang table and the rules do not know, read as the
        known word it spells: "akoe" -> aku, "semoeanya" -> semuanya, "kelaz" -> kelas,
        "dizoeroeh" -> disuruh. Every combination of the respellings that apply is tried,
        fewest first (a word seldom carries more than three). "goes" stays: no known word
        comes of it. A word the slang table knows never gets here: "poe" (Sundanese: day)
        is "hari" there, not "pu", and "zat" (a substance) is itself there, not "sat"."""
        known = self._known
        if not self._respell or known is None or word in known:
            return None
        # Each respelling that applies doubles the forms; most apply to no word at all.
        forms = {word: 0}
        for old, new in self._respell.items():
            for form, changes in list(forms.items()):
                respelt = collapse_repeats(_respell(form, old, new))
                if respelt != form and respelt not in forms:
                    forms[respelt] = changes + 1
        for candidate, _ in sorted(forms.items(), key=lambda item: item[1])[1:]:
            replaced = self._lookup(candidate)
            if replaced is not None:
                return replaced
            if candidate in known:
                return (candidate,)
        return None

    def normalise_word(self, word: str) -> tuple[str, ...]:
        """All normalised tokens one written word stands for ("bundir" -> bunuh, diri)."""
        out: list[str] = []
        for part in self._expand(self._lower(word)):
            replaced = self._lookup(part)
            plain = part.translate(_PLAIN_VOWELS)
            if replaced is None and plain != part:
                part = plain
                replaced = self._lookup(part)
            if replaced is None:
                replaced = self._respelt(collapse_repeats(part).replace("'", ""))
            if replaced is None:
                replaced = self._restored(collapse_repeats(part).replace("'", ""))
            if replaced is not None:
                out.extend(replaced)
            else:
                out.append(collapse_repeats(part).replace("'", ""))
        return tuple(word for word in out if word)

    def raw_forms(self, word: str) -> list[str]:
        """Surface forms used as language evidence (before slang replacement)."""
        return [collapse_repeats(part).replace("'", "") for part in self._expand(self._lower(word))]

    def _forms(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(raw forms, normalised forms) of one written word, cached."""
        cached = self._cache.get(word)
        symbol = self._symbols.get(word.replace(_VARIATION, "")) if cached is None else None
        if symbol is not None:
            cached = ((word,), symbol)
            self._cache[word] = cached
        if cached is None:
            if len(self._cache) >= _WORD_CACHE_SIZE:
                self._cache.clear()
            cached = (tuple(self.raw_forms(word)), self.normalise_word(word))
            self._cache[word] = cached
        return cached

    def tokenise(self, text: str, clause_words: Iterable[str] = ()) -> TokenStream:
        clause_set = frozenset(clause_words)
        tokens: list[Token] = []
        sentence = clause = 0
        previous_end = 0
        # Offsets index `text` as given: the reading changes one character for one.
        source = read_symbol_leet(text)
        found_words = list(self._word_re.finditer(source))
        written = [found.group() for found in found_words]
        overrides = self.skeleton_overrides(written)
        lowered = [self._lower(word) for word in written]
        lisped = self.lisp_readings(lowered)
        if self.regional_self:
            for regional in self.regional_self:
                if regional.applies(lowered):
                    for position, word in enumerate(lowered):
                        if word == regional.word and position not in overrides:
                            overrides[position] = regional.read_as
        for position, found in enumerate(found_words):
            gap = source[previous_end : found.start()]
            if not tokens or gap == " ":
                pass  # the common case: one plain space, no break
            elif _SENTENCE_BREAK_RE.search(gap):
                sentence += 1
                clause += 1
                tokens.append(
                    Token(
                        SENTENCE_MARK, SENTENCE_MARK, previous_end, found.start(), sentence, clause
                    )
                )
            elif _CLAUSE_BREAK_RE.search(gap):
                clause += 1
            previous_end = found.end()
            word = found.group()
            raws, norms = self._forms(word)
            if position in overrides:
                norms = (overrides[position],)
            elif position in lisped:
                norms = lisped[position]
            if norms and norms[0] in clause_set:
                # "tapi", "but": what follows is a new clause for negation and tense.
                clause += 1
            for index, norm in enumerate(norms):
                raw = raws[min(index, len(raws) - 1)]
                root = self.rooter.root(norm)
                tokens.append(Token(norm, raw, found.start(), found.end(), sentence, clause, root))
        offsets: list[int] = []
        root_offsets: list[int] = []
        position = root_position = 0
        for token in tokens:
            offsets.append(position + 1)
            position += 1 + len(token.norm)
            root_offsets.append(root_position + 1)
            root_position += 1 + len(token.root or token.norm)
        joined = "".join(" " + token.norm for token in tokens) + " "
        root_joined = "".join(" " + (token.root or token.norm) for token in tokens) + " "
        return TokenStream(
            text=text,
            tokens=tuple(tokens),
            joined=joined,
            offsets=tuple(offsets),
            norms=frozenset(token.norm for token in tokens),
            root_joined=root_joined,
            root_offsets=tuple(root_offsets),
            roots=frozenset(token.root or token.norm for token in tokens),
        )
