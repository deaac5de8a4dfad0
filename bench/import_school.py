"""How long a 2,000-student school takes to import: check (the preview) and apply.

    .venv/bin/python bench/import_school.py                  # SQLite file in a temp dir
    .venv/bin/python bench/import_school.py --students 5000 --format xlsx

Writes a Dapodik-style class list (CSV or an .xlsx written by openpyxl) with a guardian
for every student, into a fresh SQLite database (migrated first, removed afterwards), then
times reading and checking the file, and applying it in one transaction. Prints the rows,
the seconds of each step and rows per second. Talks to no network.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = ["Nur'aini", "Bayu", "Putu", "Siti", "Muh.", "Dewi", "Agus", "Ratna", "Yohanes", "Ayu"]
LAST = ["Siregar", "Pradnyānā", "Wibowo", "Ma'ruf", "Lestari", "Nainggolan", "Hidayat", "Pütri"]
HEADER = ["No", "Nama", "JK", "NISN", "Tanggal Lahir", "Rombel Saat Ini", "Nama Wali",
          "Hubungan Wali", "HP Wali"]  # fmt: skip


def class_list(students: int) -> list[list[str]]:
    rng = random.Random(12)
    rows = []
    per_class = 36
    for n in range(students):
        grade = ("X", "XI", "XII")[(n // per_class) % 3]
        rows.append(
            [
                str(n + 1),
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                rng.choice("LP"),
                f"{80000000 + n:010d}",
                f"2009-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"{grade}-{n // (per_class * 3) + 1}",
                f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                rng.choice(["Ayah", "Ibu", "Wali"]),
                f"0812{rng.randint(10_000_000, 99_999_999)}",
            ]
        )
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    lines = [";".join(HEADER), *(";".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


def as_xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="rangkul-import-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangkul.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from datetime import date

    from django.core.management import call_command

    from rangkul.accounts.models import Membership, Organisation, User
    from rangkul.onboarding.models import DataPolicy
    from rangkul.onboarding.services import imports
    from rangkul.people.models import Guardian, Person

    call_command("migrate", verbosity=0)
    org = Organisation.objects.create(name="SMA Bench", kind="school", npsn="99999999",
                                      region_code="32.73")  # fmt: skip
    coordinator = User.objects.create(username="koordinator-bench")
    Membership.objects.create(user=coordinator, organisation=org, role="coordinator")
    DataPolicy.objects.create(organisation=org, legal_basis="public_task", basis_explanation="-",
                              controller_contact="-", notice_channel="letter",
                              notice_sent_on=date(2026, 7, 20))  # fmt: skip
    rows = class_list(args.students)
    data = as_csv(rows) if args.format == "csv" else as_xlsx(rows)

    started = time.perf_counter()
    batch = imports.check_import(by=coordinator, organisation=org, kind="students",
                                 file_name=f"school.{args.format}", data=data)  # fmt: skip
    checked = time.perf_counter()
    imports.apply_import(by=coordinator, batch=batch)
    applied = time.perf_counter()

    assert batch.problem_count == 0, batch.rows[:3]
    assert Person.objects.filter(organisation=org).count() == args.students
    assert Guardian.objects.filter(organisation=org).count() == args.students
    check_s, apply_s = checked - started, applied - checked
    print(f"file: {args.format}, {len(data) / 1024:.0f} KB, {args.students} students")
    print(f"check (preview): {check_s:.2f} s")
    print(f"apply:           {apply_s:.2f} s")
    print(f"total:           {check_s + apply_s:.2f} s, "
          f"{args.students / (check_s + apply_s):.0f} students/s")  # fmt: skip


if __name__ == "__main__":
    try:
        main()
    finally:
        for leftover in Path(tempfile.gettempdir()).glob("rangkul-import-bench-*"):
            shutil.rmtree(leftover, ignore_errors=True)
