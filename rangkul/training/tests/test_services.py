"""Training services: the default curriculum, editing, enrolment, attendance, the quiz,
role-play scores, the pass decision that certifies a peer, CPD and revocation."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rangkul.accounts.models import Organisation
from rangkul.audit.models import AuditEvent
from rangkul.peers.matching import Context  # noqa: F401  (the peer app stays importable)
from rangkul.peers.models import PeerProfile, PeerStatus
from rangkul.training import codes
from rangkul.training.curriculum import default_curriculum
from rangkul.training.models import (
    Audience,
    Certificate,
    CpdRecord,
    EnrolmentStatus,
    Presence,
    QuizAttempt,
    Session,
)
from rangkul.training.services import certificates, programmes, trainees
from rangkul.training.services.certificates import add_months
from rangkul.training.tests.factories import candidate_peer, complete_training, default_programme

pytestmark = pytest.mark.django_db


def test_the_default_curriculum_is_copied_with_eight_sessions_and_a_quiz(school):
    programme = default_programme(school.org, school.koordinator)
    sessions = list(Session.objects.filter(module__programme=programme))
    assert len(sessions) == 8
    titles = " ".join(s.title.lower() for s in sessions)
    for topic in ("mendengarkan aktif", "empati", "kerahasiaan", "risiko", "merawat diri",
                  "rujukan", "bermain peran", "penilaian"):  # fmt: skip
        assert topic in titles
    assert programme.questions.count() == len(default_curriculum()["quiz"]) >= 6
    assert AuditEvent.objects.filter(verb="training.programme_created").count() == 1


def test_the_lead_edits_the_copy_without_touching_the_shipped_curriculum(school):
    lead = school.koordinator
    programme = default_programme(school.org, lead)
    first, second = list(programme.modules.all())[:2]
    programmes.move_module(by=lead, module=second, step=-1)
    assert list(programme.modules.all())[0] == second
    extra = programmes.add_session(by=lead, module=first, title="Studi kasus", minutes=60)
    programmes.move_session(by=lead, session=extra, step=-1)
    assert list(first.sessions.order_by("position"))[-2] == extra
    programmes.remove_session(by=lead, session=extra)
    programmes.remove_module(by=lead, module=first)
    assert Session.objects.filter(module__programme=programme).count() == 6
    programmes.update_programme(by=lead, programme=programme, min_quiz=80, validity_months=6)
    programme.refresh_from_db()
    assert (programme.min_quiz, programme.validity_months) == (80, 6)
    assert len(default_programme(school.org, lead).modules.all()) == 3


def test_only_the_lead_builds_programmes_and_bad_settings_change_nothing(school):
    with pytest.raises(PermissionDenied):
        default_programme(school.org, school.konselor)
    programme = default_programme(school.org, school.koordinator)
    with pytest.raises(ValidationError):
        programmes.update_programme(by=school.koordinator, programme=programme, min_quiz=101)
    with pytest.raises(ValidationError):
        programmes.add_question(
            by=school.koordinator, programme=programme, text="Apa?", choices=["Satu"], correct=1
        )
    programme.refresh_from_db()
    assert programme.min_quiz == 70


def test_enrolment_moves_a_selected_peer_into_training(school):
    dewi = candidate_peer(school.org, "dewi", "Dewi Lestari")
    programme = default_programme(school.org, school.koordinator)
    trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    profile = PeerProfile.objects.get(user=dewi)
    assert profile.status == PeerStatus.IN_TRAINING
    assert profile.history.last().reason.startswith("Enrolled in") or "Terdaftar" in (
        profile.history.last().reason
    )
    with pytest.raises(ValidationError):  # once only
        trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    with pytest.raises(ValidationError):  # a student without the peer role
        trainees.enrol(by=school.koordinator, programme=programme, user=school.siswa)


def test_the_quiz_allows_one_open_attempt_scores_it_and_keeps_retakes(school):
    dewi = candidate_peer(school.org, "dewi")
    programme = default_programme(school.org, school.koordinator)
    enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    attempt = trainees.start_attempt(by=dewi, enrolment=enrolment)
    assert trainees.start_attempt(by=dewi, enrolment=enrolment) == attempt
    questions = list(programme.questions.all())
    with pytest.raises(ValidationError):  # every question needs an answer
        trainees.submit_attempt(by=dewi, attempt=attempt, answers={str(questions[0].pk): 0})
    half = {str(q.pk): q.correct if i % 2 == 0 else (q.correct + 1) % 4
            for i, q in enumerate(questions)}  # fmt: skip
    done = trainees.submit_attempt(by=dewi, attempt=attempt, answers=half)
    assert done.score == 50 and done.correct == len(questions) // 2
    with pytest.raises(ValidationError):
        trainees.submit_attempt(by=dewi, attempt=attempt, answers=half)
    retake = trainees.start_attempt(by=dewi, enrolment=enrolment)
    trainees.submit_attempt(
        by=dewi, attempt=retake, answers={str(q.pk): q.correct for q in questions}
    )
    assert list(
        QuizAttempt.objects.filter(enrolment=enrolment).values_list("score", flat=True)
    ) == [50, 100]
    with pytest.raises(PermissionDenied):  # nobody takes another's quiz
        trainees.start_attempt(by=school.koordinator, enrolment=enrolment)


def test_passing_certifies_the_peer_with_an_expiry_and_makes_them_active(school):
    dewi = candidate_peer(school.org, "dewi", "Dewi Lestari")
    programme = default_programme(school.org, school.koordinator)
    enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    complete_training(enrolment, school.koordinator, school.konselor)
    result = trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)
    assert result.passes and result.attendance == 100 and result.quiz == 100
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.PASSED
    certificate = Certificate.objects.get(enrolment=enrolment)
    today = timezone.localdate()
    assert certificate.valid_until == add_months(today, 12)
    assert certificate.printed_name == "Dewi Lestari"
    assert codes.normalise(codes.grouped(certificate.code)) == certificate.code
    profile = PeerProfile.objects.get(user=dewi)
    assert profile.status == PeerStatus.ACTIVE
    assert profile.certified_until == certificate.valid_until
    assert profile.is_matchable_on(today)
    moves = list(profile.history.values_list("to_status", flat=True))
    assert moves[-3:] == [PeerStatus.IN_TRAINING, PeerStatus.CERTIFIED, PeerStatus.ACTIVE]
    with pytest.raises(ValidationError):  # decided once
        trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)


def test_a_trainee_below_a_threshold_does_not_pass_and_learns_why(school):
    dewi = candidate_peer(school.org, "dewi")
    programme = default_programme(school.org, school.koordinator)
    enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    complete_training(enrolment, school.koordinator, school.konselor, quiz_right=False, rubric=2)
    with pytest.raises(ValidationError) as refused:
        trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)
    text = " ".join(refused.value.messages)
    assert "0%" in text and "8" in text
    assert not Certificate.objects.exists()
    assert PeerProfile.objects.get(user=dewi).status == PeerStatus.IN_TRAINING


def test_excused_sessions_do_not_count_against_attendance(school):
    dewi = candidate_peer(school.org, "dewi")
    programme = default_programme(school.org, school.koordinator)
    enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    complete_training(enrolment, school.koordinator, school.konselor)
    sessions = list(Session.objects.filter(module__programme=programme))
    trainees.record_attendance(
        by=school.koordinator, session=sessions[0], marks={str(enrolment.pk): Presence.EXCUSED}
    )
    trainees.record_attendance(
        by=school.koordinator, session=sessions[1], marks={str(enrolment.pk): Presence.ABSENT}
    )
    result = trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)
    assert (result.present, result.excused, result.attendance) == (6, 1, 86)


def test_a_counselor_programme_adds_cpd_hours_when_passed(school):
    lead = school.koordinator
    programme = programmes.create_programme(
        by=lead, organisation=school.org, title="Konseling trauma", audience=Audience.COUNSELORS
    )
    module = programmes.add_module(by=lead, programme=programme, title="Dasar")
    programmes.add_session(by=lead, module=module, title="Hari 1", minutes=180)
    programmes.add_session(by=lead, module=module, title="Hari 2", minutes=120)
    enrolment = trainees.enrol(by=lead, programme=programme, user=school.konselor)
    with pytest.raises(ValidationError):  # a peer cannot join a counselor programme
        trainees.enrol(by=lead, programme=programme, user=school.sebaya)
    for session in Session.objects.filter(module=module):
        trainees.record_attendance(
            by=lead, session=session, marks={str(enrolment.pk): Presence.PRESENT}
        )
    # Passed at 01:30 in Jayapura, still the day before on the server's (Jakarta) clock:
    # the hours count on the organisation's own day.
    Organisation.objects.filter(pk=school.org.pk).update(time_zone="Asia/Jayapura")
    with time_machine.travel("2026-12-31T16:30:00+00:00", tick=False):
        assert timezone.localdate() == date(2026, 12, 31)
        trainees.confirm_pass(by=lead, enrolment=enrolment)
    record = CpdRecord.objects.get(counselor=school.konselor)
    assert record.hours == 5 and record.title == "Konseling trauma"
    assert record.enrolment == enrolment
    assert record.on == date(2027, 1, 1)


def test_revoking_needs_a_reason_and_the_lead(school):
    dewi = candidate_peer(school.org, "dewi")
    programme = default_programme(school.org, school.koordinator)
    enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    complete_training(enrolment, school.koordinator, school.konselor)
    trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)
    certificate = Certificate.objects.get()
    with pytest.raises(PermissionDenied):
        certificates.revoke_certificate(by=school.konselor, certificate=certificate, reason="x")
    with pytest.raises(ValidationError):
        certificates.revoke_certificate(by=school.koordinator, certificate=certificate, reason="")
    certificates.revoke_certificate(
        by=school.koordinator, certificate=certificate, reason="Melanggar kerahasiaan"
    )
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert AuditEvent.objects.filter(verb="training.certificate_revoked").exists()


def test_the_certificate_pdf_is_real_and_carries_name_code_and_address(school):
    from rangkul.onboarding.tests.factories import pdf_text

    dewi = candidate_peer(school.org, "dewi", "Dewi Lestari")
    programme = default_programme(school.org, school.koordinator)
    enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=dewi)
    complete_training(enrolment, school.koordinator, school.konselor)
    trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)
    certificate = Certificate.objects.get()
    pdf = certificates.certificate_pdf(by=dewi, certificate=certificate)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Dewi Lestari" in text
    assert codes.grouped(certificate.code) in text
    assert "SERTIFIKAT" in text
    assert f"/verify/{codes.grouped(certificate.code)}/" in text
    with pytest.raises(PermissionDenied):
        certificates.certificate_pdf(by=school.siswa, certificate=certificate)


def test_codes_are_80_bits_typable_and_forgiving():
    code = codes.new_code()
    assert len(code) == 16 and set(code) <= set(codes.ALPHABET)
    assert len(codes.ALPHABET) == 32  # 16 × 5 bits
    grouped = codes.grouped(code)
    assert grouped.count("-") == 3
    assert codes.normalise(grouped.lower()) == code
    assert codes.normalise("O1IL-0000-0000-0000") == "0111000000000000"
    assert codes.normalise("short") is None
    assert len({codes.new_code() for _ in range(1000)}) == 1000


def test_add_months_keeps_the_end_of_month():
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 2), 12) == date(2027, 12, 2)
    assert add_months(date(2026, 3, 1), 10) - date(2026, 3, 1) > timedelta(days=300)
