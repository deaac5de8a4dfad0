"""Band distributions, severity order and small-cell suppression: pure functions.

A distribution shown to someone who may not see individual results (a principal, a
district analyst) hides every count from 1 to 4, and one more cell when a single
hidden cell could be worked out from the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rangkul.lib import suppression, svgchart
from rangkul.screenings.engine import Instrument
from rangkul.screenings.engine.definition import BandScheme

SMALL_CELL = 5
NO_BAND = ""


def scheme_of(instrument: Instrument, code: str = "") -> BandScheme | None:
    if code:
        return instrument.band_scheme(code) or instrument.default_band_scheme
    return instrument.default_band_scheme


def severity_order(instrument: Instrument, scheme: BandScheme | None) -> list[str]:
    """Band codes from the least to the most concerning."""
    if scheme is None:
        return []
    codes = [band.code for band in scheme.bands]  # listed from the lowest score up
    return list(reversed(codes)) if instrument.direction == "higher_is_better" else codes


def default_follow_up_band(instrument: Instrument, scheme: BandScheme | None) -> str:
    """The middle of the severity order (PHQ: moderate; a two-band screen: positive)."""
    order = severity_order(instrument, scheme)
    return order[len(order) // 2] if order else ""


def at_or_above(instrument: Instrument, scheme: BandScheme | None, band: str) -> list[str]:
    order = severity_order(instrument, scheme)
    if band not in order:
        return []
    return order[order.index(band) :]


@dataclass
class Row:
    code: str
    label: str
    count: int | None  # None: suppressed
    provisional: bool = False
    share: int = 0  # bar width, % of the largest shown count


@dataclass
class Distribution:
    rows: list[Row]
    total: int | None
    critical: int | None
    suppressed: bool = False
    scheme_label: str = ""
    provisional: bool = False
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.set_shares()

    def set_shares(self) -> None:
        """Bar widths, as shares of the largest shown count (hidden counts draw none)."""
        for row, share in zip(
            self.rows, svgchart.shares([row.count for row in self.rows]), strict=True
        ):
            row.share = share


def distribution(
    instrument: Instrument,
    scheme: BandScheme | None,
    counts: Mapping[str, int],
    critical: int,
    lang: str,
    *,
    suppress: bool,
) -> Distribution:
    """Rows in score order (as the bands are listed), then results without a band."""
    rows: list[Row] = []
    if scheme is not None:
        for band in scheme.bands:
            label = band.label.get(lang) or band.label.get(instrument.default_language, band.code)
            rows.append(Row(band.code, label, counts.get(band.code, 0), band.provisional))
    known = {band.code for band in scheme.bands} if scheme is not None else set()
    unbanded = sum(n for code, n in counts.items() if code not in known)
    if unbanded:
        rows.append(Row(NO_BAND, "—", unbanded))
    total = sum(counts.values())
    result = Distribution(
        rows=rows,
        total=total,
        critical=critical,
        scheme_label=(scheme.label.get(lang, "") if scheme and scheme.label else ""),
        provisional=bool(scheme and scheme.provisional),
    )
    if suppress:
        suppress_small_cells(result)
    return result


def suppress_small_cells(result: Distribution) -> None:
    if result.total is not None and result.total < SMALL_CELL:
        for row in result.rows:
            row.count = None
        result.total = None
        result.critical = None
        result.suppressed = True
        result.set_shares()
        return
    # The one rule (rangkul/lib/suppression.py) on the distribution as a single column:
    # 1–4 hidden, and the next smallest when only one cell would be hidden.
    shown = suppression.table([[row.count or 0] for row in result.rows])
    for row, (cell,) in zip(result.rows, shown, strict=True):
        if isinstance(cell, str):
            row.count = None
    if result.critical is not None and 0 < result.critical < SMALL_CELL:
        result.critical = None
    result.suppressed = any(row.count is None for row in result.rows) or result.critical is None
    result.set_shares()
