"""The peer supporter's lifecycle: profiles made with the role, the transition table,
history rows, nominations and selection, profile edits and expiry reminders."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rangkul.accounts import services as accounts
from rangkul.accounts.models import Membership
from rangkul.audit.models import AuditEvent
from rangkul.notifications.models import Notification
from rangkul.peers import services
from rangkul.peers.models import (
    PEER_TRANSITIONS,
    Decision,
    NominationStatus,
    PeerProfile,
    PeerStatus,
)
from rangkul.peers.services import TOPIC_CODES
from rangkul.peers.tests.factories import matchable_peer

SCORES = {"empathy": 4, "reliability": 4, "discretion": 5, "motivation": 3}


def _next_year() -> date:
    return timezone.localdate() + timedelta(days=365)


def test_granting_the_role_anywhere_creates_a_candidate_profile(school):
    accounts.grant_role(
        by=school.admin, user=school.siswa, organisation=school.org, role="peer_supporter"
    )
    profile = PeerProfile.objects.get(organisation=school.org, user=school.siswa)
    assert profile.status == PeerStatus.CANDIDATE
    row = profile.history.get()
    assert row.to_status == PeerStatus.CANDIDATE and row.actor == school.admin
    assert AuditEvent.objects.filter(verb="peer.profile_created").exists()


def test_removing_the_role_makes_the_peer_an_alumnus_and_a_new_grant_a_candidate(school):
    accounts.grant_role(
        by=school.koordinator, user=school.siswa, organisation=school.org, role="peer_supporter"
    )
    membership = Membership.objects.get(user=school.siswa, role="peer_supporter")
    accounts.revoke_role(by=school.koordinator, membership=membership)
    profile = PeerProfile.objects.get(user=school.siswa)
    assert profile.status == PeerStatus.ALUMNI
    accounts.grant_role(
        by=school.koordinator, user=school.siswa, organisation=school.org, role="peer_supporter"
    )
    profile.refresh_from_db()
    assert profile.status == PeerStatus.CANDIDATE
    assert [h.to_status for h in profile.history.all()] == ["candidate", "alumni", "candidate"]


def test_the_full_path_to_active_is_recorded_with_actor_reason_and_date(school):
    accounts.grant_role(
        by=school.koordinator, user=school.siswa, organisation=school.org, role="peer_supporter"
    )
    profile = PeerProfile.objects.get(user=school.siswa)
    k = school.koordinator
    services.transition(by=k, profile=profile, to="selected", reason="Lulus seleksi")
    services.transition(by=k, profile=profile, to="in_training", reason="Ikut pelatihan")
    services.transition(
        by=k, profile=profile, to="certified", reason="Lulus", certified_until=_next_year()
    )
    services.transition(by=k, profile=profile, to="active", reason="Mulai bertugas")
    profile.refresh_from_db()
    assert profile.is_matchable_on(timezone.localdate())
    last = profile.history.last()
    assert last is not None
    assert (last.from_status, last.to_status, last.reason, last.actor) == (
        "certified",
        "active",
        "Mulai bertugas",
        k,
    )
    assert last.at is not None
    assert AuditEvent.objects.filter(verb="peer.status_changed").count() == 4


def test_illegal_moves_are_refused_and_change_nothing(school):
    profile = matchable_peer(school.org, school.sebaya, status=PeerStatus.CANDIDATE)
    with pytest.raises(ValidationError):
        services.transition(by=school.koordinator, profile=profile, to="active", reason="x")
    profile.refresh_from_db()
    assert profile.status == PeerStatus.CANDIDATE and not profile.history.exists()
    for source, targets in PEER_TRANSITIONS.items():
        assert source not in targets, "a status never moves to itself"


def test_activating_needs_an_unexpired_certificate(school):
    profile = matchable_peer(
        school.org,
        school.sebaya,
        status=PeerStatus.PAUSED,
        certified_until=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="kedaluwarsa|expired"):
        services.transition(by=school.koordinator, profile=profile, to="active", reason="x")


def test_a_reason_is_required_and_only_the_lead_moves_peers(school):
    profile = matchable_peer(school.org, school.sebaya)
    with pytest.raises(ValidationError):
        services.transition(by=school.koordinator, profile=profile, to="paused", reason=" ")
    with pytest.raises(PermissionDenied):
        services.transition(by=school.sebaya, profile=profile, to="paused", reason="Ujian")
    with pytest.raises(PermissionDenied):
        services.transition(by=school.konselor, profile=profile, to="paused", reason="Ujian")


def test_the_peer_edits_availability_but_not_trained_topics(school):
    profile = matchable_peer(school.org, school.sebaya)
    windows = [{"weekday": 0, "start": "13:00", "end": "15:00"}]
    services.update_profile(
        by=school.sebaya, profile=profile, availability=windows, max_open_cases=2
    )
    profile.refresh_from_db()
    assert profile.availability == windows and profile.max_open_cases == 2
    with pytest.raises(PermissionDenied):
        services.update_profile(by=school.sebaya, profile=profile, topics=["social"])
    services.update_profile(by=school.koordinator, profile=profile, topics=["social"])
    profile.refresh_from_db()
    assert profile.topics == ["social"]


@pytest.mark.parametrize(
    "changes",
    [
        {"availability": [{"weekday": 0, "start": "15:00", "end": "13:00"}]},
        {"availability": [{"weekday": 9, "start": "13:00", "end": "15:00"}]},
        {"languages": ["klingon"]},
        {"languages": []},
        {"max_open_cases": 0},
        {"topics": ["astrology"]},
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(school, changes):
    profile = matchable_peer(school.org, school.sebaya)
    before = PeerProfile.objects.values().get(pk=profile.pk)
    with pytest.raises(ValidationError):
        services.update_profile(by=school.koordinator, profile=profile, **changes)
    assert PeerProfile.objects.values().get(pk=profile.pk) == before


def test_topic_codes_are_the_request_topic_areas():
    from rangkul.cases.models import Domain

    assert set(TOPIC_CODES) == set(Domain.values)


def test_a_selected_nominee_gets_the_role_and_a_selected_profile(school):
    nomination = services.nominate(
        by=school.walikelas, organisation=school.org, nominee=school.siswa, why="Dipercaya teman"
    )
    record = services.decide_selection(
        by=school.koordinator, nomination=nomination, scores=SCORES, decision=Decision.SELECTED
    )
    assert record.total == 16
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SELECTED
    assert Membership.objects.filter(user=school.siswa, role="peer_supporter").exists()
    profile = PeerProfile.objects.get(user=school.siswa)
    assert profile.status == PeerStatus.SELECTED
    with pytest.raises(ValidationError):
        services.decide_selection(
            by=school.koordinator, nomination=nomination, scores=SCORES, decision="selected"
        )


def test_nominations_refuse_bad_input(school):
    with pytest.raises(ValidationError):
        services.nominate(
            by=school.walikelas, organisation=school.org, nominee=school.siswa, why=""
        )
    with pytest.raises(ValidationError):  # not a student
        services.nominate(
            by=school.walikelas, organisation=school.org, nominee=school.kepsek, why="Baik"
        )
    with pytest.raises(PermissionDenied):
        services.nominate(by=school.kepsek, organisation=school.org, nominee=school.siswa, why="x")
    nomination = services.nominate(
        by=school.sebaya, organisation=school.org, nominee=school.siswa, why="Teman yang baik"
    )
    with pytest.raises(ValidationError):
        services.decide_selection(
            by=school.koordinator,
            nomination=nomination,
            scores={**SCORES, "empathy": 7},
            decision="selected",
        )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.OPEN


def test_expiry_reminders_reach_the_peer_and_the_coordinator_once(school):
    today = timezone.localdate()
    matchable_peer(school.org, school.sebaya, certified_until=today + timedelta(days=10))
    assert services.send_expiry_reminders(today=today) == 1
    kinds = Notification.objects.filter(kind="peer_certificate_expiring")
    assert {n.recipient for n in kinds} == {school.sebaya, school.koordinator}
    assert services.send_expiry_reminders(today=today) == 0


def test_expiry_is_counted_on_the_organisations_own_day(school):
    """At 23:30 in Jakarta it is already 01:30 the next day in Jayapura: a certificate
    valid until the Jakarta day has expired there, and no reminder is sent for it."""
    import time_machine

    from rangkul.accounts.models import Organisation

    Organisation.objects.filter(pk=school.org.pk).update(time_zone="Asia/Jayapura")
    with time_machine.travel("2026-12-31T16:30:00+00:00", tick=False):
        jakarta_day = date(2026, 12, 31)
        assert timezone.localdate() == jakarta_day  # the server's clock: Jakarta
        matchable_peer(school.org, school.sebaya, certified_until=jakarta_day)
        assert services.send_expiry_reminders() == 0
        Organisation.objects.filter(pk=school.org.pk).update(time_zone="Asia/Jakarta")
        assert services.send_expiry_reminders() == 1


def test_no_reminder_when_expiry_is_far_away(school):
    today = timezone.localdate()
    matchable_peer(school.org, school.sebaya, certified_until=today + timedelta(days=200))
    assert services.send_expiry_reminders(today=today) == 0


def test_the_lead_pages_change_status_and_show_the_history(school, client):
    profile = matchable_peer(school.org, school.sebaya)
    client.force_login(school.koordinator)
    response = client.post(
        f"/peers/{profile.pk}/", {"action": "status", "to": "paused", "reason": "Masa ujian"}
    )
    assert response.status_code == 302
    page = client.get(f"/peers/{profile.pk}/").content.decode()
    assert "Masa ujian" in page
    profile.refresh_from_db()
    assert profile.status == PeerStatus.PAUSED


def test_the_peer_writes_availability_in_words_on_their_page(school, client):
    profile = matchable_peer(school.org, school.sebaya)
    client.force_login(school.sebaya)
    assert client.get("/peers/me/").url == f"/peers/{profile.pk}/"
    response = client.post(
        f"/peers/{profile.pk}/",
        {
            "action": "profile",
            "availability": "Senin 13:00-15:00\nJumat 9.30-11.00",
            "languages": ["id", "jv"],
            "max_open_cases": "2",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.availability == [
        {"weekday": 0, "start": "13:00", "end": "15:00"},
        {"weekday": 4, "start": "09:30", "end": "11:00"},
    ]
    assert profile.languages == ["id", "jv"] and profile.max_open_cases == 2
    bad = client.post(
        f"/peers/{profile.pk}/",
        {
            "action": "profile",
            "availability": "kapan saja",
            "languages": ["id"],
            "max_open_cases": "2",
        },
    )
    assert "Tulis satu rentang waktu per baris" in bad.content.decode()
    profile.refresh_from_db()
    assert len(profile.availability) == 2
