"""Field work on a 360 px phone: a psychosocial group session with attendance, and a
community event with outside participants and outcomes."""

import urllib.request
from datetime import timedelta

from django.utils import timezone

from conftest import PASSWORD
from rangkul.activities.models import Activity, GroupKind, Kind
from rangkul.activities.tests.factories import GroupFactory
from rangkul.people.tests.factories import PersonFactory
from tests.e2e.conftest import login, page_width


def _fits_the_phone(page) -> bool:
    return page_width(page) <= page.evaluate("window.innerWidth") + 1


def test_a_field_worker_takes_attendance_and_records_a_community_event(
    transactional_db, community, relawan, beneficiary, live_server, phone
):
    url = live_server.url
    second = PersonFactory(organisation=community, full_name="Anak Kedua")
    third = PersonFactory(organisation=community, full_name="Anak Ketiga")
    group = GroupFactory(organisation=community, kind=GroupKind.PSYCHOSOCIAL, name="RRA Posko 1")
    group.members.set([beneficiary, second, third])
    urllib.request.urlopen(f"{url}/login/", timeout=120).close()
    login(phone, url, relawan.username, PASSWORD)
    when = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    phone.goto(f"{url}/activities/new/psychosocial_group/?group={group.pk}")
    phone.locator("input[name=starts_at]").fill(when)
    phone.locator("select[name=session_format]").select_option("child_friendly_space")
    phone.get_by_label("Anak Kedua").check()
    phone.get_by_label("Anak Ketiga").check()
    assert _fits_the_phone(phone)
    phone.get_by_role("button", name="Simpan").click()
    counts = phone.get_by_test_id("attendance-counts")
    assert counts.inner_text() == "2 dari 3 hadir, 1 tidak hadir"
    assert "Sesi ruang ramah anak" in phone.content()
    assert _fits_the_phone(phone)

    phone.goto(f"{url}/activities/systemic/")
    phone.get_by_role("button", name="Kegiatan masyarakat").first.click()
    phone.locator("input[name=starts_at]").fill(when)
    phone.locator("input[name=topic]").fill("Sosialisasi dukungan psikososial")
    phone.locator("textarea[name=outside_participants]").fill(
        "Pak Darto, kepala desa\nBu Wati, kader posyandu"
    )
    phone.locator("input[name=attendees]").fill("40 warga RW 03")
    assert _fits_the_phone(phone)
    phone.get_by_role("button", name="Simpan").click()
    outside = phone.get_by_test_id("outside-participants")
    assert "Pak Darto · kepala desa" in outside.inner_text()
    phone.locator("textarea[name=agreed_actions]").fill("Kader mendata anak yang butuh dukungan.")
    phone.get_by_role("button", name="Simpan hasil kegiatan").click()
    event = Activity.objects.get(kind=Kind.COMMUNITY_EVENT)
    assert event.agreed_actions == "Kader mendata anak yang butuh dukungan."
    assert _fits_the_phone(phone)
