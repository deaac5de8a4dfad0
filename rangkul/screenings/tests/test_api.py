"""The JSON API: instruments in the requested language, stateless scoring with 422
messages naming the item, campaigns and answering through the same services."""

import pytest
from django.test import Client

from rangkul.screenings.models import ScreeningResponse
from rangkul.screenings.tests.factories import assignment_of, complete_answers


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_login_is_required(client: Client, db):
    assert client.get("/api/v1/instruments").status_code == 401
    assert post(client, "/api/v1/instruments/phq9/score", {"answers": {}}).status_code == 401


def test_instruments_in_the_language_asked_for(school, client: Client):
    client.force_login(school.siswa)
    listed = client.get("/api/v1/instruments").json()
    codes = {i["code"] for i in listed["items"]}
    assert {"phq9", "gad7", "who5", "k10"} <= codes and listed["count"] == len(listed["items"])
    phq9 = next(i for i in listed["items"] if i["code"] == "phq9")
    assert phq9["translation_status"] == "unofficial" and phq9["enabled"] is False
    english = client.get("/api/v1/instruments/gad7?lang=en").json()
    assert english["language"] == "en"
    assert english["items"][0]["options"][0] == {"value": 0, "label": "Not at all"}
    by_header = client.get("/api/v1/instruments/gad7", HTTP_ACCEPT_LANGUAGE="en").json()
    assert by_header["language"] == "en"
    indonesian = client.get("/api/v1/instruments/gad7").json()
    assert indonesian["language"] == "id" and indonesian["translation_status"] == "unofficial"
    assert set(indonesian) >= {"code", "name", "version", "items"}
    assert client.get("/api/v1/instruments/nope").status_code == 404


def test_score_returns_the_result_and_stores_nothing(school, client: Client):
    client.force_login(school.siswa)
    body = {"answers": {f"q{i}": 2 for i in range(1, 10)} | {"difficulty": 1}}
    result = post(client, "/api/v1/instruments/phq9/score?lang=en", body).json()
    assert result["raw"] == 18 and result["score"] == 18
    assert result["band"]["code"] == "moderately_severe"
    assert result["band"]["label"] == "Moderately severe"
    assert result["subscales"]["phq2"]["value"] == 4
    assert result["critical"] is True
    assert result["critical_reasons"][0]["item"] == "q9"
    assert not ScreeningResponse.objects.exists()


def test_score_with_another_band_scheme(school, client: Client):
    client.force_login(school.siswa)
    body = {"answers": {f"q{i}": 3 for i in range(1, 11)}, "band_scheme": "clinical_severity"}
    # K10 items 3 and 6 are not asked after "none of the time"; here they are asked.
    result = post(client, "/api/v1/instruments/k10/score", body)
    assert result.status_code == 200
    assert result.json()["band"]["scheme"] == "clinical_severity"
    bad = post(client, "/api/v1/instruments/k10/score", body | {"band_scheme": "nope"})
    assert bad.status_code == 422


def test_incomplete_or_invalid_answers_are_a_422_naming_the_item(school, client: Client):
    client.force_login(school.siswa)
    response = post(client, "/api/v1/instruments/gad2/score", {"answers": {"q1": 7}})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [
        {
            "field": "answers.q1",
            "message": "Jawaban pertanyaan 1 (q1) harus salah satu dari: 0, 1, 2, 3.",
        },
        {"field": "answers.q2", "message": "Pertanyaan 2 (q2) belum dijawab."},
    ]
    assert "q1" in body["detail"] and "q2" in body["detail"]
    unknown = post(
        client, "/api/v1/instruments/gad2/score", {"answers": {"q1": 0, "q2": 0, "q3": 1}}
    )
    assert unknown.json()["errors"][0]["field"] == "answers.q3"
    text = post(client, "/api/v1/instruments/gad2/score", {"answers": {"q1": "1", "q2": 0}})
    assert text.status_code == 422
    assert post(client, "/api/v1/instruments/gad2/score", {"nothing": 1}).status_code == 422


def test_the_openapi_documents_the_score_endpoint(school, client: Client):
    client.force_login(school.siswa)
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/instruments/{code}/score"]["post"]["responses"]
    assert {"200", "401", "404", "422"} <= set(responses)


