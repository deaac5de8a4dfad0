"""Read, check and compile the versioned phrase data in data/*.yaml, once per process.

normalise_data.py reads normalise.yaml; this module compiles every language file (id.yaml,
en.yaml, ...) against it into one Ruleset. Errors name the file and the place (datafile.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .datafile import LANG_RE, DataFile, PhraseDataError
from .model import CATEGORIES, Level, Phrase
from .normalise import Normaliser
from .normalise_data import read_normalise
from .patterns import Alt, PatternError, anchors, literal_words, parse, to_regex

DATA_DIR = Path(__file__).resolve().parent / "data"
NORMALISE_FILE = "normalise.yaml"
_ID_RE = re.compile(r"[a-z0-9_.\-/]+")
_DOUBLED_LETTER_RE = re.compile(r"([a-z])\1")
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
    "question_tag",
    "question_lead",
    "question_asker",
    "question_asker_lead",
    "question_open",
    "second_person",
    "conditional",
)
_REGEX_WORD_RE = re.compile(r"[a-z]+")
_PATTERN_LISTS = ("past", "present", "resolved", "thing_state", "friend")


@dataclass(frozen=True)
class CompiledPattern:
    id: str
    regex: re.Pattern[str]
    anchors: frozenset[str] | None
    # For exclusions: phrase-id prefixes it applies to; empty means every shipped phrase.
    only: tuple[str, ...] = ()
    # For exclusions: phrase-id prefixes it never drops, even where `only` would reach them.
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompiledPhrase:
    phrase: Phrase
    regex: re.Pattern[str]
    anchors: frozenset[str] | None
    words: frozenset[str] = frozenset()  # literal words of the pattern
    on_roots: bool = False  # runs on the root stream (stemming.py)


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
    def language_vocab(self) -> tuple[dict[str, str], dict[str, str]]:
        """(surface word -> language, normalised word -> language) for guessing the language.

        Stopwords and slang count as surface forms; the words a language's phrases are made
        of count as normalised forms, so "cutting" in "aku relapse lagi, cutting lagi" makes
        the English phrases run. A word two languages share says nothing and is left out.
        """
        raw_owners: dict[str, set[str]] = {}
        norm_owners: dict[str, set[str]] = {}
        for lang, phrase_set in self.sets.items():
            if not phrase_set.detectable:
                continue
            for word in phrase_set.stopwords | self.slang_by_lang.get(lang, frozenset()):
                raw_owners.setdefault(word, set()).add(lang)
            for compiled in phrase_set.phrases:
                if compiled.phrase.regex:
                    continue  # a regex's words are not a vocabulary (they mix languages)
                for word in compiled.words:
                    norm_owners.setdefault(word, set()).add(lang)
        return (
            {word: langs.pop() for word, langs in raw_owners.items() if len(langs) == 1},
            {word: langs.pop() for word, langs in norm_owners.items() if len(langs) == 1},
        )

    @functools.cached_property
    def common_words(self) -> frozenset[str]:
        """Stopwords of every language, normalised the way patterns are."""
        return frozenset(
            norm for word in self.stopwords for norm in self.normaliser.normalise_word(word)
        )

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
                regex = re.compile(to_regex(tree))
                anchor = anchors(tree, self.common_words)
                cached = CompiledPhrase(phrase, regex, anchor, literal_words(tree))
            except PatternError as error:
                cached = error
            if len(self._cache) >= _COMPILE_CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = cached
        if isinstance(cached, PatternError):
            raise cached
        if cached.phrase == phrase:
            return cached
        return CompiledPhrase(phrase, cached.regex, cached.anchors, cached.words)


# --- reading ---------------------------------------------------------------------------------


@dataclass
class _Builder:
    """What every language file is compiled against, and what they add up to."""

    normaliser: Normaliser
    groups: Mapping[str, Alt]
    common: frozenset[str]  # stopwords of all files: poor anchors
    seen_ids: set[str] = field(default_factory=set)
    # Every word a compiled pattern spells out: the words an old spelling may be read as.
    vocabulary: set[str] = field(default_factory=set)
    # The words of the file being compiled, and those of every file that is not English:
    # what a partly vowel-dropped spelling may be read as.
    file_words: set[str] = field(default_factory=set)
    restorable: set[str] = field(default_factory=set)
    context_words: dict[str, set[str]] = field(default_factory=dict)
    context_patterns: dict[str, list[CompiledPattern]] = field(default_factory=dict)

    def compile(
        self, reader: DataFile, where: str, source: str
    ) -> tuple[re.Pattern[str], frozenset[str] | None, frozenset[str]]:
        try:
            tree = parse(source, self.normaliser, self.groups)
        except PatternError as error:
            raise reader.fail(where, str(error)) from error
        words = literal_words(tree)
        self.vocabulary.update(words)
        self.file_words.update(words)
        return re.compile(to_regex(tree)), anchors(tree, self.common), words

    def claim(self, reader: DataFile, where: str, phrase_id: str) -> None:
        if phrase_id in self.seen_ids:
            raise reader.fail(where, f"id {phrase_id!r} is used twice")
        self.seen_ids.add(phrase_id)

    def single_words(self, reader: DataFile, where: str, words: list[str]) -> set[str]:
        out: set[str] = set()
        for word in words:
            norm = self.normaliser.normalise_word(word)
            if len(norm) != 1:
                raise reader.fail(where, f"{word!r} must stay one word after normalising")
            out.add(norm[0])
        return out


def _entry_patterns(reader: DataFile, where: str, entry: dict[str, Any]) -> list[tuple[str, str]]:
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


def _entries(reader: DataFile, key: str) -> list[dict[str, Any]]:
    value = reader.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise reader.fail(key, "must be a list of entries with id and pattern")
    return value


def _read_context(reader: DataFile, lang: str, build: _Builder) -> None:
    context = reader.mapping("context", reader.data.get("context"))
    reader.check_keys("context", context, _WORD_LISTS + _PATTERN_LISTS)
    for kind in _WORD_LISTS:
        words = reader.string_list(f"context.{kind}", context.get(kind))
        found = build.single_words(reader, f"context.{kind}", words)
        build.context_words.setdefault(kind, set()).update(found)
    for kind in _PATTERN_LISTS:
        for n, source in enumerate(reader.string_list(f"context.{kind}", context.get(kind)), 1):
            regex, anchor, _ = build.compile(reader, f"context.{kind}[{n}]", source)
            build.context_patterns.setdefault(kind, []).append(
                CompiledPattern(f"{lang}.{kind}/{n}", regex, anchor)
            )


def _read_phrases(reader: DataFile, lang: str, build: _Builder) -> list[CompiledPhrase]:
    phrases: list[CompiledPhrase] = []
    allowed = ("id", "pattern", "patterns", "regex", "category", "level", "note", "match")
    for index, entry in enumerate(_entries(reader, "phrases")):
        where = f"phrases[{index}]"
        reader.check_keys(where, entry, allowed)
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
        on = entry.get("match", "words")
        if on not in ("words", "roots"):
            raise reader.fail(
                f"{where} ({entry.get('id')})", f"match: {on!r} must be words or roots"
            )
        pairs = _entry_patterns(reader, where, entry)
        if "regex" in entry:
            source, compiled = _entry_regex(reader, where, entry, pairs)
            phrase = Phrase(source, category, Level(level), lang, entry["id"], regex=True)
            build.claim(reader, where, phrase.id)
            # The words a regex spells out ("tidak akan butuh") are part of the phrase, so a
            # negation among them is not read as a denial of it.
            spelled = frozenset(_REGEX_WORD_RE.findall(source))
            phrases.append(CompiledPhrase(phrase, compiled, None, spelled))
            continue
        for phrase_id, source in pairs:
            build.claim(reader, where, phrase_id)
            regex, anchor, words = build.compile(reader, f"{where} ({phrase_id})", source)
            phrase = Phrase(source, category, Level(level), lang, phrase_id)
            phrases.append(CompiledPhrase(phrase, regex, anchor, words, on == "roots"))
    return phrases


def _entry_regex(
    reader: DataFile, where: str, entry: dict[str, Any], pairs: list[tuple[str, str]]
) -> tuple[str, re.Pattern[str]]:
    """An entry's `regex:`, compiled (an entry has a regex or patterns, not both). It runs on
    the normalised text (" word word # word "), so it may span a sentence break, which a
    pattern cannot."""
    if pairs:
        raise reader.fail(f"{where} ({entry['id']})", "give a regex or patterns, not both")
    source = reader.string_list(f"{where}.regex", [entry["regex"]])[0]
    try:
        compiled = re.compile(source)
    except re.error as error:
        raise reader.fail(f"{where} ({entry['id']})", f"bad regex: {error}") from error
    doubled = _DOUBLED_LETTER_RE.search(source)
    if doubled:
        raise reader.fail(
            f"{where} ({entry['id']})",
            f"regex contains {doubled.group()!r}, which never occurs: it runs on "
            "normalised text where repeated letters are collapsed",
        )
    return source, compiled


def _read_exclusions(reader: DataFile, build: _Builder) -> list[CompiledPattern]:
    exclusions: list[CompiledPattern] = []
    for index, entry in enumerate(_entries(reader, "exclude")):
        where = f"exclude[{index}]"
        reader.check_keys(
            where, entry, ("id", "pattern", "patterns", "regex", "only", "keep", "note")
        )
        only = tuple(reader.string_list(f"{where}.only", entry.get("only")))
        keep = tuple(reader.string_list(f"{where}.keep", entry.get("keep")))
        pairs = _entry_patterns(reader, where, entry)
        if "regex" in entry:
            _, compiled = _entry_regex(reader, where, entry, pairs)
            build.claim(reader, where, entry["id"])
            exclusions.append(CompiledPattern(entry["id"], compiled, None, only, keep))
            continue
        for exclusion_id, source in pairs:
            build.claim(reader, where, exclusion_id)
            regex, anchor, _ = build.compile(reader, f"{where} ({exclusion_id})", source)
            exclusions.append(CompiledPattern(exclusion_id, regex, anchor, only, keep))
    return exclusions


def _language_header(reader: DataFile, path: Path) -> str:
    reader.check_keys(
        "top level",
        reader.data,
        ("version", "lang", "stopwords", "too_broad", "context", "phrases", "exclude"),
    )
    lang = reader.data.get("lang")
    if not isinstance(lang, str) or lang != path.stem or not LANG_RE.fullmatch(lang):
        raise reader.fail("lang", f"must be the file's language code {path.stem!r}, got {lang!r}")
    return path.stem


def _read_language(reader: DataFile, path: Path, build: _Builder) -> PhraseSet:
    lang = _language_header(reader, path)
    version = reader.version()
    stopwords = frozenset(
        raw
        for word in reader.string_list("stopwords", reader.data.get("stopwords"))
        for raw in build.normaliser.raw_forms(word)
    )
    too_broad_words = reader.string_list("too_broad", reader.data.get("too_broad"))
    too_broad = build.single_words(reader, "too_broad", too_broad_words)
    _read_context(reader, lang, build)
    return PhraseSet(
        lang=lang,
        version=version,
        source=path.name,
        phrases=tuple(_read_phrases(reader, lang, build)),
        exclusions=tuple(_read_exclusions(reader, build)),
        stopwords=stopwords,
        too_broad=frozenset(too_broad),
    )


def load_phrases(data_dir: Path | str | None = None) -> Ruleset:
    """Read, check and compile every data file in `data_dir` (default: the shipped data).

    Raises PhraseDataError naming the file and the problem.
    """
    directory = Path(data_dir) if data_dir is not None else DATA_DIR
    normalise_path = directory / NORMALISE_FILE
    if not normalise_path.is_file():
        raise PhraseDataError(f"{NORMALISE_FILE}: missing from the phrase data directory")
    data = read_normalise(normalise_path)
    normaliser, groups = data.normaliser, data.groups
    paths = [p for p in sorted(directory.glob("*.yaml")) if p.name != NORMALISE_FILE]
    if not paths:
        raise PhraseDataError(f"{directory.name}: no language file (such as id.yaml) found")
    readers = [(DataFile(path), path) for path in paths]
    common: set[str] = set()
    for reader, _ in readers:
        for word in reader.string_list("stopwords", reader.data.get("stopwords")):
            common.update(normaliser.normalise_word(word))
    build = _Builder(normaliser, groups, frozenset(common))
    sets: dict[str, PhraseSet] = {}
    for reader, path in readers:
        build.file_words = set()
        phrase_set = _read_language(reader, path, build)
        sets[phrase_set.lang] = phrase_set
        if phrase_set.lang != "en":
            build.restorable.update(build.file_words)
    normaliser.know(build.vocabulary, build.restorable)
    versions = [f"{s.lang}@{s.version}" for s in sets.values()]
    versions.append(f"normalise@{data.version}")
    return Ruleset(
        normaliser=normaliser,
        groups=groups,
        sets=sets,
        context=Context(
            words={kind: frozenset(words) for kind, words in build.context_words.items()},
            patterns={kind: tuple(found) for kind, found in build.context_patterns.items()},
        ),
        slang_by_lang=data.slang_by_lang,
        version="+".join(sorted(versions)),
    )


@functools.cache
def default_ruleset() -> Ruleset:
    """The shipped data, read and compiled once per process."""
    return load_phrases()
