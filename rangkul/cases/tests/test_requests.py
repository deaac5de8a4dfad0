import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rangkul.audit.models import AuditEvent
from rangkul.cases import queries, services
from rangkul.cases.models import RequestStatus, SupportRequest, Tier
from rangkul.cases.tests.conftest import ask
from rangkul.peers.tests.factories import matchable_peer
from rangkul.safety.models import Alert


def test_an_ordinary_request_is_offered_to_an_eligible_peer_with_reasons(school, peer_ready):
    request = ask(school)
    assert request.status == RequestStatus.OFFERED
    assert request.offered_to == school.sebaya
    assert request.match_reason["method"] == "optimal"
    assert request.match_reason["eligible_peers"] == 1
    assert AuditEvent.objects.filter(verb="request.offered").exists()


def test_crisis_words_go_to_counselor_triage_and_raise_an_alert(school, peer_ready):
    request = ask(school, text="aku pengen mati aja, udah gak kuat hidup")
    assert request.status == RequestStatus.TRIAGE
    assert request.offered_to is None
    assert request.safety_level == "urgent"
    alert = Alert.objects.get(request=request)
    assert alert.severity == "urgent" and alert.person == request.person
    assert "suicide" in alert.evidence["categories"]


@pytest.mark.parametrize(
    "kw",
    [
        {"urgency": "very_high"},
        {"topic": "abuse"},
        {"topic": "self_harm"},
        {"topic": "violence"},
        {"helper_choice": "counselor"},
    ],
)
def test_risky_or_counselor_wanted_requests_never_reach_a_peer(school, peer_ready, kw):
    assert ask(school, **kw).status == RequestStatus.TRIAGE


def test_matching_respects_gender_preference_and_the_students_avoid_list(school, peer_ready):
    assert ask(school, helper_gender="male").status == RequestStatus.TRIAGE
    avoided = ask(school, avoid=[school.sebaya], text="Aku bingung soal tugas kelompok")
    assert avoided.status == RequestStatus.TRIAGE


def test_a_peer_at_their_load_limit_is_not_offered_more(school, peer_ready):
    peer_ready.max_open_cases = 1
    peer_ready.save()
    assert ask(school).status == RequestStatus.OFFERED
    assert ask(school, text="Aku bingung memilih jurusan kuliah").status == RequestStatus.TRIAGE


def test_a_peer_sees_no_text_before_accepting(school, peer_ready, client):
    request = ask(school, text="Aku bingung soal tugas kelompok")
    client.force_login(school.sebaya)
    page = client.get("/offers/").content.decode()
    assert request.pseudonym in page and "Aku bingung soal tugas kelompok" not in page
    assert client.get(f"/triage/{request.pk}/").status_code == 404
    assert client.get(f"/api/v1/requests/{request.pk}").status_code == 404
    offers = client.get("/api/v1/requests/offers").json()["items"]
    assert offers[0]["pseudonym"] == request.pseudonym and "text" not in offers[0]


def test_accepting_opens_a_peer_case_and_then_the_text_is_visible(school, peer_ready, client):
    request = ask(school, text="Aku bingung soal tugas kelompok")
    case = services.accept_offer(by=school.sebaya, support_request=request)
    assert case.tier == Tier.PEER and case.lead == school.sebaya
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.accepted_at
    client.force_login(school.sebaya)
    assert "Aku bingung soal tugas kelompok" in client.get(f"/cases/{case.pk}/").content.decode()


