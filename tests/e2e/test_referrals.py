"""A referral out, closed-loop, in a real browser: counselor -> provider -> counselor."""

import urllib.request
from datetime import timedelta

from django.utils import timezone

from conftest import PASSWORD
from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.cases import services as cases
from rangkul.cases.models import Tier
from rangkul.referrals.models import Channel, ReferralOut, ReferralStatus
from rangkul.referrals.tests.factories import ProviderFactory
from tests.e2e.conftest import login, logout


def test_counselor_refers_provider_completes_counselor_sees_feedback(
    transactional_db, school, live_server, phone
):
    url = live_server.url
    biro = OrganisationFactory(kind=OrganisationKind.PROVIDER, npsn="", name="Biro Sahabat")
    member(biro, Role.PROVIDER, username="psikolog")
    ProviderFactory(
        organisation=school.org,
        name="Biro Sahabat",
        channel=Channel.IN_RANGKUL,
        provider_organisation=biro,
    )
    case = cases.open_case(by=school.konselor, person=school.siswa_person, lead=school.konselor)

    # The first request imports every URL module; on a busy machine that can outlast the
    # browser's navigation timeout, so it is made once here with a generous one.
    urllib.request.urlopen(f"{url}/login/", timeout=120).close()

    # The counselor records the student's own consent on the person record.
    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/people/{school.siswa_person.pk}/")
    phone.get_by_text("Catat persetujuan").click()
    form = phone.get_by_test_id("consent-form")
    form.locator("input[name=basis][value=person]").check()
    form.locator("select[name=scope]").select_option("referral")
    form.locator("button[type=submit]").click()
    phone.get_by_test_id("consent").wait_for()

    # From the case, a referral to the provider, sharing the default name and age.
    phone.goto(f"{url}/cases/{case.pk}/")
    phone.get_by_test_id("refer-out").click()
    form = phone.get_by_test_id("referral-form")
    form.locator("select[name=provider]").select_option(label="Biro Sahabat (Psikolog)")
    form.locator("textarea[name=reason]").fill("Gejala kecemasan berat, perlu asesmen psikolog.")
    form.locator("input[name=urgency][value=soon]").check()
    form.locator("select[name=consent]").select_option(index=1)
    form.locator("button[type=submit]").click()
    phone.get_by_test_id("send-referral").click()
    assert phone.get_by_test_id("referral-status").inner_text() == "Terkirim"
    logout(phone)

    # The provider answers: accepted, appointment, completed with feedback.
    login(phone, url, "psikolog", PASSWORD)
    assert phone.get_by_test_id("referrals-new").inner_text() == "1"
    phone.goto(f"{url}/referrals/received/")
    phone.get_by_test_id("received-referral").get_by_role("link").click()
    page_text = phone.content()
    assert "Gejala kecemasan berat" in page_text and school.siswa_person.full_name in page_text
    form = phone.get_by_test_id("answer-form")
    form.locator("select[name=to]").select_option("accepted")
    form.locator("button[type=submit]").click()
    assert phone.get_by_test_id("referral-status").inner_text() == "Diterima"
    form = phone.get_by_test_id("answer-form")
    form.locator("select[name=to]").select_option("appointment_set")
    when = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    form.locator("input[name=appointment_at]").fill(when)
    form.locator("button[type=submit]").click()
    form = phone.get_by_test_id("answer-form")
    form.locator("select[name=to]").select_option("completed")
    form.locator("textarea[name=feedback]").fill("Tiga sesi selesai, pantau di BK.")
    form.locator("button[type=submit]").click()
    assert phone.get_by_test_id("referral-status").inner_text() == "Selesai"
    logout(phone)

    referral = ReferralOut.objects.get()
    assert referral.status == ReferralStatus.COMPLETED
    case.refresh_from_db()
    assert case.tier == Tier.SPECIALIST

    # The counselor sees the feedback on the case timeline and closes the loop.
    login(phone, url, "konselor1", PASSWORD)
    phone.goto(f"{url}/cases/{case.pk}/")
    assert (
        "Tiga sesi selesai, pantau di BK."
        in phone.get_by_test_id("referral-feedback").last.inner_text()
    )
    phone.goto(f"{url}/referrals/{referral.pk}/")
    form = phone.get_by_test_id("return-form")
    form.locator("select[name=tier]").select_option("counseling")
    form.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.tier == Tier.COUNSELING
