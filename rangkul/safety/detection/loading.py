"""Read and check the versioned phrase data in data/*.yaml, once per process.

Every problem is reported with the file name and the place in it, because the people who
edit these files are counselors and coordinators, and a silent mistake in a crisis phrase list
is a missed child.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import CATEGORIES, Level, Phrase
from .normalise import Normaliser
from .patterns import Alt, PatternError, anchors, parse, to_regex

DATA_DIR = Path(__file__).resolve().parent / "data"
NORMALISE_FILE = "normalise.yaml"
_LANG_RE = re.compile(r"[a-z]{2,3}")
_ID_RE = re.compile(r"[a-z0-9_.\-/]+")
_COMPILE_CACHE_SIZE = 2048

_WORD_LISTS = (
    "negation",
    "transparent",
    "first_person",
    "first_person_object",
    "object_markers",
    "third_person_reflexive",
    "friend_pronouns",
    "clause_break",
)
_PATTERN_LISTS = ("past", "present", "friend")


class PhraseDataError(ValueError):
    """The phrase data is malformed. The message starts with the file name."""


@dataclass(frozen=True)
class CompiledPattern:
    id: str
    regex: re.Pattern[str]
    anchors: frozenset[str] | None
    # For exclusions: phrase-id prefixes it applies to; empty means every shipped phrase.
    only: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledPhrase:
    phrase: Phrase
    regex: re.Pattern[str]
    anchors: frozenset[str] | None


@dataclass(frozen=True)
class PhraseSet:
    """One language file: its phrases, its exclusions and the words that identify it."""

    lang: str
    version: str
    source: str
    phrases: tuple[CompiledPhrase, ...]
    exclusions: tuple[CompiledPattern, ...]
    stopwords: frozenset[str]
    too_broad: frozenset[str]

    @property
    def detectable(self) -> bool:
        # A local-language file without stopwords cannot be recognised, so it always runs.
        return bool(self.stopwords)


@dataclass(frozen=True)
class Context:
    """Words and patterns around a match that change what it means."""

    words: Mapping[str, frozenset[str]]
    patterns: Mapping[str, tuple[CompiledPattern, ...]]

    def has(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, frozenset())


@dataclass(frozen=True)
class Ruleset:
    normaliser: Normaliser
    groups: Mapping[str, Alt]
    sets: Mapping[str, PhraseSet]
    context: Context
    slang_by_lang: Mapping[str, frozenset[str]]
    version: str
    _cache: dict[str, CompiledPhrase | PatternError] = field(
        default_factory=dict, compare=False, repr=False
    )

    @functools.cached_property
    def language_vocab(self) -> dict[str, str]:
        """Word -> the one language it is evidence for. Words that two languages share
        ("no", "ok") are left out: they say nothing about which language this is."""
        owners: dict[str, set[str]] = {}
        for lang, phrase_set in self.sets.items():
            if phrase_set.detectable:
                for word in phrase_set.stopwords | self.slang_by_lang.get(lang, frozenset()):
                    owners.setdefault(word, set()).add(lang)
        return {word: langs.pop() for word, langs in owners.items() if len(langs) == 1}

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return tuple(cp.phrase for s in self.sets.values() for cp in s.phrases)

    @property
    def too_broad(self) -> frozenset[str]:
        return frozenset().union(*(s.too_broad for s in self.sets.values()))

    @property
    def stopwords(self) -> frozenset[str]:
        return frozenset().union(*(s.stopwords for s in self.sets.values()))

    def compile(self, phrase: Phrase) -> CompiledPhrase:
        """Compile an organisation phrase, remembering the result so per-call phrases from
        the database cost one dictionary look-up after the first call."""
        key = phrase.pattern
        cached = self._cache.get(key)
        if cached is None:
            try:
                tree = parse(phrase.pattern, self.normaliser, self.groups)
                cached = CompiledPhrase(phrase, re.compile(to_regex(tree)), anchors(tree))
            except PatternError as error:
                cached = error
            if len(self._cache) >= _COMPILE_CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = cached
        if isinstance(cached, PatternError):
            raise cached
        return cached if cached.phrase == phrase else CompiledPhrase(
            phrase, cached.regex, cached.anchors
        )


# --- reading ---------------------------------------------------------------------------------


class _Reader:
    """Checks one file; every error message is prefixed with the file name."""

    def __init__(self, path: Path) -> None:
        self.name = path.name
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise PhraseDataError(f"{self.name}: not valid YAML: {error}") from error
        except OSError as error:
            raise PhraseDataError(f"{self.name}: cannot be read: {error}") from error
        if not isinstance(loaded, dict):
            raise PhraseDataError(f"{self.name}: the file must be a mapping with a 'version'")
        self.data: dict[str, Any] = loaded

    def fail(self, where: str, problem: str) -> PhraseDataError:
        return PhraseDataError(f"{self.name}: {where}: {problem}")

    def check_keys(self, where: str, mapping: Mapping[str, Any], allowed: Iterable[str]) -> None:
        unknown = sorted(set(map(str, mapping)) - set(allowed))
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)}")

    def version(self) -> str:
        version = self.data.get("version")
        if not isinstance(version, str) or not version.strip():
            raise self.fail("version", "missing, or not a quoted string such as '2026.11.28'")
        return version.strip()

    def string_list(self, where: str, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(where, "must be a list of non-empty quoted strings")
        return [v.strip() for v in value]

    def mapping(self, where: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping")
        return value


def _read_normalise(path: Path) -> tuple[Normaliser, dict[str, Alt], dict[str, frozenset[str]], str]:
    reader = _Reader(path)
    reader.check_keys("top level", reader.data, ("version", "leet", "replace", "groups"))
    version = reader.version()
    leet = reader.mapping("leet", reader.data.get("leet"))
    for digit, letter in leet.items():
        if not (isinstance(digit, str) and digit.isdigit() and len(digit) == 1):
            raise reader.fail("leet", f"key {digit!r} must be one quoted digit")
        if not (isinstance(letter, str) and letter.isalpha() and len(letter) == 1):
            raise reader.fail("leet", f"value for {digit!r} must be one letter")
    replacements: dict[str, tuple[str, ...]] = {}
    slang: dict[str, frozenset[str]] = {}
    for lang, table in reader.mapping("replace", reader.data.get("replace")).items():
        if not isinstance(lang, str) or not _LANG_RE.fullmatch(lang):
            raise reader.fail("replace", f"{lang!r} is not a language code such as 'id'")
        table = reader.mapping(f"replace.{lang}", table)
        keys: set[str] = set()
        for key, value in table.items():
            if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
                raise reader.fail(
                    f"replace.{lang}",
                    f"{key!r}: {value!r} must map a quoted word to quoted words "
                    "(YAML reads bare no/yes/on/off as true or false)",
                )
            folded = Normaliser._fold(key)
            new = tuple(Normaliser._fold(part) for part in value.split())
            if folded in replacements and replacements[folded] != new:
                raise reader.fail(
                    f"replace.{lang}",
                    f"{key!r} is already replaced by {' '.join(replacements[folded])!r}",
                )
            replacements[folded] = new
            keys.add(folded.replace("'", ""))
        slang[lang] = frozenset(keys)
    normaliser = Normaliser(replacements, leet)
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
    return normaliser, groups, slang, version


def _compile_pattern(
    reader: _Reader, where: str, source: str, normaliser: Normaliser, groups: Mapping[str, Alt]
) -> tuple[re.Pattern[str], frozenset[str] | None]:
    try:
        tree = parse(source, normaliser, groups)
    except PatternError as error:
        raise reader.fail(where, str(error)) from error
    return re.compile(to_regex(tree)), anchors(tree)


def _entry_patterns(reader: _Reader, where: str, entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(id, pattern) pairs of one entry; `patterns:` lists get ids id/1, id/2, ... so
    appending to a list keeps the ids of earlier patterns stable."""
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not _ID_RE.fullmatch(entry_id):
        raise reader.fail(where, f"id {entry_id!r} must be lower-case letters, digits, . _ - /")
    has_one, has_many = "pattern" in entry, "patterns" in entry
    if has_one == has_many and "regex" not in entry:
        raise reader.fail(f"{where} ({entry_id})", "needs exactly one of pattern or patterns")
    if has_one:
        patterns = reader.string_list(f"{where} ({entry_id}).pattern", [entry["pattern"]])
        return [(entry_id, patterns[0])]
    if has_many:
        patterns = reader.string_list(f"{where} ({entry_id}).patterns", entry["patterns"])
        if not patterns:
            raise reader.fail(f"{where} ({entry_id})", "patterns is empty")
        return [(f"{entry_id}/{n}", p) for n, p in enumerate(patterns, start=1)]
    return []


