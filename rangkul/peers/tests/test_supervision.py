"""Supervision of peer supporters: debriefs after an escalation, supervision sessions,
the supervisor of each peer and the coordinator's coverage page."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.activities import services as activity_services
from rangkul.activities.models import Supervision
from rangkul.activities.tests.factories import make_peer_case
from rangkul.audit.models import AuditEvent
from rangkul.cases import services as case_services
from rangkul.notifications.models import Notification
from rangkul.peers import queries, services
from rangkul.peers.models import DebriefPrompt, case_reference
from rangkul.peers.tests.factories import matchable_peer


@pytest.fixture
def peer(school):
    return matchable_peer(school.org, school.sebaya)


def _page(user, name):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name))


def _local_day(org, moment):
    return moment.astimezone(org.zone).date()


def _session(school, by, peer, debriefs=(), *, when=None, actions="Istirahat cukup"):
    return activity_services.record_supervision(
        by=by,
        organisation=school.org,
        data=activity_services.SupervisionData(
            starts_at=when or timezone.now() - timedelta(hours=1),
            peers=[peer.pk],
            debriefs=[d.pk for d in debriefs],
            actions=actions,
        ),
    )


def test_a_hand_over_asks_the_peers_supervisor_for_a_debrief_by_case_reference(school, peer):
    services.set_supervisor(by=school.koordinator, profile=peer, supervisor=school.konselor)
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    case_services.hand_over(by=school.sebaya, case=case, reason="Butuh konselor")
    prompt = DebriefPrompt.objects.get(profile=peer)
    assert prompt.reference == case_reference(case.pk) and prompt.discussed_at is None
    assert Notification.objects.filter(recipient=school.konselor, kind="peer_case_flagged").exists()
    page = _page(school.konselor, "peer_supervision").content.decode()
    assert prompt.reference in page
    # No name of the student, no text of the request.
    assert "Siswa Satu" not in page and "sendirian" not in page


def test_an_escalation_from_the_peer_tier_opens_one_debrief_only(school, peer):
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    case_services.change_tier(
        by=school.koordinator, case=case, to_tier="counseling", reason="Perlu konselor"
    )
    assert DebriefPrompt.objects.filter(profile=peer).count() == 1
    services.open_debriefs(
        by=None, organisation_id=school.org.id, case_id=case.pk, peer_user_ids=[school.sebaya.pk]
    )
    assert DebriefPrompt.objects.filter(profile=peer).count() == 1


def test_without_a_chosen_supervisor_the_coordinators_supervise(school, peer):
    assert services.supervisors_of(peer) == [school.koordinator]
    services.set_supervisor(by=school.koordinator, profile=peer, supervisor=school.konselor)
    assert services.supervisors_of(peer) == [school.konselor]
    assert AuditEvent.objects.filter(verb="peer.supervisor_set").exists()


def test_only_the_lead_chooses_a_counselor_as_supervisor(school, peer):
    with pytest.raises(PermissionDenied):
        services.set_supervisor(by=school.konselor, profile=peer, supervisor=school.konselor)
    with pytest.raises(ValidationError):
        services.set_supervisor(by=school.koordinator, profile=peer, supervisor=school.walikelas)
    peer.refresh_from_db()
    assert peer.supervisor is None


def test_a_supervision_session_records_peers_cases_and_closes_the_debrief(school, peer):
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    case_services.hand_over(by=school.sebaya, case=case, reason="Butuh konselor")
    prompt = DebriefPrompt.objects.get(profile=peer)
    activity = _session(school, school.konselor, peer, [prompt])
    record = Supervision.objects.get(activity=activity)
    assert list(record.peers.all()) == [peer] and list(record.cases.all()) == [case]
    assert activity.facilitator == school.konselor and activity.kind == "supervision"
    prompt.refresh_from_db()
    assert prompt.discussed_at is not None and prompt.discussed_in == activity.pk
    peer.refresh_from_db()
    assert peer.last_supervised_on == _local_day(school.org, activity.starts_at)
    assert AuditEvent.objects.filter(verb="activity.supervision_recorded").exists()
    assert not queries.open_debriefs_for(school.koordinator, school.org.id).exists()


def test_a_scheduled_session_counts_only_once_it_is_marked_done(school, peer):
    later = timezone.now() + timedelta(days=2)
    activity = _session(school, school.konselor, peer, when=later)
    peer.refresh_from_db()
    assert peer.last_supervised_on is None
    activity.starts_at = timezone.now() - timedelta(minutes=5)
    activity.save(update_fields=["starts_at"])
    activity_services.complete_activity(by=school.konselor, activity=activity)
    peer.refresh_from_db()
    assert peer.last_supervised_on == _local_day(school.org, activity.starts_at)


def test_a_session_counts_on_the_day_it_took_place_where_the_school_is(school, peer):
    # 15:30 UTC on 1 December is 00:30 on 2 December in Jayapura, still 22:30 on 1 December
    # in Jakarta, where the server's clock is set.
    school.org.time_zone = "Asia/Jayapura"
    school.org.save(update_fields=["time_zone"])
    held = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
    _session(school, school.konselor, peer, when=held)
    peer.refresh_from_db()
    assert peer.last_supervised_on == date(2026, 12, 2)


def test_a_session_needs_peers_and_actions_and_changes_nothing_otherwise(school, peer):
    with pytest.raises(ValidationError) as exc:
        activity_services.record_supervision(
            by=school.konselor,
            organisation=school.org,
            data=activity_services.SupervisionData(starts_at=timezone.now(), peers=[], actions=""),
        )
    assert set(exc.value.message_dict) == {"peers", "actions"}
    assert not Supervision.objects.exists()
    with pytest.raises(PermissionDenied):
        _session(school, school.sebaya, peer)


def test_coverage_lists_peers_without_supervision_in_the_programme_weeks(school, peer):
    other = matchable_peer(school.org, member(school.org, Role.STUDENT, username="sebaya-b"))
    _session(school, school.konselor, peer)
    gone = list(queries.unsupervised_peers(school.koordinator, school.org.id))
    assert gone == [other]
    services.update_policy(
        by=school.koordinator,
        organisation=school.org,
        allow_adult_with_child=False,
        reminder_days=30,
        supervision_weeks=1,
    )
    peer.last_supervised_on = timezone.localdate() - timedelta(days=10)
    peer.save(update_fields=["last_supervised_on"])
    assert set(queries.unsupervised_peers(school.koordinator, school.org.id)) == {peer, other}
    page = _page(school.koordinator, "peer_supervision").content.decode()
    assert 'data-testid="coverage"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("koordinator", 200),
        ("konselor", 200),
        ("sebaya", 404),
        ("siswa", 404),
        ("walikelas", 404),
        ("kepsek", 404),
        ("admin", 404),
    ],
)
def test_who_sees_the_supervision_page(personas, school, peer, persona, status):
    assert _page(personas[persona], "peer_supervision").status_code == status


def test_a_counselor_of_another_school_sees_none_of_its_peers(school, peer, outsider):
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    case_services.hand_over(by=school.sebaya, case=case, reason="Butuh konselor")
    page = _page(outsider, "peer_supervision").content.decode()
    assert case_reference(case.pk) not in page and "sebaya1" not in page


def test_a_counselor_sees_no_coverage_and_only_the_debriefs_of_their_own_peers(school, peer):
    case = make_peer_case(school.org, school.siswa_person, school.sebaya)
    case_services.hand_over(by=school.sebaya, case=case, reason="Butuh konselor")
    assert not queries.open_debriefs_for(school.konselor, school.org.id).exists()
    services.set_supervisor(by=school.koordinator, profile=peer, supervisor=school.konselor)
    assert queries.open_debriefs_for(school.konselor, school.org.id).count() == 1
    page = _page(school.konselor, "peer_supervision").content.decode()
    assert 'data-testid="coverage"' not in page
