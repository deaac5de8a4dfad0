"""A field worker in a real browser on a 360 px phone: registers beneficiaries (one while
the connection is down, sent once when it returns), logs a group session with attendance
and a PFA contact; the coordinator sees them on the programme dashboard."""

import re
import time
import urllib.request
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import override

from conftest import PASSWORD
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.activities.models import Group, GroupKind, Kind
from rangkul.people.models import Person
from rangkul.psychosocial.models import Beneficiary, PfaContact
from rangkul.psychosocial.tests import factories as f
from tests.e2e.conftest import login, logout, page_width


def _register(page, name: str, age: str, *, village: str = "") -> None:
    form = page.get_by_test_id("beneficiary-form")
    form.locator("input[name=full_name]").fill(name)
    form.locator("input[name=age]").fill(age)
    form.locator("input[name=household]").fill("KK-03")
    form.locator("input[name=vulnerabilities][value=displaced]").check()
    if village:
        form.locator("select[name=region_4]").select_option(village)
    form.locator("button[type=submit]").click()


def _wait_for(check, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_field_worker_registers_offline_logs_contacts_coordinator_sees_dashboard(
    transactional_db, live_server, phone
):
    url = live_server.url
    org = f.community("Posko Banjir Coblong")
    worker = member(org, Role.FIELD_WORKER, username="relawan")
    lead = member(org, Role.COORDINATOR, username="koordinator-posko")
    prog = f.programme(org, lead, team=[worker], name="Pascabanjir Coblong")
    urllib.request.urlopen(f"{url}/login/", timeout=120).close()

    login(phone, url, "relawan", PASSWORD)
    phone.goto(f"{url}/psychosocial/{prog.pk}/")
    phone.get_by_role("button", name="Daftarkan penerima manfaat").click()
    phone.wait_for_load_state()  # the picker and the offline drafts are scripts run on load

    # The picker starts at the programme's district; choosing another district loads its
    # villages from the server.
    form = phone.get_by_test_id("beneficiary-form")
    assert form.locator("select[name=region_3]").input_value() == f.DISTRICT
    form.locator("select[name=region_3]").select_option("32.73.01")
    form.locator("select[name=region_4] option[value='32.73.01.1001']").wait_for(state="attached")
    _register(phone, "Ayu Lestari", "9", village="32.73.01.1001")
    status = phone.locator("[data-draft-status]")
    status.get_by_text("Ayu Lestari").wait_for()
    _register(phone, "Bima Saputra", "35")
    status.get_by_text("Bima Saputra").wait_for()

    # The connection drops: the entry waits on the phone and the form is free again.
    phone.context.set_offline(True)
    _register(phone, "Citra Dewi", "62")
    status.get_by_text("Tidak ada koneksi").wait_for()
    assert phone.locator("input[name=full_name]").input_value() == ""
    assert not Person.objects.filter(full_name="Citra Dewi").exists()
    phone.context.set_offline(False)
    _wait_for(lambda: Person.objects.filter(full_name="Citra Dewi").exists())
    status.get_by_text("Citra Dewi").wait_for()
    phone.reload()  # the page opened again resends nothing: the entry was forgotten
    time.sleep(1)
    assert Person.objects.filter(full_name="Citra Dewi").count() == 1
    assert Beneficiary.objects.filter(programme=prog).count() == 3
    ayu = Beneficiary.objects.get(person__full_name="Ayu Lestari")
    assert ayu.region_id == "32.73.01.1001" and ayu.vulnerability_list == ["displaced"]

    # A group session in a child-friendly space, with attendance (the activities pages).
    group = Group.objects.create(
        organisation=org, name="Ruang Ramah Anak", kind=GroupKind.PSYCHOSOCIAL
    )
    group.members.set(Person.objects.filter(full_name__in=["Ayu Lestari", "Bima Saputra"]))
    phone.goto(f"{url}/activities/new/psychosocial_group/?group={group.pk}")
    when = timezone.localtime(timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    phone.locator("input[name=starts_at]").fill(when)
    phone.locator("input[name=present]").first.check()
    phone.locator("main form[method=post] button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/activities/[0-9a-f-]{36}/"))

    # A PFA contact: look, listen, link.
    phone.goto(f"{url}/psychosocial/{prog.pk}/pfa/new/")
    form = phone.get_by_test_id("pfa-form")
    form.locator("select[name=beneficiary]").select_option(label="Citra Dewi")
    form.locator("input[name=needs][value=basic_needs]").check()
    form.locator("input[name=needs][value=distress]").check()
    form.locator("textarea[name=information_given]").fill("Jadwal dapur umum dan pos kesehatan.")
    form.locator("input[name=follow_up]").fill("Kunjungi lagi di tenda pengungsian.")
    due = timezone.localdate() + timedelta(days=2)
    form.locator("input[name=follow_up_due]").fill(due.isoformat())
    form.locator("button[type=submit]").click()
    # The contact's text goes through the safety check, whose first use loads the detector.
    phone.wait_for_url(re.compile(r"/psychosocial/pfa/[0-9a-f-]{36}/"), timeout=90_000)
    assert "Tekanan psikologis" in phone.get_by_test_id("pfa-needs").inner_text()
    assert PfaContact.objects.count() == 1
    logout(phone)

    # The coordinator reads the dashboard.
    login(phone, url, "koordinator-posko", PASSWORD)
    phone.goto(f"{url}/psychosocial/{prog.pk}/")
    assert phone.get_by_test_id("reached-total").inner_text() == "3"
    activities = phone.get_by_test_id("activities").inner_text()
    with override("id"):
        assert str(Kind.PFA_CONTACT.label) in activities
        assert str(Kind.PSYCHOSOCIAL_GROUP.label) in activities
    assert "Citra Dewi" in phone.get_by_test_id("follow-ups").inner_text()
    vulnerable = phone.get_by_test_id("by-vulnerability").inner_text()
    assert re.search(r"Mengungsi\s+3", vulnerable)
    assert page_width(phone) <= 360


def test_district_chosen_before_the_picker_script_runs_still_loads_its_villages(
    transactional_db, live_server, phone
):
    """On a slow phone the form can be used before its script arrives; the district chosen
    then still brings its villages once the script runs."""
    url = live_server.url
    org = f.community("Posko Longsor Cibeunying")
    worker = member(org, Role.FIELD_WORKER, username="relawan-lambat")
    lead = member(org, Role.COORDINATOR, username="koordinator-lambat")
    prog = f.programme(org, lead, team=[worker], name="Pascalongsor Cibeunying")
    login(phone, url, "relawan-lambat", PASSWORD)

    held = []
    phone.route("**/js/regions.js", lambda route: held.append(route))
    phone.goto(f"{url}/psychosocial/{prog.pk}/beneficiaries/new/", wait_until="commit")
    form = phone.get_by_test_id("beneficiary-form")
    form.locator("select[name=region_3]").select_option("32.73.01")
    _wait_for(lambda: len(held) == 1)
    villages = form.locator("select[name=region_4] option[value='32.73.01.1001']")
    assert villages.count() == 0
    held[0].continue_()
    villages.wait_for(state="attached")