def test_campaign_and_answers_through_the_api(school, client: Client):
    from rangkul.screenings.tests.factories import enable

    enable(school, "gad7")
    client.force_login(school.konselor)
    created = post(
        client,
        "/api/v1/campaigns",
        {
            "instrument": "gad7",
            "opens_on": "2020-01-01",
            "closes_on": "2099-12-31",
            "cohort": str(school.cohort.pk),
        },
    )
    assert created.status_code == 400  # longer than a year
    created = post(
        client,
        "/api/v1/campaigns",
        {
            "instrument": "gad7",
            "opens_on": str(_today(school)),
            "closes_on": str(_today(school)),
            "cohort": str(school.cohort.pk),
        },
    )
    assert created.status_code == 201, created.json()
    campaign_id = created.json()["id"]
    assert created.json()["completion"] == {"assigned": 2, "completed": 0}

    client.force_login(school.siswa)
    mine = client.get("/api/v1/assignments").json()
    assert mine["count"] == 1
    assignment_id = mine["items"][0]["id"]
    detail = client.get(f"/api/v1/assignments/{assignment_id}").json()
    assert detail["instrument_view"]["code"] == "gad7" and detail["answers"] == {}
    saved = post(client, f"/api/v1/assignments/{assignment_id}/answers", {"answers": {"q1": 1}})
    assert saved.json()["answered"] == 1 and saved.json()["show_crisis_screen"] is False
    bad = post(client, f"/api/v1/assignments/{assignment_id}/answers", {"answers": {"q1": 9}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "answers.q1"
    incomplete = post(client, f"/api/v1/assignments/{assignment_id}/submit", {"answers": {}})
    assert incomplete.status_code == 422
    answers = complete_answers("gad7", 1)
    sent = post(client, f"/api/v1/assignments/{assignment_id}/submit", {"answers": answers})
    assert sent.status_code == 201 and sent.json()["response_id"]
    again = post(client, f"/api/v1/assignments/{assignment_id}/submit", {"answers": answers})
    assert again.status_code == 409
    assert again.json()["detail"] == "Jawaban ini sudah dikirim. Setiap kuesioner dikirim sekali."

    client.force_login(school.konselor)
    campaign = client.get(f"/api/v1/campaigns/{campaign_id}").json()
    assert campaign["completion"]["completed"] == 1
    assert sum(r["count"] for r in campaign["distribution"]["rows"]) == 1
    listed = client.get(f"/api/v1/responses?campaign={campaign_id}").json()
    assert listed["count"] == 1 and listed["items"][0]["score"] == 7


def test_a_critical_draft_answer_through_the_api_returns_crisis_resources(
    school, campaign, client: Client
):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    saved = post(
        client, f"/api/v1/assignments/{assignment.pk}/answers", {"answers": {"s4": 1}}
    ).json()
    assert saved["critical"] is True and saved["show_crisis_screen"] is True
    assert any(r["contact"] == "112" for r in saved["crisis_resources"])


@pytest.mark.parametrize("lang,label", [("id", "Sedang"), ("en", "Moderate")])
def test_campaign_distribution_labels_follow_the_language(
    school, campaign, client: Client, lang, label
):
    client.force_login(school.konselor)
    rows = client.get(f"/api/v1/campaigns/{campaign.pk}?lang={lang}").json()["distribution"]["rows"]
    assert label in [r["label"] for r in rows]


def _today(school):

    return school.org.today()


def test_a_critical_submit_without_an_earlier_save_raises_one_alert_and_the_crisis_screen(
    school, campaign, client: Client
):
    from rangkul.safety.models import Alert

    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    answers = complete_answers("phqa", 1, s4=1)
    sent = post(client, f"/api/v1/assignments/{assignment.pk}/submit", {"answers": answers})
    assert sent.status_code == 201
    body = sent.json()
    assert body["show_crisis_screen"] is True
    assert any(r["contact"] == "112" for r in body["crisis_resources"])
    assert Alert.objects.filter(person=assignment.person, source="screening").count() == 1


def test_a_calm_submit_shows_no_crisis_screen(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    answers = complete_answers("phqa", 0, s3=0, s4=0)
    body = post(client, f"/api/v1/assignments/{assignment.pk}/submit", {"answers": answers}).json()
    assert body["show_crisis_screen"] is False and body["crisis_resources"] == []


def test_an_unknown_question_is_refused_and_never_written_to_the_audit_trail(
    school, campaign, client: Client
):
    from rangkul.audit.models import AuditEvent

    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    words = "aku capek pengen hilang aja"
    saved = post(
        client,
        f"/api/v1/assignments/{assignment.pk}/answers",
        {"answers": {"q1": 1, words: None}},
    )
    assert saved.status_code == 422
    assert saved.json()["errors"][0]["field"] == f"answers.{words}"
    assert not ScreeningResponse.objects.filter(assignment=assignment).exists()
    assert not any(words in str(e.data) for e in AuditEvent.objects.all())


def test_the_api_shows_the_wording_the_draft_was_started_in(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    path = f"/api/v1/assignments/{assignment.pk}"
    assert post(client, f"{path}/answers?lang=en", {"answers": {"q1": 1}}).status_code == 200
    detail = client.get(path).json()  # Indonesian by default, but the draft is English
    assert detail["instrument_view"]["language"] == "en"
    assert detail["answers"] == {"q1": 1}


def test_a_student_is_not_listed_questionnaires_that_staff_fill_in_about_them(
    school, client: Client
):
    from rangkul.screenings.tests.factories import launch

    launch(school, "asq", people=[school.siswa_person])
    client.force_login(school.siswa)
    listed = client.get("/api/v1/assignments").json()
    assert listed == {"items": [], "count": 0}
