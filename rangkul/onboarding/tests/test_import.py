import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rangkul.accounts.models import User
from rangkul.audit.models import AuditEvent
from rangkul.onboarding.models import Enrolment, Import, ImportStatus
from rangkul.onboarding.services import imports
from rangkul.onboarding.tests.factories import (
    dapodik_csv,
    dapodik_xlsx,
    pdf_text,
    record_policy,
)
from rangkul.people.models import Cohort, Guardian, Person

GOOD = [
    ["1", "Nur'aini Siregar", "101", "P", "0081234561", "Medan", "2010-03-25", "X-1",
     "Rahmat Siregar", "Ayah", "0812 3456 7001"],
    ["2", "I Gusti Ayu Pradnyādewi", "102", "P", "0081234562", "Denpasar", "14/02/2010", "X-1",
     "Ni Made Sari", "Ibu", "0812-3456-7002"],
    ["3", "Muh. Ma'ruf Al-Ghifari", "103", "L", "0081234563", "Makassar", "2009-12-01",
     "XI IPA 2", "", "", ""],
]  # fmt: skip


def _check(school, data, kind="students", name="kelas.csv"):
    return imports.check_import(
        by=school.koordinator, organisation=school.org, kind=kind, file_name=name, data=data
    )


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_saved(school):
    Enrolment.objects.create(organisation=school.org, person=school.siswa_person, nisn="0081111111")
    rows = [
        *GOOD,
        ["", "", "", "", "", "", "", "", "", "", ""],  # blank: skipped
        ["4", "Dewi Lestari", "104", "P", "0081234561", "Bogor", "2010-01-01", "X-1", "", "", ""],
        ["5", "Budi Santoso", "105", "L", "0081234565", "Bogor", "31/02/2010", "X-1", "", "", ""],
        ["6", "Citra Ayu", "106", "P", "0081234566", "Bogor", "2010-01-01", "Melati", "", "", ""],
        ["7", "Eko Prasetyo", "107", "L", "0081111111", "Bogor", "2010-01-01", "X-1", "", "", ""],
        ["8", "Fajar Nugraha", "108", "L", "12345", "Bogor", "2010-01-01", "X-1", "Pak Jono",
         "Tetangga", ""],
    ]  # fmt: skip
    people_before = Person.objects.count()
    batch = _check(school, dapodik_csv(rows))
    assert batch.row_count == 8 and batch.skipped_blank == 1 and batch.problem_count == 5
    problems = {r["line"]: " ".join(r["problems"]) for r in batch.rows if r["problems"]}
    # The file's lines as a spreadsheet numbers them: two title lines, then the header.
    assert "sudah ada di baris 4" in problems[8]
    assert "31/02/2010" in problems[9]
    assert "Melati" in problems[10]
    assert "sudah terdaftar" in problems[11]
    assert "10 angka" in problems[12] and "Tetangga" in problems[12]
    record_policy(school.org, school.koordinator)
    with pytest.raises(ValidationError):
        imports.apply_import(by=school.koordinator, batch=batch)
    assert Person.objects.count() == people_before
    assert not Guardian.objects.filter(full_name="Rahmat Siregar").exists()


def test_applying_a_good_csv_saves_students_classes_and_guardians_with_their_names_intact(school):
    batch = _check(school, dapodik_csv(GOOD))
    assert batch.can_apply
    with pytest.raises(ValidationError, match="dasar hukum"):
        imports.apply_import(by=school.koordinator, batch=batch)
    assert not Person.objects.filter(full_name="Nur'aini Siregar").exists()
    record_policy(school.org, school.koordinator)
    imports.apply_import(by=school.koordinator, batch=batch)
    nuraini = Person.objects.get(full_name="Nur'aini Siregar")
    assert nuraini.cohort == school.cohort  # the existing X-1 of this year
    assert nuraini.birth_date == datetime.date(2010, 3, 25) and nuraini.gender == "female"
    assert nuraini.enrolment.nisn == "0081234561"
    guardian = nuraini.guardians.get()
    assert (guardian.full_name, guardian.relationship, guardian.phone) == (
        "Rahmat Siregar", "father", "081234567001",
    )  # fmt: skip
    ayu = Person.objects.get(full_name="I Gusti Ayu Pradnyādewi")
    assert ayu.birth_date == datetime.date(2010, 2, 14)
    new_class = Cohort.objects.get(organisation=school.org, name="XI IPA 2")
    assert new_class.grade == 11 and new_class.academic_year == school.cohort.academic_year
    assert Person.objects.get(full_name="Muh. Ma'ruf Al-Ghifari").cohort == new_class
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.rows == [] and batch.created_count == 3
    assert AuditEvent.objects.filter(verb="onboarding.import_applied", organisation=school.org)
    with pytest.raises(ValidationError):
        imports.apply_import(by=school.koordinator, batch=batch)


