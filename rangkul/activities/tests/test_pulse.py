"""The student's pulse after a peer meeting: asked once, answered once, never shown to
the peer supporter, counted only in suppressed totals for the programme lead."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.activities import services
from rangkul.activities.models import ActivityStatus, ContactPulse, Kind
from rangkul.activities.queries import pending_pulses, pulse_counts
from rangkul.activities.services import ActivityData
from rangkul.activities.tests.factories import make_peer_case
from rangkul.audit.models import AuditEvent
from rangkul.people.tests.factories import PersonFactory
from rangkul.screenings.views.peers import pulse_summary


def _meeting(school, case, peer, *, when=None):
    # A contact log is written after a meeting; one scheduled ahead has none yet.
    return services.log_activity(
        by=peer,
        organisation=school.org,
        data=ActivityData(
            kind=Kind.PEER_MEETING,
            starts_at=when or timezone.now() - timedelta(hours=1),
            case=case,
            note="" if when else "Kami ngobrol soal teman sekelas.",
        ),
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_done_peer_meeting_asks_the_student_once(school, peer_case):
    activity = _meeting(school, peer_case, school.sebaya)
    pulse = ContactPulse.objects.get(activity=activity)
    assert pulse.person == school.siswa_person and not pulse.is_answered
    # A second meeting of the same case while the first pulse waits asks nothing more.
    _meeting(school, peer_case, school.sebaya)
    assert ContactPulse.objects.count() == 1
    assert list(pending_pulses(school.siswa, school.org.id)) == [pulse]
    home = _client(school.siswa).get(reverse("home")).content.decode()
    assert reverse("pulse", args=[pulse.pk]) in home


def test_a_scheduled_meeting_asks_when_it_is_marked_done(school, peer_case):
    activity = _meeting(school, peer_case, school.sebaya, when=timezone.now() + timedelta(days=1))
    assert activity.status == ActivityStatus.SCHEDULED and not ContactPulse.objects.exists()
    activity.starts_at = timezone.now() - timedelta(minutes=10)
    activity.save(update_fields=["starts_at"])
    services.complete_activity(by=school.sebaya, activity=activity)
    assert ContactPulse.objects.filter(activity=activity).exists()


def test_the_student_answers_once_and_bad_answers_change_nothing(school, peer_case):
    pulse = ContactPulse.objects.get(activity=_meeting(school, peer_case, school.sebaya))
    with pytest.raises(ValidationError) as exc:
        services.answer_pulse(by=school.siswa, pulse=pulse, felt_heard="maybe", talk_again="")
    assert set(exc.value.message_dict) == {"felt_heard", "talk_again"}
    pulse.refresh_from_db()
    assert not pulse.is_answered
    client = _client(school.siswa)
    url = reverse("pulse", args=[pulse.pk])
    assert client.get(url).status_code == 200
    answered = client.post(url, {"felt_heard": "yes", "talk_again": "unsure"})
    assert answered.status_code == 302
    pulse.refresh_from_db()
    assert (pulse.felt_heard, pulse.talk_again) == ("yes", "unsure")
    assert AuditEvent.objects.filter(verb="pulse.answered").exists()
    with pytest.raises(ValidationError):
        services.answer_pulse(by=school.siswa, pulse=pulse, felt_heard="no", talk_again="no")
    pulse.refresh_from_db()
    assert pulse.felt_heard == "yes"
    assert "Kamu sudah menjawab" in client.get(url).content.decode()
    assert not pending_pulses(school.siswa, school.org.id).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("siswa", 200),
        ("sebaya", 404),
        ("konselor", 404),
        ("koordinator", 404),
        ("walikelas", 404),
        ("kepsek", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_only_the_student_opens_their_pulse(personas, school, peer_case, persona, status):
    pulse = ContactPulse.objects.get(activity=_meeting(school, peer_case, school.sebaya))
    page = _client(personas[persona]).get(reverse("pulse", args=[pulse.pk]))
    assert page.status_code == status


def test_the_peer_supporter_cannot_answer_or_read_it_anywhere(school, peer_case):
    activity = _meeting(school, peer_case, school.sebaya)
    pulse = ContactPulse.objects.get(activity=activity)
    services.answer_pulse(by=school.siswa, pulse=pulse, felt_heard="no", talk_again="no")
    with pytest.raises(PermissionDenied):
        services.answer_pulse(by=school.sebaya, pulse=pulse, felt_heard="yes", talk_again="yes")
    peer = _client(school.sebaya)
    detail = peer.get(reverse("activity", args=[activity.pk])).content.decode()
    assert "Apakah kamu merasa didengarkan" not in detail
    assert peer.get(reverse("screening_peer_programme")).status_code == 404


def test_the_lead_sees_only_suppressed_counts(school):
    peer = school.sebaya
    students = []
    for n in range(6):
        user = member(school.org, Role.STUDENT, username=f"murid{n}")
        students.append(PersonFactory(organisation=school.org, user=user, cohort=school.cohort))
    pulses = []
    for person in students:
        case = make_peer_case(school.org, person, peer)
        pulses.append(ContactPulse.objects.get(activity=_meeting(school, case, peer)))
    for pulse in pulses[:4]:
        services.answer_pulse(by=pulse.person.user, pulse=pulse, felt_heard="yes", talk_again="yes")
    summary = pulse_summary(school.org.id)
    assert summary == {"answered": "<5", "felt_heard": None, "talk_again": None}
    page = _client(school.koordinator).get(reverse("screening_peer_programme")).content.decode()
    assert 'data-testid="pulse-answered">&lt;5<' in page
    services.answer_pulse(
        by=pulses[4].person.user, pulse=pulses[4], felt_heard="no", talk_again="yes"
    )
    summary = pulse_summary(school.org.id)
    assert summary == {"answered": 5, "felt_heard": 0.8, "talk_again": 1.0}
    now = timezone.now()
    counts = pulse_counts([school.org.id], now - timedelta(days=1), now + timedelta(minutes=1))
    assert counts["felt_heard"] == {"yes": 4, "no": 1}
    # A counselor who is not the lead sees no pulse figures at all.
    other = _client(school.konselor).get(reverse("screening_peer_programme")).content.decode()
    assert 'data-testid="pulse-summary"' not in other
