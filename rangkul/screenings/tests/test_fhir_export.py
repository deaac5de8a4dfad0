"""FHIR export of stored responses and of instruments, validated with fhir.resources."""

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from rangkul.audit.models import AuditEvent
from rangkul.screenings import services
from rangkul.screenings.tests.factories import assignment_of, complete_answers


def test_a_response_exports_as_a_valid_questionnaire_response(school, campaign, client):
    response = services.submit_answers(
        by=school.siswa,
        assignment=assignment_of(campaign, school.siswa),
        answers=complete_answers("phqa", 1, q9=0, s3=0, s4=0),
        lang="id",
    )
    client.force_login(school.konselor)
    body = client.get(f"/api/v1/responses/{response.pk}/fhir").json()
    parsed = QuestionnaireResponse.model_validate(body)
    assert parsed.status == "completed" and parsed.id == str(response.pk)
    assert body["questionnaire"] == "urn:rangkul:questionnaire:phqa|1.0"
    assert body["subject"]["reference"] == f"Patient/{school.siswa_person.pk}"
    event = AuditEvent.objects.get(verb="screening.response_exported")
    assert event.actor == school.konselor and event.object_id == str(response.pk)
    download = client.get(f"/screenings/responses/{response.pk}/fhir.json")
    assert "attachment" in download["Content-Disposition"]
    assert QuestionnaireResponse.model_validate(download.json()).status == "completed"


def test_a_draft_exports_in_progress(school, campaign, client):
    assignment = assignment_of(campaign, school.siswa)
    saved = services.save_answers(
        by=school.siswa, assignment=assignment, answers={"q1": 2}, lang="id"
    )
    client.force_login(school.koordinator)
    body = client.get(f"/api/v1/responses/{saved.response.pk}/fhir").json()
    assert QuestionnaireResponse.model_validate(body).status == "in-progress"


def test_instruments_export_as_valid_questionnaires(school, client):
    client.force_login(school.siswa)
    for code in ("phq9", "who5", "asq"):
        body = client.get(f"/api/v1/instruments/{code}/fhir?lang=en").json()
        assert Questionnaire.model_validate(body).language == "en"