def _read_language(
    path: Path,
    normaliser: Normaliser,
    groups: Mapping[str, Alt],
    seen_ids: set[str],
    context_words: dict[str, set[str]],
    context_patterns: dict[str, list[CompiledPattern]],
) -> PhraseSet:
    reader = _Reader(path)
    reader.check_keys(
        "top level",
        reader.data,
        ("version", "lang", "stopwords", "too_broad", "context", "phrases", "exclude"),
    )
    version = reader.version()
    lang = reader.data.get("lang")
    if lang != path.stem or not isinstance(lang, str) or not _LANG_RE.fullmatch(lang):
        raise reader.fail("lang", f"must be the file's language code {path.stem!r}, got {lang!r}")

    def single_words(where: str, words: list[str]) -> set[str]:
        out: set[str] = set()
        for word in words:
            norm = normaliser.normalise_word(word)
            if len(norm) != 1:
                raise reader.fail(where, f"{word!r} must stay one word after normalising")
            out.add(norm[0])
        return out

    stopwords = frozenset(
        w for word in reader.string_list("stopwords", reader.data.get("stopwords"))
        for w in normaliser.raw_forms(word)
    )
    too_broad = single_words("too_broad", reader.string_list("too_broad", reader.data.get("too_broad")))

    context = reader.mapping("context", reader.data.get("context"))
    reader.check_keys("context", context, _WORD_LISTS + _PATTERN_LISTS)
    for kind in _WORD_LISTS:
        words = reader.string_list(f"context.{kind}", context.get(kind))
        context_words.setdefault(kind, set()).update(single_words(f"context.{kind}", words))
    for kind in _PATTERN_LISTS:
        for n, source in enumerate(reader.string_list(f"context.{kind}", context.get(kind)), 1):
            regex, anchor = _compile_pattern(reader, f"context.{kind}[{n}]", source, normaliser, groups)
            context_patterns.setdefault(kind, []).append(
                CompiledPattern(f"{lang}.{kind}/{n}", regex, anchor)
            )

    def entries(key: str) -> list[dict[str, Any]]:
        value = reader.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            raise reader.fail(key, "must be a list of entries with id and pattern")
        return value

    phrases: list[CompiledPhrase] = []
    for index, entry in enumerate(entries("phrases")):
        where = f"phrases[{index}]"
        reader.check_keys(where, entry, ("id", "pattern", "patterns", "regex", "category", "level", "note"))
        category, level = entry.get("category"), entry.get("level")
        if category not in CATEGORIES:
            raise reader.fail(
                f"{where} ({entry.get('id')})",
                f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}",
            )
        if level not in (Level.CONCERN.value, Level.URGENT.value):
            raise reader.fail(
                f"{where} ({entry.get('id')})", f"level {level!r} must be concern or urgent"
            )
        pairs = _entry_patterns(reader, where, entry)
        if "regex" in entry:
            if pairs:
                raise reader.fail(f"{where} ({entry['id']})", "give a regex or patterns, not both")
            source = reader.string_list(f"{where}.regex", [entry["regex"]])[0]
            try:
                compiled = re.compile(source)
            except re.error as error:
                raise reader.fail(f"{where} ({entry['id']})", f"bad regex: {error}") from error
            phrase = Phrase(source, category, Level(level), lang, entry["id"], regex=True)
            _claim_id(reader, where, phrase.id, seen_ids)
            phrases.append(CompiledPhrase(phrase, compiled, None))
            continue
        for phrase_id, source in pairs:
            _claim_id(reader, where, phrase_id, seen_ids)
            regex, anchor = _compile_pattern(reader, f"{where} ({phrase_id})", source, normaliser, groups)
            phrases.append(
                CompiledPhrase(Phrase(source, category, Level(level), lang, phrase_id), regex, anchor)
            )

    exclusions: list[CompiledPattern] = []
    for index, entry in enumerate(entries("exclude")):
        where = f"exclude[{index}]"
        reader.check_keys(where, entry, ("id", "pattern", "patterns", "only", "note"))
        only = tuple(reader.string_list(f"{where}.only", entry.get("only")))
        for exclusion_id, source in _entry_patterns(reader, where, entry):
            _claim_id(reader, where, exclusion_id, seen_ids)
            regex, anchor = _compile_pattern(
                reader, f"{where} ({exclusion_id})", source, normaliser, groups
            )
            exclusions.append(CompiledPattern(exclusion_id, regex, anchor, only))

    return PhraseSet(
        lang=lang,
        version=version,
        source=path.name,
        phrases=tuple(phrases),
        exclusions=tuple(exclusions),
        stopwords=stopwords,
        too_broad=frozenset(too_broad),
    )


