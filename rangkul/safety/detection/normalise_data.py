"""Read and check normalise.yaml: the spelling tables, word groups and roots every rule uses.

Each section has its own reader below; `read_normalise` puts them together into the
Normaliser and the word groups that the language files are compiled against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .datafile import LANG_RE, DataFile, is_words
from .normalise import Normaliser
from .normalise_habits import Lisp, RegionalSelf
from .patterns import Alt, PatternError, parse
from .stemming import Rooter

_SECTIONS = (
    "version",
    "leet",
    "symbols",
    "replace",
    "as_written",
    "respell",
    "groups",
    "roots",
    "root_exceptions",
    "skeleton_keys",
    "restore_rivals",
    "regional_self",
    "lisp",
)


@dataclass(frozen=True)
class NormaliseData:
    normaliser: Normaliser
    groups: dict[str, Alt]
    slang_by_lang: dict[str, frozenset[str]]
    version: str


def read_normalise(path: Path) -> NormaliseData:
    """Read normalise.yaml at `path`; raises PhraseDataError naming the section and problem."""
    reader = DataFile(path)
    reader.check_keys("top level", reader.data, _SECTIONS)
    version = reader.version()
    replacements, slang = _replace(reader)
    normaliser = Normaliser(
        replacements,
        _leet(reader),
        _rooter(reader),
        skeleton_keys=_words_list(reader, "skeleton_keys"),
        restore_rivals=_restore_rivals(reader),
        symbols=_symbols(reader),
        as_written=_as_written(reader),
        respell=_respell(reader),
        regional_self=_regional_self(reader),
        lisp=_lisp(reader),
    )
    return NormaliseData(normaliser, _groups(reader, normaliser), slang, version)


def _rooter(reader: DataFile) -> Rooter:
    roots = [Normaliser.fold(w) for w in reader.string_list("roots", reader.data.get("roots"))]
    exceptions = reader.string_list("root_exceptions", reader.data.get("root_exceptions"))
    return Rooter(roots, [Normaliser.fold(w) for w in exceptions])


def _leet(reader: DataFile) -> dict[str, str]:
    leet = reader.mapping("leet", reader.data.get("leet"))
    for digit, letter in leet.items():
        if not (isinstance(digit, str) and digit.isdigit() and len(digit) == 1):
            raise reader.fail("leet", f"key {digit!r} must be one quoted digit")
        if not (isinstance(letter, str) and letter.isalpha() and len(letter) == 1):
            raise reader.fail("leet", f"value for {digit!r} must be one letter")
    return leet


def _symbols(reader: DataFile) -> dict[str, str]:
    symbols = reader.mapping("symbols", reader.data.get("symbols", {}))
    for symbol, words in symbols.items():
        if not (isinstance(symbol, str) and symbol and not any(ch.isalnum() for ch in symbol)):
            raise reader.fail("symbols", f"key {symbol!r} must be an emoji or symbol, no letters")
        if not is_words(words):
            raise reader.fail("symbols", f"value for {symbol!r} must be lower-case words")
    return symbols


def _replace(
    reader: DataFile,
) -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    """The slang table: one replacement per word over all languages, and each language's keys."""
    replacements: dict[str, tuple[str, ...]] = {}
    slang: dict[str, frozenset[str]] = {}
    for lang, table in reader.mapping("replace", reader.data.get("replace")).items():
        if not isinstance(lang, str) or not LANG_RE.fullmatch(lang):
            raise reader.fail("replace", f"{lang!r} is not a language code such as 'id'")
        where = f"replace.{lang}"
        keys: set[str] = set()
        for key, value in reader.mapping(where, table).items():
            if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
                raise reader.fail(
                    where,
                    f"{key!r}: {value!r} must map a quoted word to quoted words "
                    "(YAML reads bare no/yes/on/off as true or false)",
                )
            folded = Normaliser.fold(key)
            new = tuple(Normaliser.fold(part) for part in value.split())
            if folded in replacements and replacements[folded] != new:
                raise reader.fail(
                    where, f"{key!r} is already replaced by {' '.join(replacements[folded])!r}"
                )
            replacements[folded] = new
            keys.add(folded.replace("'", ""))
        slang[lang] = frozenset(keys)
    return replacements, slang


def _as_written(reader: DataFile) -> dict[str, tuple[str, ...]]:
    as_written: dict[str, tuple[str, ...]] = {}
    for key, value in reader.mapping("as_written", reader.data.get("as_written", {})).items():
        if not (isinstance(key, str) and re.fullmatch(r"[a-z]*([a-z])\1[a-z]*", key)):
            raise reader.fail(
                "as_written", f"{key!r} must be a lower-case word with a doubled letter"
            )
        if not is_words(value):
            raise reader.fail("as_written", f"value for {key!r} must be lower-case words")
        as_written[key] = tuple(Normaliser.fold(part) for part in value.split())
    return as_written


