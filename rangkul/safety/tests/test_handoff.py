"""The crisis hand-off: the case opened from a risky request shows what the student wrote,
the level and categories with the matched words, the alert with its ladder, how to reach
the student and the protocol checklist, whose ticks are audited. Reports about a friend
help find the friend. Counselors mark wrong detections; the marks are counted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.cases import services as cases
from rangkul.people.tests.factories import GuardianFactory, PersonFactory
from rangkul.safety import services
from rangkul.safety.models import Alert, DetectionFeedback, ProtocolTick, SafetySettings
from rangkul.safety.protocol import GUARDIAN, step_definitions

CRISIS = "aku pengen mati aja, udah nyiapin obat"
FRIEND = "temenku bilang dia mau bunuh diri malam ini, aku takut"


def crisis_case(school, text=CRISIS):
    request = cases.submit_request(
        by=school.siswa, organisation=school.org, text=text, domain="personal", urgency="medium"
    )
    case = cases.assign_request(by=school.konselor, support_request=request, to=school.konselor)
    return request, case


def test_the_case_from_a_risky_request_shows_text_level_alert_and_protocol(school, client: Client):
    school.siswa_person.phone = "0812 9999 0000"
    school.siswa_person.save()
    request, case = crisis_case(school)
    client.force_login(school.konselor)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert '<mark data-testid="matched">pengen mati aja</mark>' in html
    assert '<mark data-testid="matched">nyiapin obat</mark>' in html
    assert (
        'data-testid="safety-level">Urgent' in html or 'data-testid="safety-level">Mendesak' in html
    )
    assert 'data-testid="case-risk"' in html and case.risk_level == "high"
    alert = Alert.objects.get()
    assert f"/safety/alerts/{alert.pk}/" in html
    assert html.count('data-testid="protocol-step"') == 5
    assert 'data-testid="escalation"' in html
    assert "X-1" in html and school.walikelas.display_name() in html and "0812 9999 0000" in html
    assert AuditEvent.objects.filter(verb="alert.listed", actor=school.konselor).exists()


def test_the_student_and_the_peer_never_see_the_level_or_the_matched_words(school, client):
    request, case = crisis_case(school)
    client.force_login(school.siswa)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="matched"' not in html and 'data-testid="safety-level"' not in html
    assert 'data-testid="protocol"' not in html


def test_protocol_steps_are_ticked_once_and_audited(school):
    _request, case = crisis_case(school)
    alert = Alert.objects.get()
    tick = services.tick_step(by=school.konselor, alert=alert, step="ask")
    assert tick.label.startswith("Tanyakan langsung")  # the wording when ticked, in Indonesian
    event = AuditEvent.objects.get(verb="alert.protocol_ticked")
    assert event.actor == school.konselor and event.data == {"step": "ask", "answer": ""}
    with pytest.raises(ValidationError, match="sudah dicentang"):
        services.tick_step(by=school.koordinator, alert=alert, step="ask")
    with pytest.raises(ValidationError):
        services.tick_step(by=school.konselor, alert=alert, step="made-up")
    assert ProtocolTick.objects.count() == 1


def test_the_guardian_step_asks_the_counselor(school):
    crisis_case(school)
    alert = Alert.objects.get()
    with pytest.raises(ValidationError, match="wali"):
        services.tick_step(by=school.konselor, alert=alert, step=GUARDIAN)
    tick = services.tick_step(by=school.konselor, alert=alert, step=GUARDIAN, answer="not_safe")
    assert tick.answer == "not_safe" and tick.get_answer_display().startswith("Tidak dihubungi")


def test_the_organisation_writes_its_own_protocol_and_the_guardian_step_stays(school):
    SafetySettings.objects.create(
        organisation=school.org, protocol_steps="Hubungi Puskesmas Sukajadi\nIsi formulir TPPK"
    )
    from rangkul.safety.roster import settings_for

    steps = step_definitions(settings_for(school.org))
    assert [label for _key, label in steps][:2] == [
        "Hubungi Puskesmas Sukajadi",
        "Isi formulir TPPK",
    ]
    assert steps[-1][0] == GUARDIAN and len(steps) == 3


def test_a_peer_or_the_student_cannot_tick(school):
    crisis_case(school)
    alert = Alert.objects.get()
    for user in (school.siswa, school.sebaya, school.walikelas):
        with pytest.raises(PermissionDenied):
            services.tick_step(by=user, alert=alert, step="ask")


def test_a_report_about_a_friend_helps_find_the_friend(school, client: Client):
    friend = PersonFactory(
        organisation=school.org, full_name="Teman Dua", cohort=school.cohort, phone="0857 1234 5678"
    )
    cases.submit_request(
        by=school.siswa, organisation=school.org, text=FRIEND, domain="social", urgency="high"
    )
    alert = Alert.objects.get()
    assert alert.is_about_friend
    client.force_login(school.konselor)
    html = client.get(f"/safety/alerts/{alert.pk}/").content.decode()
    assert 'data-testid="friend-at-risk"' in html and "Teman Dua" in html
    answer = client.post(
        f"/safety/alerts/{alert.pk}/friend/", {"person": str(friend.pk), "note": "kelas X-1"}
    )
    assert answer.status_code == 302
    alert.refresh_from_db()
    assert alert.friend == friend and alert.friend_note == "kelas X-1"
    html = client.get(f"/safety/alerts/{alert.pk}/").content.decode()
    assert 'data-testid="friend-reach"' in html and "0857 1234 5678" in html
    assert AuditEvent.objects.filter(verb="alert.friend_identified").exists()


def test_a_friend_from_another_organisation_is_refused(school, other_school):
    cases.submit_request(
        by=school.siswa, organisation=school.org, text=FRIEND, domain="social", urgency="high"
    )
    with pytest.raises(ValidationError):
        services.identify_friend(
            by=school.konselor, alert=Alert.objects.get(), person=other_school.siswa_person
        )
    assert Alert.objects.get().friend is None


def test_marks_of_wrong_detections_are_counted_for_the_lead(school, client: Client):
    request, _case = crisis_case(school)
    alert = Alert.objects.get()
    client.force_login(school.konselor)
    assert (
        client.post(
            f"/safety/alerts/{alert.pk}/feedback/", {"kind": "too_high", "note": "bercanda"}
        ).status_code
        == 302
    )
    calm = cases.submit_request(
        by=school.siswa,
        organisation=school.org,
        text="aku capek banget sama semuanya",
        domain="personal",
        urgency="medium",
        helper_choice="counselor",
    )
    assert client.post(f"/triage/{calm.pk}/feedback/", {"kind": "missed"}).status_code == 302
    marks = {(m.kind, m.detected_level) for m in DetectionFeedback.objects.all()}
    assert marks == {("too_high", "urgent"), ("missed", calm.safety_level)}
    # Only the coordinator and the safeguarding lead read the count.
    assert client.get("/safety/detection-feedback/").status_code == 404
    client.force_login(school.koordinator)
    html = client.get("/safety/detection-feedback/").content.decode()
    assert 'data-testid="missed-count">1<' in html and 'data-testid="too-high-count">1<' in html
    SafetySettings.objects.create(organisation=school.org, safeguarding_lead=school.walikelas)
    client.force_login(school.walikelas)
    assert client.get("/safety/detection-feedback/").status_code == 200


def test_a_bad_mark_changes_nothing(school):
    crisis_case(school)
    with pytest.raises(ValidationError):
        services.mark_detection(by=school.konselor, alert=Alert.objects.get(), kind="maybe")
    assert not DetectionFeedback.objects.exists()


def test_the_api_ticks_names_the_friend_and_marks_on_the_same_services(school, client: Client):
    crisis_case(school)
    alert = Alert.objects.get()
    client.force_login(school.konselor)
    ticked = client.post(
        f"/api/v1/alerts/{alert.pk}/protocol",
        {"step": GUARDIAN, "answer": "contacted"},
        content_type="application/json",
    )
    assert ticked.status_code == 200
    guardian = next(s for s in ticked.json()["protocol"] if s["key"] == GUARDIAN)
    assert guardian["done"] and guardian["answer"] == "contacted"
    assert guardian["by_id"] == str(school.konselor.public_id)
    again = client.post(
        f"/api/v1/alerts/{alert.pk}/protocol",
        {"step": GUARDIAN, "answer": "contacted"},
        content_type="application/json",
    )
    assert again.status_code in (400, 422) and ProtocolTick.objects.count() == 1
    friend = client.post(
        f"/api/v1/alerts/{alert.pk}/friend",
        {"person_id": str(school.siswa_person.pk)},
        content_type="application/json",
    )
    assert friend.status_code == 200 and friend.json()["friend_id"] == str(school.siswa_person.pk)
    marked = client.post(
        f"/api/v1/alerts/{alert.pk}/feedback", {"kind": "too_high"}, content_type="application/json"
    )
    assert marked.status_code == 201 and marked.json()["detected_level"] == "urgent"
    client.force_login(school.siswa)
    assert (
        client.post(
            f"/api/v1/alerts/{alert.pk}/feedback",
            {"kind": "missed"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_the_guardian_step_refuses_contacting_a_guardian_flagged_as_the_source_of_harm(school):
    crisis_case(school)
    alert = Alert.objects.get()
    GuardianFactory(
        person=school.siswa_person,
        may_contact=False,
        do_not_contact=True,
        do_not_contact_note="Diduga pelaku kekerasan di rumah.",
    )
    with pytest.raises(ValidationError, match="tidak boleh dihubungi"):
        services.tick_step(by=school.konselor, alert=alert, step=GUARDIAN, answer="contacted")
    assert ProtocolTick.objects.count() == 0
    tick = services.tick_step(by=school.konselor, alert=alert, step=GUARDIAN, answer="not_safe")
    assert tick.answer == "not_safe"