def test_an_excel_workbook_keeps_leading_zeros_and_reads_real_dates(school):
    record_policy(school.org, school.koordinator)
    data = dapodik_xlsx(
        [
            [1, "Ratna Dewi Pütri", "201", "P", 81234571, "Solo", datetime.datetime(2010, 5, 2),
             "X-1", "Sutrisno", "Kakek", "081234567010"],
            [None] * 11,
            [2, "Yohanes O'Neil Manurung", "202", "L", "0081234572", "Toba", "2010-06-07", "X-1",
             "", "", ""],
        ]
    )  # fmt: skip
    batch = _check(school, data, name="kelas.xlsx")
    assert batch.problem_count == 0 and batch.skipped_blank == 1
    imports.apply_import(by=school.koordinator, batch=batch)
    ratna = Person.objects.get(full_name="Ratna Dewi Pütri")
    assert ratna.enrolment.nisn == "0081234571"
    assert ratna.birth_date == datetime.date(2010, 5, 2)
    assert ratna.guardians.get().relationship == "grandparent"
    assert Person.objects.filter(full_name="Yohanes O'Neil Manurung").exists()


def test_a_file_without_the_columns_is_refused_whole(school):
    with pytest.raises(ValidationError, match="NISN"):
        _check(school, b"Nama,Kelas\nSiti,X-1\n")
    assert not Import.objects.exists()


def test_staff_come_in_with_first_logins_and_cards(school):
    record_policy(school.org, school.admin)
    csv = (
        b"Nama,Peran,Email\n"
        b"Rina Marlina,Guru BK,rina@sma.sch.id\n"
        b"Agus Salim,Wali Kelas,agus@sma.sch.id\n"
        b"Tono,Tukang Kebun,\n"
    )
    batch = imports.check_import(
        by=school.admin, organisation=school.org, kind="staff", file_name="ptk.csv", data=csv
    )
    assert batch.problem_count == 1 and "Tukang Kebun" in " ".join(batch.rows[2]["problems"])
    good = imports.check_import(
        by=school.admin, organisation=school.org, kind="staff", file_name="ptk.csv",
        data=csv.rsplit(b"Tono", 1)[0],
    )  # fmt: skip
    made = imports.apply_import(by=school.admin, batch=good)
    rina = User.objects.get(username="rina")
    assert rina.email == "rina@sma.sch.id" and rina.must_change_password
    assert not rina.privacy_notice_due  # staff are not shown the students' notice
    assert rina.memberships.get().role == "counselor"
    raw = {u.username: p for u, p in made}["rina"]
    assert rina.check_password(raw) and rina.password != raw


def test_a_coordinator_may_not_import_staff_roles(school):
    batch = imports.check_import(
        by=school.koordinator, organisation=school.org, kind="staff", file_name="ptk.csv",
        data=b"Nama,Peran\nRina,Guru BK\n",
    )  # fmt: skip
    assert batch.problem_count == 1


def test_only_the_coordinator_and_admin_import(school):
    for user in (school.konselor, school.walikelas, school.siswa):
        with pytest.raises(PermissionDenied):
            imports.check_import(
                by=user, organisation=school.org, kind="students", file_name="k.csv",
                data=dapodik_csv(GOOD),
            )  # fmt: skip


def test_the_upload_page_previews_then_applies(school, client: Client):
    record_policy(school.org, school.koordinator)
    client.force_login(school.koordinator)
    bad = [*GOOD, ["4", "Dewi", "104", "P", "0081234561", "Bogor", "2010-01-01", "X-1", "", "", ""]]
    answer = client.post(
        "/onboarding/import/",
        {"kind": "students", "file": SimpleUploadedFile("kelas.csv", dapodik_csv(bad))},
    )
    assert answer.status_code == 302
    preview = client.get(answer["Location"])
    assert preview.status_code == 200
    assert 'data-testid="import-report"' in preview.content.decode()
    assert 'data-testid="apply-import"' not in preview.content.decode()
    answer = client.post(
        "/onboarding/import/",
        {"kind": "students", "file": SimpleUploadedFile("kelas.csv", dapodik_csv(GOOD))},
    )
    batch = Import.objects.get(pk=answer["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/onboarding/import/{batch.pk}/apply/").status_code == 302
    assert Person.objects.filter(full_name="Nur'aini Siregar").exists()
    client.force_login(school.konselor)
    assert client.get(f"/onboarding/import/{batch.pk}/").status_code == 404


def test_the_guardian_letter_says_what_the_students_read(school, client: Client):
    record_policy(school.org, school.koordinator)
    client.force_login(school.koordinator)
    answer = client.get("/onboarding/guardian-letter.pdf")
    assert answer["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(answer.content).split())
    assert school.org.name in text and "Bu Rina, 0812 1111 2222" in text
    notice = client.get("/welcome/privacy/").content.decode()
    assert "UU 27/2022" in text
    # The one exception, in the same words in both.
    assert "dalam bahaya" in text and "dalam bahaya" in notice