def _restore_rivals(reader: DataFile) -> list[str]:
    """Everyday words a partly vowel-dropped spelling competes for: one word each."""
    rivals = _words_list(reader, "restore_rivals")
    for word in rivals:
        if not word.isalpha():
            raise reader.fail("restore_rivals", f"{word!r} must be one lower-case word")
    return rivals


def _words_list(reader: DataFile, section: str) -> list[str]:
    words = reader.string_list(section, reader.data.get(section, []))
    for key in words:
        if not is_words(key):
            raise reader.fail(section, f"{key!r} must be lower-case words")
    return words


def _respell(reader: DataFile) -> dict[str, str]:
    respell: dict[str, str] = {}
    for old, new in reader.mapping("respell", reader.data.get("respell", {})).items():
        if not (
            isinstance(old, str)
            and isinstance(new, str)
            and re.fullmatch(r"[a-z]+\$?", old)
            and re.fullmatch(r"[a-z]+", new)
        ):
            raise reader.fail(
                "respell", f"{old!r}: {new!r} must map lower-case letters (and $ for the end)"
            )
        if old.rstrip("$") == new:
            raise reader.fail("respell", f"{old!r}: {new!r} replaces letters with themselves")
        respell[old] = new
    return respell


def _regional_self(reader: DataFile) -> list[RegionalSelf]:
    regional_self: list[RegionalSelf] = []
    for index, entry in enumerate(reader.data.get("regional_self", []) or []):
        where = f"regional_self[{index}]"
        if not isinstance(entry, dict) or not (
            {"word", "read_as", "when"} <= set(entry) <= {"word", "read_as", "when", "vowel_less"}
        ):
            raise reader.fail(where, "needs word, read_as and when (and may have vowel_less)")
        vowel_less = entry.get("vowel_less", 0)
        if not isinstance(vowel_less, int) or isinstance(vowel_less, bool) or vowel_less < 0:
            raise reader.fail(where, f"vowel_less {vowel_less!r} must be a whole number")
        word, read_as = entry["word"], entry["read_as"]
        if not (isinstance(word, str) and re.fullmatch(r"[a-z]+", word)):
            raise reader.fail(where, f"word {word!r} must be one lower-case word")
        if not (isinstance(read_as, str) and re.fullmatch(r"[a-z]+", read_as)):
            raise reader.fail(where, f"read_as {read_as!r} must be one lower-case word")
        when = reader.string_list(f"{where}.when", entry["when"])
        if not when or not all(is_words(phrase) for phrase in when):
            raise reader.fail(where, "when must list lower-case words or word pairs")
        phrases = tuple(tuple(w.split()) for w in when)
        regional_self.append(RegionalSelf(word, read_as, phrases, vowel_less))
    return regional_self


def _groups(reader: DataFile, normaliser: Normaliser) -> dict[str, Alt]:
    groups: dict[str, Alt] = {}
    for name, members in reader.mapping("groups", reader.data.get("groups")).items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_]+", name):
            raise reader.fail("groups", f"group name {name!r} must be lower-case letters and _")
        alternatives = reader.string_list(f"groups.{name}", members)
        if not alternatives:
            raise reader.fail(f"groups.{name}", "a word group needs at least one member")
        try:
            parsed = [parse(a, normaliser, {}, allow_groups=False) for a in alternatives]
        except PatternError as error:
            raise reader.fail(f"groups.{name}", str(error)) from error
        groups[name] = Alt(tuple(option for alt in parsed for option in alt.options))
    return groups


def _lisp(reader: DataFile) -> Lisp | None:
    entry = reader.data.get("lisp")
    if entry is None:
        return None
    if not isinstance(entry, dict) or set(entry) != {"letters", "min_words", "needs"}:
        raise reader.fail("lisp", "needs exactly letters, min_words and needs")
    letters = reader.mapping("lisp.letters", entry["letters"])
    if not letters or not all(
        isinstance(old, str)
        and isinstance(new, str)
        and re.fullmatch(r"[a-z]", old)
        and re.fullmatch(r"[a-z]", new)
        and old != new
        for old, new in letters.items()
    ):
        raise reader.fail("lisp.letters", "must map one lower-case letter to another")
    min_words, needs = entry["min_words"], entry["needs"]
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
        raise reader.fail("lisp", f"min_words {min_words!r} must be a whole number above zero")
    if needs not in letters:
        raise reader.fail("lisp", f"needs {needs!r} must be one of the letters")
    return Lisp(dict(letters), min_words, needs)
