"""The promise after a peer has accepted: every message and contact log in a peer case is
checked, an urgent one hands the case to a counselor at once, a concern asks for a
hand-over, contact outside Rangkul is flagged, and stepping down is refused while at risk."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rangkul.cases import permissions, services
from rangkul.cases.models import NoteKind, RiskLevel, Tier, TierChange
from rangkul.cases.queries import thread
from rangkul.cases.tests.conftest import ask
from rangkul.notifications.models import Kind, Notification
from rangkul.safety import services as safety
from rangkul.safety.models import Alert, AlertSource, AlertStatus, DutyShift

URGENT = "aku pengen mati aja, udah nyiapin obat"
CONCERN = "aku ngerasa putus asa terus, udah gak ada harapan"


def test_an_urgent_message_from_the_student_hands_the_case_to_a_counselor_at_once(
    school, peer_case
):
    services.send_message(
        by=school.siswa, case=peer_case, text="hai kak, makasih udah mau dengerin"
    )
    message = services.send_message(by=school.siswa, case=peer_case, text=URGENT)
    peer_case.refresh_from_db()
    assert peer_case.tier == Tier.COUNSELING
    assert peer_case.risk_level == RiskLevel.HIGH
    # Nobody on duty in this test: the coordinator becomes responsible.
    assert peer_case.lead == school.koordinator
    assert peer_case.tier_changes.get().kind == TierChange.Kind.HANDOVER
    alert = Alert.objects.get(source=AlertSource.MESSAGE)
    assert alert.case == peer_case and alert.severity == "urgent"
    # The peer keeps what came before, never the new message, and may no longer write.
    seen = [m.text for m in thread(school.sebaya, peer_case)]
    assert seen == ["hai kak, makasih udah mau dengerin"]
    assert not permissions.can_read_message(school.sebaya, message)
    assert not permissions.can_send_message(school.sebaya, peer_case)
    assert permissions.can_read_message(school.koordinator, message)
    kinds = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    assert (school.sebaya.pk, Kind.CASE_TAKEN_OVER) in kinds
    assert (school.siswa.pk, Kind.REQUEST_UPDATE) in kinds
    assert (school.koordinator.pk, Kind.CASE_ASSIGNED) in kinds


def test_the_counselor_on_duty_takes_the_case(school, peer_case):
    now = timezone.now().astimezone(school.org.zone)
    DutyShift.objects.create(
        organisation=school.org,
        user=school.konselor,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    services.send_message(by=school.siswa, case=peer_case, text=URGENT)
    peer_case.refresh_from_db()
    assert peer_case.lead == school.konselor


def test_an_urgent_contact_log_hands_the_case_over_too(school, peer_case):
    services.add_note(
        by=school.sebaya,
        case=peer_case,
        text="Dia bilang pengen bunuh diri malam ini",
        kind=NoteKind.CONTACT_LOG,
    )
    peer_case.refresh_from_db()
    assert peer_case.tier == Tier.COUNSELING and peer_case.lead is not None
    assert Alert.objects.get().source == AlertSource.CONTACT_LOG


def test_a_concern_adds_a_counselor_and_asks_the_peer_to_hand_over(school, peer_case):
    services.send_message(by=school.siswa, case=peer_case, text=CONCERN)
    peer_case.refresh_from_db()
    assert Alert.objects.filter(case=peer_case).exists(), "the text should be a concern"
    assert peer_case.tier == Tier.PEER  # the peer hands over themselves
    assert peer_case.lead == school.sebaya
    assert school.koordinator in peer_case.team.all()
    kinds = {(n.recipient_id, n.kind) for n in Notification.objects.all()}
    assert (school.sebaya.pk, Kind.HANDOVER_ADVISED) in kinds
    assert (school.koordinator.pk, Kind.PEER_CASE_FLAGGED) in kinds


@pytest.mark.parametrize(
    ("who", "text", "reason"),
    [
        ("sebaya", "chat aku di WA aja ya biar gampang", "off_platform"),
        ("sebaya", "ini nomorku 0812 3456 7890", "phone_number"),
        ("siswa", "follow ig aku @siswa.satu ya kak", "off_platform"),
    ],
)
def test_contact_outside_rangkul_is_flagged_to_the_supervisors(
    school, peer_case, who, text, reason
):
    author = getattr(school, who)
    services.send_message(by=author, case=peer_case, text=text)
    alert = Alert.objects.get(source=AlertSource.PEER_BOUNDARY)
    assert alert.case == peer_case and alert.severity == "concern"
    assert alert.boundary_reasons == [reason]
    assert alert.evidence["writer"] == ("peer" if who == "sebaya" else "student")
    assert Notification.objects.filter(
        recipient=school.koordinator, kind=Kind.PEER_CASE_FLAGGED
    ).exists()
    peer_case.refresh_from_db()
    assert peer_case.tier == Tier.PEER


def test_ordinary_talk_changes_nothing(school, peer_case):
    services.send_message(by=school.siswa, case=peer_case, text="besok ujian matematika, deg-degan")
    services.send_message(
        by=school.sebaya, case=peer_case, text="semangat ya, kita bahas di sini aja"
    )
    peer_case.refresh_from_db()
    assert peer_case.tier == Tier.PEER and not Alert.objects.exists()


def test_stepping_down_to_a_peer_is_refused_while_an_alert_is_open(school, peer_case):
    services.send_message(by=school.siswa, case=peer_case, text=URGENT)
    peer_case.refresh_from_db()
    with pytest.raises(ValidationError, match="peringatan keselamatan"):
        services.change_tier(
            by=school.koordinator, case=peer_case, to_tier=Tier.PEER, reason="membaik"
        )
    alert = Alert.objects.get()
    safety.resolve_alert(by=school.koordinator, alert=alert, note="aman")
    with pytest.raises(ValidationError, match="Risiko"):
        services.change_tier(
            by=school.koordinator, case=peer_case, to_tier=Tier.PEER, reason="membaik"
        )
    services.update_case(by=school.koordinator, case=peer_case, risk_level=RiskLevel.LOW)
    services.change_tier(by=school.koordinator, case=peer_case, to_tier=Tier.PEER, reason="membaik")
    peer_case.refresh_from_db()
    assert peer_case.tier == Tier.PEER
    assert Alert.objects.get().status == AlertStatus.RESOLVED


def test_a_case_opened_from_a_flagged_request_starts_at_the_detected_risk_with_its_alert(school):
    request = ask(school, text=URGENT, domain="personal")
    case = services.assign_request(by=school.konselor, support_request=request, to=school.konselor)
    assert case.risk_level == RiskLevel.HIGH
    assert Alert.objects.get().case == case


def test_the_peer_page_asks_for_a_hand_over_after_a_concern_only(school, peer_case, client):
    client.force_login(school.sebaya)
    services.send_message(by=school.siswa, case=peer_case, text="follow ig aku @siswa.satu ya kak")
    html = client.get(f"/cases/{peer_case.pk}/").content.decode()
    assert 'data-testid="handover-advised"' not in html
    services.send_message(by=school.siswa, case=peer_case, text=CONCERN)
    html = client.get(f"/cases/{peer_case.pk}/").content.decode()
    assert 'data-testid="handover-advised"' in html
    # The peer never sees the alert, the level or the protocol.
    assert 'data-testid="protocol"' not in html and 'data-testid="case-alert"' not in html
