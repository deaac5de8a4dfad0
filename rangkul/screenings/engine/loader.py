"""Reading the shipped instrument files, once per process.

Definitions are small and immutable, so they are parsed and validated on first use
and cached; a broken file stops the whole load with a message naming the file,
which surfaces in the first test run or at deploy time rather than in front of a
student.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import yaml

from .definition import Instrument
from .errors import DefinitionError, UnknownInstrumentError
from .validation import load_definition

INSTRUMENTS_DIR = Path(__file__).resolve().parent.parent / "instruments"
EXAMPLES_DIR = INSTRUMENTS_DIR / "examples"


def load_file(path: Path, *, check_code: bool = True) -> Instrument:
    """Load and validate one YAML definition; its `code` must match the file name."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionError(path.name, [f"not valid YAML: {exc}"]) from exc
    except OSError as exc:
        raise DefinitionError(path.name, [f"cannot be read: {exc.strerror}"]) from exc
    return load_definition(data, path.name, expected_code=path.stem if check_code else None)


def load_directory(directory: Path) -> Mapping[str, Instrument]:
    instruments: dict[str, Instrument] = {}
    for path in sorted(directory.glob("*.yaml")):
        instrument = load_file(path)
        instruments[instrument.code] = instrument
    return MappingProxyType(instruments)


@functools.cache
def _shipped() -> Mapping[str, Instrument]:
    return load_directory(INSTRUMENTS_DIR)


def load_all() -> dict[str, Instrument]:
    """All shipped instruments by code (a fresh dict; the instruments are shared)."""
    return dict(_shipped())


def get_instrument(code: str) -> Instrument:
    try:
        return _shipped()[code]
    except KeyError:
        raise UnknownInstrumentError(code) from None


def clear_cache() -> None:
    """Forget the loaded files (tests; a reload after editing a file)."""
    _shipped.cache_clear()
