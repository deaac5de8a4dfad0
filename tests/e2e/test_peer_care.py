"""Looking after peer support, across roles on a phone: a peer marks a contact done, the
student answers the two-question pulse, the peer cannot see it, the coordinator sees only
the suppressed count; a peer's worrying answer in the wellbeing check-in raises an alert
the counselor sees, and the peer's supervisor is told."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import PASSWORD
from rangkul.activities.models import ActivityStatus, ContactPulse, Kind
from rangkul.activities.tests.factories import ActivityFactory, make_peer_case, take_part
from rangkul.notifications.models import Notification
from rangkul.peers import services as peer_services
from rangkul.peers.tests.factories import matchable_peer
from rangkul.safety.models import Alert
from rangkul.screenings import peer_checks
from tests.e2e.conftest import login, logout, page_width


def test_pulse_and_wellbeing_across_roles(
    transactional_db, school: Any, live_server: Any, phone: Any
):
    base = live_server.url
    profile = matchable_peer(school.org, school.sebaya)
    peer_services.set_supervisor(by=school.koordinator, profile=profile, supervisor=school.konselor)
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    meeting = take_part(
        ActivityFactory(
            organisation=school.org,
            kind=Kind.PEER_MEETING,
            facilitator=school.sebaya,
            case=case,
            status=ActivityStatus.SCHEDULED,
            starts_at=timezone.now() - timedelta(hours=1),
        ),
        school.siswa_person,
    )

    # The live server's first page loads every module; on a busy machine that takes long.
    phone.goto(f"{base}/login/", timeout=240_000)

    # The peer marks the meeting done.
    login(phone, base, school.sebaya.username, PASSWORD)
    phone.goto(f"{base}/activities/{meeting.pk}/")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Tandai selesai").click()
    pulse = ContactPulse.objects.get(activity=meeting)
    logout(phone)

    # The student finds the pulse on the home page and answers it on the phone.
    login(phone, base, school.siswa.username, PASSWORD)
    phone.wait_for_url(f"{base}/")
    phone.locator('[data-tile="contact_pulse"] a').first.click()
    phone.wait_for_url(f"{base}/activities/pulse/{pulse.pk}/")
    assert "Apakah kamu merasa didengarkan?" in phone.content()
    assert page_width(phone) <= 360
    phone.locator("input[name=felt_heard][value=yes]").check()
    phone.locator("input[name=talk_again][value=no]").check()
    phone.get_by_test_id("pulse-form").get_by_role("button").click()
    phone.wait_for_url(f"{base}/")
    pulse.refresh_from_db()
    assert (pulse.felt_heard, pulse.talk_again) == ("yes", "no")
    logout(phone)

    # The peer cannot open it, nor the programme's figures.
    login(phone, base, school.sebaya.username, PASSWORD)
    assert phone.goto(f"{base}/activities/pulse/{pulse.pk}/").status == 404
    assert phone.goto(f"{base}/screenings/peers/").status == 404
    phone.goto(f"{base}/activities/{meeting.pk}/")
    assert "didengarkan" not in phone.content()

    # The wellbeing check-in: a worrying answer raises the alert at once.
    peer_checks.open_wellbeing_checkins()
    phone.goto(f"{base}/screenings/mine/")
    phone.locator("main a[href*='/screenings/a/']").first.click()
    phone.wait_for_url(f"{base}/screenings/a/**")
    with phone.expect_response(lambda r: r.url.endswith("/save/") and r.request.method == "POST"):
        phone.get_by_test_id("answer-q6-1").check()
    phone.get_by_test_id("crisis-screen").wait_for()
    alert = Alert.objects.get()
    assert alert.person.user == school.sebaya and alert.severity == "urgent"
    logout(phone)

    # The coordinator sees the pulse only as a suppressed count.
    login(phone, base, school.koordinator.username, PASSWORD)
    phone.goto(f"{base}/screenings/peers/")
    assert phone.get_by_test_id("pulse-answered").inner_text() == "<5"
    logout(phone)

    # The supervisor (a counselor) sees the alert and was told about their peer.
    login(phone, base, school.konselor.username, PASSWORD)
    phone.goto(f"{base}/safety/alerts/")
    assert "Sebaya 1" in phone.get_by_test_id("alert-row").first.inner_text()
    told = Notification.objects.get(kind="peer_wellbeing_flagged")
    assert told.recipient == school.konselor
