"""Answering: drafts saved as people go, the alert on a critical draft answer, one
submission per assignment, wording kept with the response."""

import pytest
from django.core.exceptions import PermissionDenied

from rangkul.audit.models import AuditEvent
from rangkul.safety.models import Alert
from rangkul.screenings import services
from rangkul.screenings.models import ResponseStatus, ScreeningResponse, WordingSource
from rangkul.screenings.problems import AlreadySubmitted, AnswerError
from rangkul.screenings.tests.factories import assignment_of, complete_answers


def test_a_draft_answer_is_saved_and_audited(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    saved = services.save_answers(
        by=school.siswa, assignment=assignment, answers={"q1": 2}, lang="id"
    )
    response = ScreeningResponse.objects.get(assignment=assignment)
    assert response.status == ResponseStatus.DRAFT
    assert response.answers == {"q1": 2}
    assert saved.answered == 1 and not saved.critical
    event = AuditEvent.objects.get(verb="screening.answers_saved")
    assert event.object_id == str(response.pk) and event.data == {"items": ["q1"]}


def test_the_critical_draft_answer_raises_one_alert_on_that_save(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    assert not Alert.objects.exists()
    saved = services.save_answers(
        by=school.siswa, assignment=assignment, answers={"q9": 2}, lang="id"
    )
    assert saved.newly_critical and [r.item for r in saved.critical] == ["q9"]
    alert = Alert.objects.get()
    assert alert.severity == "urgent" and alert.source == "screening"
    assert alert.person == school.siswa_person
    assert alert.evidence["items"] == ["q9"] and "answers" not in alert.evidence
    response = ScreeningResponse.objects.get(assignment=assignment)
    assert response.status == ResponseStatus.DRAFT and response.alert == alert
    # More answers, another critical item, the submission: still one alert.
    services.save_answers(by=school.siswa, assignment=assignment, answers={"s3": 1}, lang="id")
    answers = complete_answers("phqa", 0, q9=2, s3=1)
    services.submit_answers(by=school.siswa, assignment=assignment, answers=answers, lang="id")
    assert Alert.objects.count() == 1


def test_submitting_scores_and_completes_once(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    answers = complete_answers("phqa", 2)
    response = services.submit_answers(
        by=school.siswa, assignment=assignment, answers=answers, lang="id"
    )
    assert response.status == ResponseStatus.SUBMITTED
    assert response.score == 18 and response.band_code == "moderately_severe"
    assert response.critical  # q9 = 2
    assignment.refresh_from_db()
    assert assignment.status == "completed" and assignment.completed_on is not None
    with pytest.raises(AlreadySubmitted):
        services.submit_answers(by=school.siswa, assignment=assignment, answers=answers, lang="id")
    with pytest.raises(AlreadySubmitted):
        services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 0}, lang="id")
    assert ScreeningResponse.objects.filter(campaign=campaign).count() == 1


def test_an_incomplete_submission_names_the_items_and_changes_nothing(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    with pytest.raises(AnswerError) as exc:
        services.submit_answers(by=school.siswa, assignment=assignment, lang="id")
    assert "Pertanyaan 2 (q2) belum dijawab." in exc.value.messages
    response = ScreeningResponse.objects.get(assignment=assignment)
    assert response.status == ResponseStatus.DRAFT


def test_a_bad_value_is_refused_and_the_draft_unchanged(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    with pytest.raises(AnswerError) as exc:
        services.save_answers(
            by=school.siswa, assignment=assignment, answers={"q1": 3, "q2": 9}, lang="id"
        )
    assert exc.value.messages == ["Jawaban pertanyaan 2 (q2) harus salah satu dari: 0, 1, 2, 3."]
    assert ScreeningResponse.objects.get(assignment=assignment).answers == {"q1": 1}


def test_someone_else_cannot_answer(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    for user in (school.sebaya, school.konselor):
        with pytest.raises(PermissionDenied):
            services.save_answers(by=user, assignment=assignment, answers={"q1": 1}, lang="id")


def test_the_response_keeps_version_and_unofficial_wording(school, campaign):
    assignment = assignment_of(campaign, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    response = ScreeningResponse.objects.get(assignment=assignment)
    assert response.instrument_code == "phqa" and response.instrument_version == "1.0"
    assert response.wording_source == WordingSource.SHIPPED
    assert response.translation_status == "unofficial" and len(response.wording_hash) == 64
