"""Routing hands the organisation's unassigned requests to `peers.matching.assign`: offers
waiting for an answer and accepted requests never move; expired peers are never offered."""

from datetime import timedelta

from django.utils import timezone

from rangkul.accounts.tests.factories import member
from rangkul.cases import services
from rangkul.cases.models import RequestStatus
from rangkul.cases.tests.conftest import ask
from rangkul.peers.tests.factories import matchable_peer
from rangkul.people.tests.factories import PersonFactory


def test_an_expired_peer_is_not_offered_anything(school):
    matchable_peer(
        school.org, school.sebaya, certified_until=timezone.localdate() - timedelta(days=1)
    )
    request = ask(school)
    assert request.status == RequestStatus.TRIAGE
    assert request.match_reason["no_peer"] == {"certificate_expired": 1}


def test_a_pending_offer_stays_when_a_new_request_arrives(school):
    matchable_peer(school.org, school.sebaya, max_open_cases=1)
    first = ask(school)
    assert first.offered_to == school.sebaya
    second_student = member(school.org, "student", username="siswa-kedua")
    PersonFactory(organisation=school.org, user=second_student)
    second = services.submit_request(
        by=second_student,
        organisation=school.org,
        text="Aku bingung memilih jurusan kuliah",
        domain="career",
        urgency="low",
    )
    first.refresh_from_db()
    assert first.status == RequestStatus.OFFERED and first.offered_to == school.sebaya
    assert second.status == RequestStatus.TRIAGE  # the only peer is full


def test_a_decline_lets_a_waiting_request_find_its_peer(school):
    matchable_peer(school.org, school.sebaya, max_open_cases=1)
    other = member(school.org, "peer_supporter", username="sebaya-dua")
    PersonFactory(organisation=school.org, user=other)
    first = ask(school)
    assert first.offered_to == school.sebaya
    # A second, waiting request: nobody free.
    second_student = member(school.org, "student", username="siswa-kedua")
    PersonFactory(organisation=school.org, user=second_student)
    second = services.submit_request(
        by=second_student,
        organisation=school.org,
        text="Aku bingung soal tugas kelompok sama teman sekelas",
        domain="social",
        urgency="low",
    )
    assert second.status == RequestStatus.TRIAGE
    # The other peer becomes available; the first offer is declined: matching runs over
    # both unassigned requests, and neither goes back to the peer who declined.
    matchable_peer(school.org, other, max_open_cases=1)
    services.decline_offer(by=school.sebaya, support_request=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.offered_to == other
    assert second.status == RequestStatus.OFFERED and second.offered_to == school.sebaya


def test_a_student_who_asks_for_nobody_from_their_class_is_not_offered_a_classmate(school):
    matchable_peer(school.org, school.sebaya)  # same class as siswa in the personas
    request = ask(school, avoid_same_class=True)
    assert request.status == RequestStatus.TRIAGE
    assert request.match_reason["no_peer"] == {"same_class": 1}


def test_the_language_asked_for_must_be_spoken(school):
    matchable_peer(school.org, school.sebaya, languages=["id"])
    assert ask(school, language="jv").status == RequestStatus.TRIAGE
    matchable_peer(school.org, school.sebaya, languages=["id", "jv"])
    assert ask(school, language="jv", text="Aku bingung milih jurusan kuliah nanti").status == (
        RequestStatus.OFFERED
    )


def test_triage_shows_why_no_peer_could_take_the_request(school, client):
    matchable_peer(school.org, school.sebaya, gender="male")
    request = ask(school, helper_gender="female")
    assert request.status == RequestStatus.TRIAGE
    client.force_login(school.konselor)
    page = client.get(f"/triage/{request.pk}/").content.decode()
    assert 'data-testid="no-peer"' in page


def test_in_a_community_an_adult_peer_is_not_matched_with_a_child_unless_allowed(community):
    from datetime import date

    from rangkul.peers import services as peer_services

    today = timezone.localdate()
    child = member(community, "student", username="anak-posko")
    PersonFactory(organisation=community, user=child, birth_date=date(today.year - 12, 1, 1))
    adult = member(community, "peer_supporter", username="sebaya-dewasa")
    PersonFactory(organisation=community, user=adult, birth_date=date(today.year - 30, 1, 1))
    matchable_peer(community, adult)
    lead = member(community, "coordinator", username="koordinator-posko")

    def ask_here(text: str):
        return services.submit_request(
            by=child, organisation=community, text=text, domain="social", urgency="low"
        )

    first = ask_here("besok ujian matematika")
    assert first.status == RequestStatus.TRIAGE
    assert first.match_reason["no_peer"] == {"adult_with_child": 1}
    peer_services.update_policy(
        by=lead, organisation=community, allow_adult_with_child=True, reminder_days=30
    )
    second = ask_here("Aku bingung memilih jurusan kuliah")
    # Matching runs over both waiting requests; the peer has room for both.
    first.refresh_from_db()
    assert second.status == RequestStatus.OFFERED and second.offered_to == adult
    assert first.status == RequestStatus.OFFERED and first.offered_to == adult
