"""The HTML pages: answering on a phone with htmx, the crisis screen on a draft answer,
sending once, the campaign page, settings and the organisation's questionnaires."""

from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.safety.models import Alert
from rangkul.screenings.models import ResponseStatus, ScreeningResponse
from rangkul.screenings.tests.factories import assignment_of, complete_answers

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_answer_page_lists_the_questions(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    page = client.get(f"/screenings/a/{assignment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="answer-q9-3"' in html and "hx-post=" in html
    # s2 is asked only once a symptom is reported.
    assert 'id="item-s2" class="answer-item" hidden disabled' in html


def test_each_change_saves_the_draft_and_shows_progress(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    page = client.post(f"/screenings/a/{assignment.pk}/save/", {"q1": "2"}, **HTMX)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="progress"' in html and "1" in html
    # s2 became asked: it is swapped in out of band.
    assert 'id="item-s2"' in html and 'hx-swap-oob="true"' in html
    assert ScreeningResponse.objects.get(assignment=assignment).answers == {"q1": 2}


def test_a_critical_draft_answer_shows_the_crisis_screen_and_alerts(
    school, campaign, client: Client
):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    page = client.post(f"/screenings/a/{assignment.pk}/save/", {"q1": "1", "q9": "1"}, **HTMX)
    assert page["HX-Retarget"] == "#crisis"
    html = page.content.decode()
    assert 'data-testid="crisis-screen"' in html and 'data-testid="crisis-resources"' in html
    assert Alert.objects.filter(person=school.siswa_person).count() == 1
    assert ScreeningResponse.objects.get(assignment=assignment).status == ResponseStatus.DRAFT
    # Saving again does not show it again nor raise another alert.
    again = client.post(
        f"/screenings/a/{assignment.pk}/save/", {"q1": "1", "q9": "1", "q2": "0"}, **HTMX
    )
    assert "HX-Retarget" not in again
    assert Alert.objects.count() == 1


def test_without_javascript_the_save_button_shows_the_crisis_page(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    page = client.post(f"/screenings/a/{assignment.pk}/", {"q9": "3", "action": "save"})
    assert page.status_code == 200
    assert 'data-testid="crisis-screen"' in page.content.decode()
    assert Alert.objects.count() == 1


def test_sending_twice_makes_one_response(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    answers = {k: str(v) for k, v in complete_answers("phqa", 0).items()}
    first = client.post(f"/screenings/a/{assignment.pk}/submit/", answers)
    assert 'data-testid="sent"' in first.content.decode()
    second = client.post(f"/screenings/a/{assignment.pk}/submit/", answers)
    assert 'data-testid="already-sent"' in second.content.decode()
    assert ScreeningResponse.objects.filter(campaign=campaign, status="submitted").count() == 1


def test_an_incomplete_form_names_the_missing_questions(school, campaign, client: Client):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    page = client.post(f"/screenings/a/{assignment.pk}/submit/", {"q1": "0"})
    assert page.status_code == 400
    assert "Pertanyaan 2 (q2) belum dijawab." in page.content.decode()


def test_the_campaign_page_shows_distribution_and_follow_up(school, campaign, client: Client):
    from rangkul.screenings import services

    assignment = assignment_of(campaign, school.siswa)
    services.submit_answers(
        by=school.siswa, assignment=assignment, answers=complete_answers("phqa", 2), lang="id"
    )
    client.force_login(school.konselor)
    page = client.get(f"/screenings/campaigns/{campaign.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="distribution-table"' in html and '<svg class="bar"' in html
    assert school.siswa_person.full_name in html
    assert "terjemahan tidak resmi" in html  # the unofficial-translation mark
    assert AuditEvent.objects.filter(verb="screening.campaign_viewed").exists()


def test_pages_render_for_their_users(school, campaign, client: Client):
    client.force_login(school.koordinator)
    for path in (
        "/screenings/",
        "/screenings/instruments/",
        "/screenings/instruments/phqa/",
        "/screenings/instruments/new/?template=akpd",
        "/screenings/campaigns/new/",
    ):
        assert client.get(path).status_code == 200, path
    assert (
        client.get("/screenings/instruments/phqa/fhir.json").json()["resourceType"]
        == "Questionnaire"
    )
    client.force_login(school.admin)
    assert client.get("/screenings/instruments/phqa/wording/").status_code == 200
    client.force_login(school.kepsek)
    assert client.get("/screenings/").status_code == 200
    client.force_login(school.siswa)
    assert client.get("/screenings/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_critical_form_sent_without_an_earlier_save_alerts_once_and_shows_crisis(
    school, campaign, client: Client
):
    assignment = assignment_of(campaign, school.siswa)
    client.force_login(school.siswa)
    answers = {k: str(v) for k, v in complete_answers("phqa", 0, s3=1, s4=1).items()}
    page = client.post(f"/screenings/a/{assignment.pk}/submit/", answers)
    html = page.content.decode()
    assert 'data-testid="sent"' in html and 'data-testid="crisis-screen"' in html
    assert Alert.objects.filter(person=school.siswa_person, source="screening").count() == 1


def test_my_questionnaires_leave_out_what_staff_fill_in_about_me(school, client: Client):
    from rangkul.screenings import services
    from rangkul.screenings.tests.factories import launch

    asq = launch(school, "asq", people=[school.siswa_person])
    entered = assignment_of(asq, school.siswa)
    services.submit_answers(
        by=school.konselor, assignment=entered, answers=complete_answers("asq", 0), lang="id"
    )
    client.force_login(school.siswa)
    html = client.get("/screenings/mine/").content.decode()
    assert asq.title not in html
