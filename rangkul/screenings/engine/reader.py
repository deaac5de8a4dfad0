"""A small reader for raw definitions that collects problems instead of raising.

Every getter records what is wrong and where ("item 'q3': option value 'x' is not an
integer") and returns None, so one pass over a definition reports all its problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .definition import Localised, Number


class Reader:
    """Collects problems while reading; each problem is prefixed with where it is."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.languages: tuple[str, ...] = ()

    def error(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def keys(self, data: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                self.error(where, f"unknown key {key!r}")

    def mapping(self, value: Any, where: str, what: str) -> Mapping[str, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.error(where, f"{what} must be a mapping, not {kind(value)}")
        return None

    def text(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = False
    ) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error(where, f"{key!r} is required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(where, f"{key!r} must be non-empty text, not {value!r}")
            return None
        return value.strip()

    def flag(self, data: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(where, f"{key!r} must be true or false, not {value!r}")
            return default
        return value

    def optional_flag(self, data: Mapping[str, Any], key: str, where: str) -> bool | None:
        value = data.get(key)
        if value is not None and not isinstance(value, bool):
            self.error(where, f"{key!r} must be true, false or null, not {value!r}")
            return None
        return value

    def integer(self, value: Any, where: str, what: str) -> int | None:
        # bool is an int subclass in Python; `true` in YAML is never a valid answer value.
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, f"{what} {value!r} is not an integer")
            return None
        return int(value)

    def number(self, value: Any, where: str, what: str) -> Number | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(where, f"{what} {value!r} is not a number")
            return None
        return int(value) if isinstance(value, int) else float(value)

    def localised(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = False
    ) -> Localised | None:
        value = data.get(key)
        if value is None:
            if required:
                self.error(where, f"{key!r} is required")
            return None
        if not isinstance(value, Mapping):
            self.error(
                where, f"{key!r} must map each language to its text, e.g. {{id: ..., en: ...}}"
            )
            return None
        texts: dict[str, str] = {}
        for lang, text in value.items():
            if self.languages and lang not in self.languages:
                self.error(where, f"{key!r} has text for undeclared language {lang!r}")
            elif not isinstance(text, str) or not text.strip():
                self.error(where, f"{key!r} in {lang!r} must be non-empty text, not {text!r}")
            else:
                texts[lang] = text.strip()
        for lang in self.languages:
            if lang not in value:
                self.error(where, f"{key!r} has no {lang!r} text")
        return MappingProxyType(texts)

    def entries(self, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, f"{key!r} must be a list, not {kind(value)}")
            return []
        return value

    def texts(self, data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(where, f"{key!r} must be a list of texts")
            return ()
        return tuple(v.strip() for v in value)


def kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
