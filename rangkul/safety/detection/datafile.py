"""One phrase data file read and checked: the reader every data section goes through.

Every problem is reported with the file name and the place in it, because the people who
edit these files are counselors and coordinators, and a silent mistake in a crisis phrase list
is a missed child.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

LANG_RE = re.compile(r"[a-z]{2,3}")
_LOWER_WORDS_RE = re.compile(r"[a-z]+( [a-z]+)*")


class PhraseDataError(ValueError):
    """The phrase data is malformed. The message starts with the file name."""


class DataFile:
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


def is_words(value: object) -> bool:
    """Whether a table value is lower-case words separated by single spaces."""
    return isinstance(value, str) and _LOWER_WORDS_RE.fullmatch(value) is not None
