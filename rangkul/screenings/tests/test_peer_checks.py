"""The peer programme's questionnaires: the periodic wellbeing check-in (with the safety
ladder and the supervisor told), the competency self-assessment at each step of training
and its cohort report, and the peer indicators of the reports."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import WORKER, run_worker
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.audit.models import AuditEvent
from rangkul.notifications.models import Notification
from rangkul.peers import services as peer_services
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.peers.tests.factories import matchable_peer
from rangkul.people.tests.factories import PersonFactory
from rangkul.reports.filters import Filters
from rangkul.reports.indicators import NOT_COLLECTED
from rangkul.reports.peer_figures import competency_change
from rangkul.reports.permissions import Scope
from rangkul.reports.tables import Report
from rangkul.safety.models import Alert
from rangkul.screenings import peer_checks, services
from rangkul.screenings.models import AssignmentStatus, PeerCheck, ScreeningResponse
from rangkul.screenings.tasks import open_peer_checkins

CALM = {"q1": 1, "q2": 1, "q3": 0, "q4": 0, "q5": 0, "q6": 0}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _check_of(user, kind="wellbeing"):
    return PeerCheck.objects.select_related("assignment__campaign").get(
        profile__user=user, kind=kind
    )


def _answer(user, check, answers):
    return services.submit_answers(by=user, assignment=check.assignment, answers=answers, lang="id")


@WORKER
def test_the_daily_job_asks_each_active_peer_every_two_weeks_on_the_worker(school):
    matchable_peer(school.org, school.sebaya)
    open_peer_checkins.enqueue()
    run_worker()
    check = _check_of(school.sebaya)
    assert check.assignment.campaign.custom_instrument.code == "peer_wellbeing"
    assert Notification.objects.filter(recipient=school.sebaya, kind="peer_check_waiting").exists()
    # The next day nobody is asked again; two weeks later they are.
    assert peer_checks.open_wellbeing_checkins(today=timezone.localdate()) == 0
    later = timezone.localdate() + timedelta(days=14)
    assert peer_checks.open_wellbeing_checkins(today=later) == 1


def test_peers_in_training_or_paused_are_not_asked(school):
    matchable_peer(school.org, school.sebaya, status=PeerStatus.PAUSED)
    assert peer_checks.open_wellbeing_checkins() == 0
    assert not PeerCheck.objects.exists()


def test_a_calm_check_in_goes_to_the_supervisor_without_an_alert(school):
    matchable_peer(school.org, school.sebaya)
    peer_checks.open_wellbeing_checkins()
    response = _answer(school.sebaya, _check_of(school.sebaya), CALM)
    assert response.band_code == "coping" and not response.critical
    assert not Alert.objects.exists()
    page = _client(school.koordinator).get(reverse("screening_peer_programme")).content.decode()
    assert reverse("screening_response", args=[response.pk]) in page
    assert "1 dari 1 cek kabar" in page
    viewed = AuditEvent.objects.get(verb="screening.peer_wellbeing_viewed")
    assert viewed.data["ids"] == [str(response.pk)]


def test_a_worrying_answer_raises_an_alert_and_tells_the_supervisor(school):
    profile = matchable_peer(school.org, school.sebaya)
    peer_services.set_supervisor(by=school.koordinator, profile=profile, supervisor=school.konselor)
    peer_checks.open_wellbeing_checkins()
    check = _check_of(school.sebaya)
    # On the first save of the draft, before the questionnaire is submitted.
    services.save_answers(
        by=school.sebaya, assignment=check.assignment, answers={"q6": 1}, lang="id"
    )
    alert = Alert.objects.get()
    assert alert.severity == "urgent" and alert.person.user == school.sebaya
    assert Notification.objects.filter(kind="alert_raised").exists()
    told = Notification.objects.get(kind="peer_wellbeing_flagged")
    assert told.recipient == school.konselor
    response = ScreeningResponse.objects.get(assignment=check.assignment)
    assert told.link == reverse("screening_response", args=[response.pk])
    # Submitting the same answers raises no second alert.
    _answer(school.sebaya, check, {**CALM, "q6": 1})
    assert Alert.objects.count() == 1
    assert Notification.objects.filter(kind="peer_wellbeing_flagged").count() == 1


def test_no_peer_sees_another_peers_answers(school):
    matchable_peer(school.org, school.sebaya)
    other = member(school.org, Role.STUDENT, username="sebaya-b")
    member(school.org, Role.PEER_SUPPORTER, user=other)
    PersonFactory(organisation=school.org, user=other, cohort=school.cohort)
    matchable_peer(school.org, other)
    peer_checks.open_wellbeing_checkins()
    response = _answer(school.sebaya, _check_of(school.sebaya), CALM)
    url = reverse("screening_response", args=[response.pk])
    assert _client(other).get(url).status_code == 404
    assert _client(school.siswa).get(url).status_code == 404
    assert _client(other).get(reverse("screening_peer_programme")).status_code == 404


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
def test_who_opens_the_peer_programme_page(personas, school, persona, status):
    page = _client(personas[persona]).get(reverse("screening_peer_programme"))
    assert page.status_code == status


def test_a_counselor_sees_only_the_results_of_the_peers_they_supervise(school):
    matchable_peer(school.org, school.sebaya)
    peer_checks.open_wellbeing_checkins()
    response = _answer(school.sebaya, _check_of(school.sebaya), CALM)
    link = reverse("screening_response", args=[response.pk])
    page = _client(school.konselor).get(reverse("screening_peer_programme")).content.decode()
    assert link not in page and 'data-testid="completion"' not in page


def _move(school, profile, to, **kw):
    return peer_services.transition(
        by=school.koordinator, profile=profile, to=to, reason="Langkah program", **kw
    )


def test_the_self_assessment_is_asked_before_after_training_and_at_renewal(school):
    profile = PeerProfile.objects.create(organisation=school.org, user=school.sebaya)
    _move(school, profile, PeerStatus.SELECTED)
    _move(school, profile, PeerStatus.IN_TRAINING)
    _move(
        school,
        profile,
        PeerStatus.CERTIFIED,
        certified_until=timezone.localdate() + timedelta(days=300),
    )
    _move(school, profile, PeerStatus.ACTIVE)
    _move(school, profile, PeerStatus.IN_TRAINING)
    _move(school, profile, PeerStatus.CERTIFIED)
    phases = list(
        PeerCheck.objects.filter(profile=profile, kind="competency")
        .order_by("created_at")
        .values_list("phase", flat=True)
    )
    assert phases == ["before", "after", "before", "renewal"]
    assert (
        Notification.objects.filter(recipient=school.sebaya, kind="peer_check_waiting").count() == 4
    )
    assert AuditEvent.objects.filter(verb="screening.peer_self_assessment_asked").count() == 4


def test_a_switched_off_questionnaire_is_not_asked(school):
    profile = PeerProfile.objects.create(organisation=school.org, user=school.sebaya)
    row = peer_checks.instrument_row(school.org.id, peer_checks.COMPETENCY, by=school.koordinator)
    services.set_custom_instrument_active(by=school.koordinator, row=row, active=False)
    _move(school, profile, PeerStatus.SELECTED)
    _move(school, profile, PeerStatus.IN_TRAINING)
    assert not PeerCheck.objects.exists()


def _cohort_of_peers(school, n):
    peers = []
    for i in range(n):
        user = member(school.org, Role.STUDENT, username=f"kader{i}")
        PersonFactory(organisation=school.org, user=user, cohort=school.cohort)
        member(school.org, Role.PEER_SUPPORTER, user=user)
        peers.append(PeerProfile.objects.create(organisation=school.org, user=user))
    return peers


def _self_assess(user, value):
    check = (
        PeerCheck.objects.filter(profile__user=user, kind="competency")
        .exclude(assignment__status=AssignmentStatus.COMPLETED)
        .get()
    )
    items = ["e1", "e2", "l1", "l2", "c1", "c2", "r1", "r2"]
    _answer(user, check, dict.fromkeys(items, value))


def test_the_cohort_report_shows_means_only_with_five_peers(school):
    peers = _cohort_of_peers(school, 5)
    until = timezone.localdate() + timedelta(days=300)
    for n, profile in enumerate(peers):
        _move(school, profile, PeerStatus.SELECTED)
        _move(school, profile, PeerStatus.IN_TRAINING)
        _self_assess(profile.user, 2)
        if n < 4:
            _move(school, profile, PeerStatus.CERTIFIED, certified_until=until)
            _self_assess(profile.user, 4)
    [row] = peer_checks.competency_cohorts([school.org.id])
    assert (row.before_n, row.after_n) == (5, 4)
    assert row.before["empathy"] == 4.0 and row.after["empathy"] is None and row.change is None
    report = Report(
        Scope("school", school.org, [school.org.id]),
        Filters(since=timezone.localdate() - timedelta(days=1), until=timezone.localdate()),
    )
    assert competency_change(report) is None
    _move(school, peers[4], PeerStatus.CERTIFIED, certified_until=until)
    _self_assess(peers[4].user, 5)
    [row] = peer_checks.competency_cohorts([school.org.id])
    assert row.after["listening"] == pytest.approx((4 * 8 + 10) / 5)
    assert row.change == pytest.approx((4 * 16 + 24) / 5)
    assert competency_change(report) == pytest.approx((4 * 16 + 24) / 5)
    page = _client(school.koordinator).get(reverse("screening_peer_programme")).content.decode()
    assert "Angkatan" in page and "Tahu kapan merujuk" in page


def test_every_indicator_is_collected_now():
    assert not NOT_COLLECTED
