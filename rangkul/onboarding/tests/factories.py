"""Class lists written as real files, and a recorded legal basis."""

import io
from datetime import date
from typing import Any

from openpyxl import Workbook

from rangkul.onboarding.models import DataPolicy, LegalBasis, NoticeChannel

DAPODIK_HEADER = [
    "No", "Nama", "NIPD", "JK", "NISN", "Tempat Lahir", "Tanggal Lahir", "Rombel Saat Ini",
    "Nama Wali", "Hubungan Wali", "HP Wali",
]  # fmt: skip


def dapodik_csv(rows: list[list[str]], *, delimiter: str = ";") -> bytes:
    """A Dapodik-style export: the school's name and a title above the header row."""
    lines = [
        "Daftar Peserta Didik",
        "SMA Negeri Contoh",
        delimiter.join(DAPODIK_HEADER),
        *(delimiter.join(r) for r in rows),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def dapodik_xlsx(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Daftar Peserta Didik"])
    sheet.append([])
    sheet.append(DAPODIK_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def record_policy(org: Any, by: Any) -> DataPolicy:
    return DataPolicy.objects.create(
        organisation=org,
        legal_basis=LegalBasis.PUBLIC_TASK,
        basis_explanation="Layanan BK menurut Permendikbud 111/2014.",
        controller_contact="Bu Rina, 0812 1111 2222",
        notice_channel=NoticeChannel.LETTER,
        notice_sent_on=date(2026, 7, 20),
        recorded_by=by,
    )


def pdf_text(data: bytes) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
