"""Anonymous campaigns: the answers cannot be joined to who gave them."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from rangkul.audit.models import AuditEvent
from rangkul.safety.models import Alert
from rangkul.screenings import queries, services
from rangkul.screenings.models import Assignment, ResponseStatus, ScreeningResponse
from rangkul.screenings.tests.factories import add_students, assignment_of, complete_answers, launch


@pytest.fixture
def survey(school):
    add_students(school, 4)  # with siswa and sebaya: six people in the class
    return launch(school, "phqa", anonymous_answers=True)


def test_rows_are_made_empty_at_launch_one_per_person(school, survey):
    assert survey.assignments.count() == 6
    rows = ScreeningResponse.objects.filter(campaign=survey)
    assert rows.count() == 6
    assert set(rows.values_list("status", flat=True)) == {ResponseStatus.EMPTY}


def test_a_response_stores_no_identity_and_no_time_of_day(school, survey):
    assignment = assignment_of(survey, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 2}, lang="id")
    response = services.submit_answers(
        by=school.siswa, assignment=assignment, answers=complete_answers("phqa", 2), lang="id"
    )
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.person_id is None and response.assignment_id is None
    assert response.entered_by_id is None and response.draft_key is None
    assert response.started_at is None and response.submitted_at is None
    assert isinstance(response.submitted_on, date)
    assignment.refresh_from_db()
    assert assignment.status == "completed" and isinstance(assignment.completed_on, date)


def test_there_is_no_way_to_join_completion_to_response():
    """Structural: no field of a response points at a person, a user or an assignment
    that an anonymous response fills, and neither table keeps a time of day that an
    anonymous submission sets."""
    nullable_links = {
        f.name
        for f in ScreeningResponse._meta.get_fields()
        if isinstance(f, models.ForeignKey | models.OneToOneField)
        and f.related_model._meta.label
        in ("people.Person", "accounts.User", "screenings.Assignment")
    }
    assert nullable_links == {"person", "entered_by", "assignment"}
    assert not any(
        f.is_relation and f.related_model is ScreeningResponse
        for f in Assignment._meta.get_fields()
        if f.name != "response"  # the reverse side of the identified one-to-one
    )
    datetimes = {
        f.name for f in Assignment._meta.get_fields() if isinstance(f, models.DateTimeField)
    }
    assert datetimes == set()


def test_the_audit_trail_names_the_campaign_never_the_response(school, survey):
    assignment = assignment_of(survey, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    response = services.submit_answers(
        by=school.siswa,
        assignment=assignment,
        answers=complete_answers("phqa", 1, q9=0, s3=0, s4=0),
        lang="id",
    )
    mine = AuditEvent.objects.filter(actor=school.siswa)
    assert {e.verb for e in mine} == {
        "screening.anonymous_answers_saved",
        "screening.anonymous_response_submitted",
    }
    assert all(e.object_id == str(survey.pk) and e.data == {} for e in mine)
    assert not AuditEvent.objects.filter(object_id=str(response.pk)).exists()


def test_a_draft_is_found_again_until_it_is_sent(school, survey):
    assignment = assignment_of(survey, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q2": 2}, lang="id")
    draft = queries.draft_of(assignment)
    assert draft.answers == {"q1": 1, "q2": 2} and draft.draft_key
    assert ScreeningResponse.objects.filter(campaign=survey, status="draft").count() == 1


def test_a_critical_answer_alerts_nobody_but_shows_crisis(school, survey):
    assignment = assignment_of(survey, school.siswa)
    saved = services.save_answers(
        by=school.siswa, assignment=assignment, answers={"q9": 3}, lang="id"
    )
    assert saved.newly_critical
    assert not Alert.objects.exists()


def test_closing_unlinks_unfinished_drafts(school, survey):
    assignment = assignment_of(survey, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    services.close_campaign(by=school.konselor, campaign=survey)
    assert not ScreeningResponse.objects.filter(campaign=survey, draft_key__isnull=False).exists()


def test_anonymous_needs_a_class_of_five_and_crisis_resources(school):
    with pytest.raises(ValidationError) as small:
        launch(school, "phqa", anonymous_answers=True)
    assert "Kampanye anonim perlu sedikitnya 5 orang." in small.value.messages
    add_students(school, 4)
    with pytest.raises(ValidationError) as refused:
        launch(school, "phqa", anonymous_answers=True, shows_crisis_resources=False)
    assert any("sumber bantuan krisis" in m for m in refused.value.messages)
    # An instrument without safety questions needs no such promise.
    launch(school, "gad7", anonymous_answers=True, shows_crisis_resources=False)
    event = AuditEvent.objects.filter(verb="screening.campaign_created").last()
    assert event.data["crisis_resources_shown"] is False


def test_no_one_sees_an_anonymous_answer_one_by_one(school, survey, client):
    assignment = assignment_of(survey, school.siswa)
    response = services.submit_answers(
        by=school.siswa, assignment=assignment, answers=complete_answers("phqa", 0), lang="id"
    )
    for user in (school.siswa, school.konselor, school.koordinator):
        client.force_login(user)
        assert client.get(f"/screenings/responses/{response.pk}/").status_code == 404
        assert client.get(f"/api/v1/responses/{response.pk}").status_code == 404
    assert isinstance(response.submitted_on, date) and not isinstance(
        response.submitted_on, datetime
    )


def test_the_daily_job_unlinks_drafts_of_closed_campaigns(school, survey):
    from rangkul.screenings.services import forget_expired_drafts

    assignment = assignment_of(survey, school.siswa)
    services.save_answers(by=school.siswa, assignment=assignment, answers={"q1": 1}, lang="id")
    assert forget_expired_drafts() == 0  # still open
    survey.closes_on = survey.opens_on - timedelta(days=1)
    survey.save(update_fields=["closes_on"])
    assert forget_expired_drafts() == 1
    assert queries.draft_of(assignment) is None


def test_staff_do_not_see_small_cells_of_an_anonymous_campaign(school, survey):
    """One completion: an unsuppressed count beside the list of who completed would be
    that person's band."""
    assignment = assignment_of(survey, school.siswa)
    services.submit_answers(
        by=school.siswa, assignment=assignment, answers=complete_answers("phqa", 3), lang="id"
    )
    distribution = queries.band_distribution(school.konselor, survey, "id")
    assert distribution.suppressed and distribution.total is None
    assert all(row.count is None for row in distribution.rows)
    assert distribution.critical is None