def _claim_id(reader: _Reader, where: str, phrase_id: str, seen: set[str]) -> None:
    if phrase_id in seen:
        raise reader.fail(where, f"id {phrase_id!r} is used twice")
    seen.add(phrase_id)


def load_phrases(data_dir: Path | str | None = None) -> Ruleset:
    """Read, check and compile every data file in `data_dir` (default: the shipped data).

    Raises PhraseDataError naming the file and the problem.
    """
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    normalise_path = directory / NORMALISE_FILE
    if not normalise_path.is_file():
        raise PhraseDataError(f"{NORMALISE_FILE}: missing from the phrase data directory")
    normaliser, groups, slang, normalise_version = _read_normalise(normalise_path)
    seen_ids: set[str] = set()
    context_words: dict[str, set[str]] = {}
    context_patterns: dict[str, list[CompiledPattern]] = {}
    sets: dict[str, PhraseSet] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == NORMALISE_FILE:
            continue
        phrase_set = _read_language(
            path, normaliser, groups, seen_ids, context_words, context_patterns
        )
        sets[phrase_set.lang] = phrase_set
    if not sets:
        raise PhraseDataError(f"{directory.name}: no language file (such as id.yaml) found")
    versions = [f"{s.lang}@{s.version}" for s in sets.values()]
    versions.append(f"normalise@{normalise_version}")
    return Ruleset(
        normaliser=normaliser,
        groups=groups,
        sets=sets,
        context=Context(
            words={kind: frozenset(words) for kind, words in context_words.items()},
            patterns={kind: tuple(found) for kind, found in context_patterns.items()},
        ),
        slang_by_lang=slang,
        version="+".join(sorted(versions)),
    )


@functools.cache
def default_ruleset() -> Ruleset:
    """The shipped data, read and compiled once per process."""
    return load_phrases()