def test_two_declines_send_the_request_to_triage(school, peer_ready):
    second = matchable_peer(school.org, school.walikelas)
    from rangkul.accounts.tests.factories import member

    member(school.org, "peer_supporter", user=school.walikelas)
    request = ask(school)
    first_peer = request.offered_to
    services.decline_offer(by=first_peer, support_request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED and request.offered_to != first_peer
    services.decline_offer(by=request.offered_to, support_request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.TRIAGE and request.decline_count == 2
    del second


def test_a_double_submission_creates_one_request(school):
    first = ask(school, client_token="tap-123")
    second = ask(school, client_token="tap-123")
    assert first.pk == second.pk
    assert queries.my_requests(school.siswa, school.org.id).count() == 1


def test_a_double_tap_on_the_form_creates_one_request(school, client):
    client.force_login(school.siswa)
    data = {
        "domain": "social",
        "text": "teman menjauhi aku",
        "topic": "general",
        "urgency": "low",
        "helper_choice": "either",
        "helper_gender": "any",
        "client_token": "form-token-1",
    }
    assert client.post("/help/", data).status_code == 302
    assert client.post("/help/", data).status_code == 302
    assert queries.my_requests(school.siswa, school.org.id).count() == 1


def test_the_form_explains_confidentiality_and_refuses_empty_text(school, client):
    client.force_login(school.siswa)
    page = client.get("/help/").content.decode()
    assert "Satu pengecualian" in page
    response = client.post(
        "/help/",
        {
            "domain": "social",
            "text": "  ",
            "topic": "general",
            "urgency": "low",
            "helper_choice": "either",
            "helper_gender": "any",
        },
    )
    assert response.status_code == 400
    assert "Tuliskan beberapa kata" in response.content.decode()
    assert queries.my_requests(school.siswa, school.org.id).count() == 0


def test_staff_cannot_ask_for_help_as_a_student(school):
    with pytest.raises(PermissionDenied):
        services.submit_request(
            by=school.kepsek, organisation=school.org, domain="personal", text="x", urgency="low"
        )


def test_triage_orders_most_urgent_then_oldest(school):
    calm = ask(school, helper_choice="counselor", urgency="low", text="soal jurusan kuliah")
    urgent = ask(school, helper_choice="counselor", urgency="high", text="aku cemas terus")
    crisis = ask(school, text="aku mau bunuh diri")
    order = list(queries.triage_queue(school.konselor, school.org.id))
    assert order == [crisis, urgent, calm]


def test_a_counselor_takes_a_request_from_triage_and_a_case_opens(school):
    request = ask(school, helper_choice="counselor")
    case = services.assign_request(by=school.konselor, support_request=request, to=school.konselor)
    assert case.tier == Tier.COUNSELING and case.lead == school.konselor


def test_a_counselor_cannot_hand_a_risky_request_to_a_peer(school, peer_ready):
    request = ask(school, topic="abuse")
    with pytest.raises(ValidationError):
        services.assign_request(by=school.konselor, support_request=request, to=school.sebaya)


def test_a_counselor_offers_a_calm_request_to_a_peer(school, peer_ready):
    request = ask(school, helper_choice="counselor", text="Aku bingung soal tugas kelompok")
    result = services.assign_request(by=school.konselor, support_request=request, to=school.sebaya)
    assert result.status == RequestStatus.OFFERED and result.offered_to == school.sebaya


def test_a_teacher_refers_and_sees_only_the_status(school, client):
    request = services.refer_student(
        by=school.walikelas,
        person=school.siswa_person,
        reason="Sering melamun dan nilainya turun drastis",
    )
    assert request.status == RequestStatus.TRIAGE and request.source == "teacher"
    services.assign_request(by=school.konselor, support_request=request, to=school.konselor)
    client.force_login(school.walikelas)
    page = client.get("/refer/sent/").content.decode()
    assert "Diterima dan sedang ditangani" in page
    assert "melamun" not in page
    assert client.get(f"/triage/{request.pk}/").status_code == 404
    items = client.get("/api/v1/referrals").json()["items"]
    assert items[0]["status"] == "being_handled" and set(items[0]) == {
        "id",
        "person_id",
        "created_at",
        "status",
    }


def test_a_teachers_referral_with_crisis_words_raises_an_alert(school):
    request = services.refer_student(
        by=school.walikelas,
        person=school.siswa_person,
        reason="Dia bilang ke temannya mau gantung diri",
    )
    assert Alert.objects.filter(request=request, source="teacher_referral").exists()


def test_a_student_withdraws_before_anyone_accepts(school, peer_ready):
    request = ask(school)
    services.withdraw_request(by=school.siswa, support_request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_an_integration_with_a_bearer_token_works_in_the_users_organisation(school, client):
    from conftest import PASSWORD

    token = client.post(
        "/api/v1/auth/token",
        {"username": "siswa1", "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api.post(
        "/api/v1/requests",
        {"domain": "career", "text": "bingung pilih jurusan", "urgency": "low"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] in ("triage", "offered")


def test_a_helper_of_another_school_cannot_be_put_on_the_avoid_list(
    school, other_school, peer_ready, client
):
    client.force_login(school.siswa)
    response = client.post(
        "/api/v1/requests",
        {
            "domain": "social",
            "text": "mau cerita soal teman",
            "urgency": "low",
            "avoid": [str(other_school.sebaya.public_id)],
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["detail"]
    assert not queries.my_requests(school.siswa, school.org.id).exists()


def test_a_request_is_readable_wherever_its_case_waits_for_a_counselor(school, peer_ready):
    from rangkul.accounts.tests.factories import member
    from rangkul.cases import permissions

    request = ask(school)
    case = services.accept_offer(by=school.sebaya, support_request=request)
    services.hand_over(by=school.sebaya, case=case, reason="Perlu konselor")
    second = member(school.org, "counselor")
    # The predicate and the list filter say the same for every persona.
    for user in (second, school.konselor, school.koordinator, school.sebaya, school.siswa):
        allowed = permissions.can_view_request(user, request)
        assert queries.visible_requests(user).filter(pk=request.pk).exists() is allowed
    assert permissions.can_view_request(second, request)


def test_a_former_peer_supporter_can_no_longer_see_or_accept_an_offer(school, peer_ready, client):
    from rangkul.accounts import services as account_services
    from rangkul.accounts.models import Membership
    from rangkul.accounts.permissions import forget_roles

    request = ask(school)
    assert request.offered_to == school.sebaya
    membership = Membership.objects.get(user=school.sebaya, role="peer_supporter")
    account_services.revoke_role(by=school.koordinator, membership=membership)
    forget_roles(school.sebaya)  # as on the next request
    assert not queries.offers_for(school.sebaya).exists()
    with pytest.raises(PermissionDenied):
        services.accept_offer(by=school.sebaya, support_request=request)
    client.force_login(school.sebaya)
    assert client.post(f"/api/v1/requests/{request.pk}/accept").status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED and not hasattr(request, "case")


def test_an_offer_nobody_answers_goes_back_to_matching_then_to_triage(school, peer_ready, settings):
    import time_machine
    from django.utils import timezone

    from rangkul.cases.services.requests import reroute_stale_offers

    settings.OFFER_TIMEOUT_MINUTES = 60
    request = ask(school)
    assert reroute_stale_offers() == 0  # not late yet
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=61)):
        assert reroute_stale_offers() == 1
    request.refresh_from_db()
    # The only peer missed it, so it waits for a counselor instead of for nobody.
    assert request.status == RequestStatus.TRIAGE and request.decline_count == 1


def test_an_offer_to_someone_who_lost_the_peer_role_is_rerouted_at_once(school, peer_ready):
    from rangkul.accounts.models import Membership
    from rangkul.accounts.permissions import forget_roles
    from rangkul.cases.services.requests import reroute_stale_offers

    request = ask(school)
    Membership.objects.filter(user=school.sebaya, role="peer_supporter").delete()
    forget_roles(school.sebaya)
    assert reroute_stale_offers() == 1
    request.refresh_from_db()
    assert request.status == RequestStatus.TRIAGE


def test_a_peer_reads_but_no_longer_logs_after_handing_over(peer_case, school):
    from rangkul.cases import permissions

    assert permissions.can_write_note(school.sebaya, peer_case, "contact_log")
    services.hand_over(by=school.sebaya, case=peer_case, reason="Perlu konselor")
    assert not permissions.can_write_note(school.sebaya, peer_case, "contact_log")


def test_an_unknown_answer_to_an_offer_changes_nothing(school, peer_ready, client):
    request = ask(school)
    client.force_login(school.sebaya)
    assert client.post(f"/offers/{request.pk}/maybe/").status_code == 404
    request.refresh_from_db()
    assert request.status == RequestStatus.OFFERED and request.decline_count == 0


def test_the_triage_page_shows_one_page_of_the_queue_most_urgent_first(school, client, monkeypatch):
    from rangkul.audit.models import AuditEvent

    monkeypatch.setattr(queries, "TRIAGE_PAGE", 2)
    calm = ask(school, helper_choice="counselor", urgency="low", text="soal jurusan kuliah")
    urgent = ask(school, helper_choice="counselor", urgency="high", text="aku cemas terus")
    crisis = ask(school, text="aku mau bunuh diri")
    client.force_login(school.konselor)
    first = client.get("/triage/")
    rows = first.content.decode().count('data-testid="triage-row"')
    assert first.status_code == 200 and rows == 2
    assert f"/triage/{crisis.pk}/" in first.content.decode()
    assert f"/triage/{calm.pk}/" not in first.content.decode()
    shown = AuditEvent.objects.filter(verb="request.listed").latest("at")
    assert shown.data["ids"] == [str(crisis.pk), str(urgent.pk)]  # only the page shown
    second = client.get("/triage/?page=2").content.decode()
    assert f"/triage/{calm.pk}/" in second and f"/triage/{crisis.pk}/" not in second


def test_a_triage_row_marks_the_safety_level_and_a_teacher_referral(school, client):
    crisis = ask(school, text="aku mau bunuh diri")
    calm = ask(school, helper_choice="counselor", urgency="low", text="soal jurusan kuliah")
    referral = services.refer_student(
        by=school.walikelas, person=school.siswa_person, reason="Sering melamun di kelas"
    )
    client.force_login(school.konselor)
    rows = client.get("/triage/").content.decode().split('data-testid="triage-row"')[1:]
    shown = {key: next(r for r in rows if f"/triage/{key}/" in r) for key in (crisis.pk, calm.pk)}
    shown["referral"] = next(r for r in rows if f"/triage/{referral.pk}/" in r)
    assert "<mark>Mendesak</mark>" in shown[crisis.pk]  # the detector's level, in Indonesian
    assert "<mark>" not in shown[calm.pk] and "<td>—</td>" in shown[calm.pk]
    assert school.siswa_person.full_name in shown[calm.pk]
    assert "<small>(alih tangan guru)</small>" in shown["referral"]
    assert "alih tangan guru" not in shown[calm.pk]


def _uncertain(school):
    """A request held back from peers only because the detector was not confident the text
    is ordinary (no rule or model found risk in it)."""
    request = ask(school, helper_choice="counselor", text="Aku lagi kepikiran soal temenku")
    SupportRequest.objects.filter(pk=request.pk).update(peer_eligible=False, safety_level="none")
    request.refresh_from_db()
    return request


def test_a_counselor_who_read_an_uncertain_request_may_hand_it_to_a_peer(school, peer_ready):
    request = _uncertain(school)
    assert request.goes_to_counselor_only and request.counselor_may_clear_for_peer
    result = services.assign_request(by=school.konselor, support_request=request, to=school.sebaya)
    assert result.status == RequestStatus.OFFERED and result.offered_to == school.sebaya
    assert result.peer_cleared_by == school.konselor and not result.goes_to_counselor_only
    assert AuditEvent.objects.filter(verb="request.cleared_for_peer").count() == 1
    case = services.accept_offer(by=school.sebaya, support_request=result)
    assert case.tier == Tier.PEER and case.lead == school.sebaya


@pytest.mark.parametrize("level", ["concern", "urgent"])
def test_a_request_with_risk_found_cannot_be_cleared_for_a_peer(school, peer_ready, level):
    request = _uncertain(school)
    SupportRequest.objects.filter(pk=request.pk).update(safety_level=level)
    request.refresh_from_db()
    assert not request.counselor_may_clear_for_peer
    with pytest.raises(ValidationError):
        services.assign_request(by=school.konselor, support_request=request, to=school.sebaya)
    request.refresh_from_db()
    assert request.peer_cleared_by is None and request.status == RequestStatus.TRIAGE
    assert not AuditEvent.objects.filter(verb="request.cleared_for_peer").exists()


def test_a_failed_hand_over_leaves_no_clearance_behind(school):
    # No peer is ready: the assignment is refused and the counselor's clearance rolls back.
    request = _uncertain(school)
    with pytest.raises(ValidationError):
        services.assign_request(by=school.konselor, support_request=request, to=school.sebaya)
    request.refresh_from_db()
    assert request.peer_cleared_by is None and request.goes_to_counselor_only


def test_the_triage_page_offers_peers_for_an_uncertain_request_and_says_why(
    school, peer_ready, client
):
    request = _uncertain(school)
    client.force_login(school.konselor)
    page = client.get(f"/triage/{request.pk}/").content.decode()
    assert 'data-testid="peer-clearance"' in page
    assert str(school.sebaya.public_id) in page
