import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.cases import queries, services
from rangkul.cases.models import CaseStatus, Tier, TierChange
from rangkul.composition.timeline import timeline
from rangkul.safety.models import Alert


def test_status_moves_only_along_the_transition_table(counseling_case, school):
    case = services.change_status(by=school.konselor, case=counseling_case, to="on_hold")
    assert case.status == CaseStatus.ON_HOLD
    with pytest.raises(ValidationError) as exc:
        services.change_status(by=school.konselor, case=case, to="reopened")
    assert "tidak dapat menjadi" in " ".join(exc.value.messages)


def test_closing_needs_an_outcome_and_reopening_clears_it(counseling_case, school):
    with pytest.raises(ValidationError):
        services.close_case(by=school.konselor, case=counseling_case, outcome="")
    case = services.close_case(
        by=school.konselor, case=counseling_case, outcome="improved", closing_note="Sudah membaik"
    )
    assert case.status == CaseStatus.CLOSED and case.closed_at and case.outcome == "improved"
    case = services.reopen_case(by=school.konselor, case=case)
    assert case.status == CaseStatus.REOPENED and case.outcome == "" and case.closed_at is None


def test_escalate_and_step_down_are_kept_with_reason_and_actor(counseling_case, school):
    services.change_tier(
        by=school.konselor, case=counseling_case, to_tier="specialist", reason="Perlu psikolog"
    )
    services.change_tier(
        by=school.konselor, case=counseling_case, to_tier="counseling", reason="Sudah stabil"
    )
    changes = list(TierChange.objects.filter(case=counseling_case))
    assert [(c.kind, c.to_tier, c.by) for c in changes] == [
        ("escalate", "specialist", school.konselor),
        ("step_down", "counseling", school.konselor),
    ]
    assert AuditEvent.objects.filter(verb="case.escalated").exists()


def test_a_peer_hands_over_to_the_counselor_queue(peer_case, school):
    case = services.hand_over(by=school.sebaya, case=peer_case, reason="Masalahnya berat")
    assert case.tier == Tier.COUNSELING and case.lead is None
    assert case in queries.counselor_queue(school.konselor, school.org.id)
    assert not Alert.objects.exists()
    assert TierChange.objects.get(case=case).kind == "handover"


def test_a_handover_saying_someone_may_be_in_danger_raises_an_urgent_alert(peer_case, school):
    services.hand_over(by=school.sebaya, case=peer_case, reason="Dia cerita hal berat", danger=True)
    alert = Alert.objects.get(case=peer_case)
    assert alert.severity == "urgent" and alert.source == "peer_handover"


def test_a_counselor_takes_a_handed_over_case(peer_case, school):
    services.hand_over(by=school.sebaya, case=peer_case, reason="Perlu konselor")
    case = services.set_lead(by=school.konselor, case=peer_case, lead=school.konselor)
    assert case.lead == school.konselor


def test_peers_cannot_escalate_or_close_counseling_cases(counseling_case, school):
    with pytest.raises(PermissionDenied):
        services.change_tier(
            by=school.sebaya, case=counseling_case, to_tier="specialist", reason="x"
        )


def test_restricted_notes_show_only_that_they_exist(counseling_case, school, other_school, client):
    services.add_note(
        by=school.konselor,
        case=counseling_case,
        text="Isi sangat rahasia",
        confidentiality="restricted",
    )
    services.set_team(by=school.konselor, case=counseling_case, members=[school.koordinator])
    from rangkul.accounts.tests.factories import member

    colleague = member(school.org, "counselor", username="konselor_lain")
    services.set_team(by=school.konselor, case=counseling_case, members=[colleague])
    client.force_login(colleague)
    page = client.get(f"/cases/{counseling_case.pk}/").content.decode()
    assert "Isi sangat rahasia" not in page
    assert "Ada catatan terbatas." in page
    # The coordinator sees that it exists and may only open it with a reason.
    client.force_login(school.koordinator)
    page = client.get(f"/cases/{counseling_case.pk}/").content.decode()
    assert "Isi sangat rahasia" not in page and 'data-testid="break-glass"' in page
    client.force_login(school.siswa)
    page = client.get(f"/cases/{counseling_case.pk}/").content.decode()
    assert "Isi sangat rahasia" not in page and "catatan terbatas" not in page


def test_peers_write_contact_logs_not_clinical_notes(peer_case, school):
    services.add_note(by=school.sebaya, case=peer_case, text="Ngobrol 15 menit", kind="contact_log")
    with pytest.raises(PermissionDenied):
        services.add_note(by=school.sebaya, case=peer_case, text="Diagnosis", kind="note")


def test_a_contact_log_with_crisis_words_raises_an_alert(peer_case, school):
    services.add_note(
        by=school.sebaya,
        case=peer_case,
        kind="contact_log",
        text="Dia bilang sudah nyilet tangan lagi semalam",
    )
    assert Alert.objects.filter(case=peer_case, source="contact_log").exists()


def test_viewing_a_case_is_audited_with_the_notes_shown(counseling_case, school, client):
    note = services.add_note(by=school.konselor, case=counseling_case, text="Catatan biasa")
    client.force_login(school.konselor)
    client.get(f"/cases/{counseling_case.pk}/")
    assert AuditEvent.objects.filter(verb="case.viewed", object_id=str(counseling_case.pk)).exists()
    seen = AuditEvent.objects.get(verb="note.viewed")
    assert seen.data["notes"] == [str(note.pk)]


def test_the_timeline_shows_request_tier_changes_and_notes_in_order(peer_case, school):
    services.hand_over(by=school.sebaya, case=peer_case, reason="Perlu konselor")
    services.set_lead(by=school.konselor, case=peer_case, lead=school.konselor)
    services.add_note(by=school.konselor, case=peer_case, text="Sesi pertama")
    kinds = [e.kind for e in timeline(school.konselor, peer_case)]
    assert kinds == ["request", "tier_change", "note"]


def test_the_person_record_lists_their_cases(counseling_case, school, client):
    client.force_login(school.konselor)
    page = client.get(f"/people/{school.siswa_person.pk}/").content.decode()
    assert f"/cases/{counseling_case.pk}/" in page


def test_the_case_page_rejects_bad_input_in_indonesian(counseling_case, school, client):
    client.force_login(school.konselor)
    response = client.post(
        f"/cases/{counseling_case.pk}/tier/", {"to_tier": "counseling", "reason": "x"}
    )
    assert response.status_code == 400
    assert "sudah berada di tingkat ini" in response.content.decode()


def test_the_lead_adds_a_colleague_to_the_team_who_then_sees_the_case(
    counseling_case, school, client
):
    from rangkul.accounts.tests.factories import member

    colleague = member(school.org, "counselor", username="rekan")
    client.force_login(school.konselor)
    response = client.post(
        f"/cases/{counseling_case.pk}/team/", {"members": [str(colleague.public_id)]}
    )
    assert response.status_code == 302
    assert list(counseling_case.team.all()) == [colleague]
    client.force_login(colleague)
    assert client.get(f"/cases/{counseling_case.pk}/").status_code == 200


def test_a_request_whose_case_has_a_team_is_listed_once(counseling_case, school, client):
    from rangkul.accounts.tests.factories import member

    team = [member(school.org, "counselor", username=f"konselor_tim{i}") for i in range(2)]
    services.set_team(by=school.konselor, case=counseling_case, members=team)
    # The coordinator sees every request; a team member sees it through the case.
    for reader in (school.koordinator, team[0]):
        client.force_login(reader)
        ids = [r["id"] for r in client.get("/api/v1/requests").json()["items"]]
        assert ids.count(str(counseling_case.request_id)) == 1
