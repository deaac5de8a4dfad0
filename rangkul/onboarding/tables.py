"""Reading a class list: CSV (comma or semicolon, as Excel in Indonesia saves it) or an Excel
workbook (.xlsx), with Dapodik-style headers, into rows of plain text by field name.

Pure Python over the file's bytes; nothing here touches the database."""

import csv
import io
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Header spellings (lower case, single spaces, no punctuation) -> field. Dapodik's own
# export names come first; the rest are what schools type by hand.
STUDENT_HEADERS = {
    "nisn": "nisn",
    "nama": "name",
    "nama peserta didik": "name",
    "nama lengkap": "name",
    "nama siswa": "name",
    "jk": "sex",
    "jenis kelamin": "sex",
    "l p": "sex",
    "tanggal lahir": "birth_date",
    "tgl lahir": "birth_date",
    "rombel saat ini": "cohort",
    "rombel": "cohort",
    "nama rombel": "cohort",
    "kelas": "cohort",
    "tingkat pendidikan": "grade",
    "tingkat": "grade",
    "nama wali": "guardian_name",
    "nama orang tua wali": "guardian_name",
    "hubungan wali": "guardian_relationship",
    "hubungan": "guardian_relationship",
    "hubungan dengan siswa": "guardian_relationship",
    "hp wali": "guardian_phone",
    "no hp wali": "guardian_phone",
    "nomor hp wali": "guardian_phone",
    "telepon wali": "guardian_phone",
    "hp orang tua": "guardian_phone",
    "hp": "phone",
    "no hp": "phone",
    "nomor hp": "phone",
}
STAFF_HEADERS = {
    "nama": "name",
    "nama lengkap": "name",
    "nama ptk": "name",
    "peran": "role",
    "jabatan": "role",
    "tugas": "role",
    "email": "email",
    "e mail": "email",
    "surel": "email",
    "username": "username",
    "nama pengguna": "username",
}
REQUIRED = {"students": ("nisn", "name", "cohort"), "staff": ("name", "role")}
HEADERS = {"students": STUDENT_HEADERS, "staff": STAFF_HEADERS}

MAX_ROWS = 5000
# Dapodik exports put a title and the school's name above the header row.
HEADER_SEARCH_ROWS = 10


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"[^\w]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value)).strip()


def _raw_rows(data: bytes) -> list[list[str]]:
    if data[:2] == b"PK":
        return _xlsx_rows(data)
    return _csv_rows(data)


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationError(_("This Excel file cannot be read.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ValidationError(_("This file is neither CSV nor Excel."))
    if "\x00" in text:
        raise ValidationError(_("This file is neither CSV nor Excel."))
    head = "\n".join(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS])
    delimiter = ";" if head.count(";") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for values in reader:
        rows.append([_cell(v) for v in values])
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            break
    return rows


def read_table(data: bytes, kind: str) -> list[tuple[int, dict[str, str]]]:
    """The rows under the header, each with its line number in the file (1-based, as a
    spreadsheet shows it) and its values by field. Raises ValidationError when no header
    row names the required columns or the file is too long."""
    rows = _raw_rows(data)
    known = HEADERS[kind]
    found = [
        (index, [known.get(normalise_header(cell), "") for cell in row])
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
    ]
    headers = [(i, f) for i, f in found if all(r in f for r in REQUIRED[kind])]
    if not headers:
        raise ValidationError(
            _("No header row with the columns %(columns)s was found in the first rows.")
            % {"columns": ", ".join(_column_names(kind))}
        )
    index, fields = headers[0]
    body = rows[index + 1 :]
    if len(body) > MAX_ROWS:
        raise ValidationError(_("A file may hold at most %(n)s rows.") % {"n": MAX_ROWS})
    table = []
    for offset, row in enumerate(body):
        values: dict[str, str] = {}
        for field, cell in zip(fields, row, strict=False):
            if field and not values.get(field):
                values[field] = cell
        table.append((index + 2 + offset, values))
    return table


def _column_names(kind: str) -> list[str]:
    names = {"nisn": "NISN", "name": "Nama", "cohort": "Rombel", "role": "Peran"}
    return [names[f] for f in REQUIRED[kind]]
