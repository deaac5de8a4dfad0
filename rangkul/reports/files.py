"""Tables written as CSV or Excel workbooks, safe to open in a spreadsheet.

A text cell that begins with =, +, - or @ would run as a formula in a spreadsheet (CSV
injection, OWASP): such a cell gets a leading apostrophe. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@")
PROGRESS_EVERY = 500


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(
    file_format: str,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The table as the bytes of a .csv (UTF-8 with a BOM, which Excel needs to read
    Indonesian text right) or an .xlsx file; `progress(done)` every PROGRESS_EVERY rows."""
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([safe_cell(h) for h in headers])
        for n, row in enumerate(rows, 1):
            writer.writerow([safe_cell(v) for v in row])
            if progress and n % PROGRESS_EVERY == 0:
                progress(n)
        return ("\ufeff" + out.getvalue()).encode("utf-8")
    if file_format == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=_sheet_title(title))
        sheet.append([safe_cell(h) for h in headers])
        for n, row in enumerate(rows, 1):
            sheet.append([safe_cell(v) for v in row])
            if progress and n % PROGRESS_EVERY == 0:
                progress(n)
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()
    raise ValueError(f"unknown format {file_format!r}")


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip()
    return (cleaned or "Tabel")[:31]


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
