"""Personal-data rights in a real browser: a coordinator exports, then erases, a record."""

import json
import urllib.request
from pathlib import Path

from conftest import PASSWORD
from rangkul.cases import services as cases
from rangkul.people.models import Person
from rangkul.privacy.models import Erasure
from tests.e2e.conftest import login


def test_coordinator_exports_then_erases_a_persons_record(
    transactional_db, school, live_server, phone
):
    url = live_server.url
    request = cases.submit_request(
        by=school.siswa, organisation=school.org, domain="personal", urgency="low",
        text="Aku sulit tidur karena memikirkan nilai", helper_choice="counselor",
    )  # fmt: skip
    cases.assign_request(by=school.konselor, support_request=request, to=school.konselor)
    urllib.request.urlopen(f"{url}/login/", timeout=120).close()

    login(phone, url, "koordinator1", PASSWORD)
    phone.goto(f"{url}/people/{school.siswa_person.pk}/")
    phone.get_by_test_id("privacy-link").click()
    review = phone.get_by_test_id("export-review")
    assert "Permintaan bantuan: 1" in review.inner_text()

    with phone.expect_download() as download:
        phone.get_by_test_id("export-json").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["full_name"] == "Siswa Satu 1"
    assert data["sections"]["requests"][0]["text"] == "Aku sulit tidur karena memikirkan nilai"

    phone.get_by_label("Saya mengerti bahwa data orang ini").check()
    phone.wait_for_load_state()  # the script that asks first runs once the page has loaded
    phone.get_by_test_id("erase").click()
    # The accessible confirmation dialog: "Go back" has the focus; confirm explicitly.
    phone.get_by_test_id("confirm-ok").click()
    phone.get_by_test_id("erased").wait_for()
    assert Erasure.objects.filter(person=school.siswa_person).exists()
    assert Person.objects.get(pk=school.siswa_person.pk).full_name != "Siswa Satu 1"
