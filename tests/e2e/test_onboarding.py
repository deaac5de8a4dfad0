"""A school joins: the coordinator records the legal basis, imports a class list with one
bad row (sees the report, fixes the file, applies), prints the login cards; a student logs
in for the first time with the card, chooses a password and acknowledges the notice."""

import re
import urllib.request
from pathlib import Path

from conftest import PASSWORD
from rangkul.accounts.models import User
from rangkul.onboarding.tests.factories import dapodik_csv, pdf_text
from tests.e2e.conftest import login, logout

ROWS = [
    ["1", "Nur'aini Siregar", "101", "P", "0081234561", "Medan", "2010-03-25", "X-1",
     "Rahmat Siregar", "Ayah", "0812 3456 7001"],
    ["2", "Bayu Pradnyānā", "102", "L", "0081234562", "Bali", "2010-04-02", "X-1", "", "", ""],
]  # fmt: skip
BAD_ROW = ["3", "Citra Ayu", "103", "P", "0081234561", "Bogor", "2010-13-01", "X-1", "", "", ""]


def _upload(phone, url: str, data: bytes) -> None:
    phone.goto(f"{url}/onboarding/import/")
    phone.locator("select[name=kind]").select_option("students")
    phone.locator("input[name=file]").set_input_files(
        {"name": "kelas-x1.csv", "mimeType": "text/csv", "buffer": data}
    )
    phone.get_by_role("button", name="Periksa berkas").click()
    phone.wait_for_url(re.compile(r"/onboarding/import/[0-9a-f-]+/$"))


def test_coordinator_imports_and_prints_cards_student_logs_in_first_time(
    transactional_db, school, live_server, phone, tmp_path: Path
):
    url = live_server.url
    urllib.request.urlopen(f"{url}/login/", timeout=120).close()
    login(phone, url, "koordinator1", PASSWORD)

    # The legal basis comes first.
    phone.goto(f"{url}/onboarding/data-policy/")
    phone.locator("input[name=legal_basis][value=public_task]").check()
    phone.locator("textarea[name=basis_explanation]").fill("Layanan BK, Permendikbud 111/2014.")
    phone.locator("input[name=controller_contact]").fill("Bu Rina, 0812 1111 2222")
    phone.locator("select[name=notice_channel]").select_option("letter")
    phone.locator("input[name=notice_sent_on]").fill("2026-07-20")
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url(re.compile(r"/onboarding/$"))

    # A file with one bad row: the report names it, and nothing can be applied.
    _upload(phone, url, dapodik_csv([*ROWS, BAD_ROW]))
    report = phone.get_by_test_id("import-report")
    assert "0081234561" in report.inner_text() and "2010-13-01" in report.inner_text()
    assert phone.get_by_test_id("apply-import").count() == 0

    # Fixed: the row is removed; every row is correct; applied.
    _upload(phone, url, dapodik_csv(ROWS))
    phone.get_by_test_id("apply-import").click()
    phone.wait_for_url(re.compile(r"/onboarding/$"))
    phone.get_by_role("link", name="X-1").click()
    assert "Nur'aini Siregar" in phone.locator("main").inner_text()

    with phone.expect_download() as download:
        phone.get_by_test_id("print-cards").click()
    cards = pdf_text(Path(download.value.path()).read_bytes())
    assert "0081234561" in cards and "Nur'aini Siregar" in cards
    line = next(line for line in cards.splitlines() if "sekali pakai" in line.lower())
    one_time = line.split()[-1]
    logout(phone)

    # The student: card in hand.
    login(phone, url, "0081234561", one_time)
    phone.wait_for_url(re.compile(r"/welcome/password/$"))
    phone.locator("input[name=new_password1]").fill("pelangi-senja-2026")
    phone.locator("input[name=new_password2]").fill("pelangi-senja-2026")
    phone.get_by_role("button", name="Simpan kata sandiku").click()
    phone.wait_for_url(re.compile(r"/welcome/privacy/$"))
    assert "dalam bahaya" in phone.locator("main").inner_text()
    phone.get_by_label("Aku sudah membaca ini dan memahaminya.").check()
    phone.get_by_role("button", name="Lanjut").click()
    phone.wait_for_url(f"{url}/")
    user = User.objects.get(username="0081234561")
    assert not user.must_change_password and user.privacy_notice_acknowledged_at is not None
