"""Routing that fails safe: a request reaches a teenage peer only when the safety check says
it is confidently ordinary, and the request service uses exactly the decision the safety
check API answers for the same text."""

import pytest
from django.test import Client

from rangkul.cases.models import RequestStatus
from rangkul.cases.tests.conftest import ask
from rangkul.safety.detection import learned

ORDINARY = "Aku lagi bingung soal pelajaran matematika"
CRISIS = [
    "gw udah gak kuat, pengen mati aja malam ini",
    "aku pengen ngebunuh diriku sendiri",
    "semua orang bakal lebih baik tanpa aku",
    "aku wis kesel urip, pengen mati wae",
    "hoyong maot wae, abdi tos teu kuat",
    "mantan ngancam mau nyebarin foto pribadi aku kalau aku gak balikan",
    "om aku suka masuk kamarku malem2 terus aku disuruh diem",
    "temenku udah nyimpen obat dan bilang mau minum semua malam ini",
]
CONCERN = [
    "tiap abis makan aku muntahin lagi biar gak gendut",
    "aku kena serangan panik tiap mau berangkat sekolah",
    "pacarku ngecek hp aku tiap hari dan ngelarang aku main sama temen",
    "udah berminggu-minggu aku nangis tiap malam dan gak ada semangat apa-apa",
]
# Texts the model cannot call ordinary with confidence: not flagged by any rule, still
# never offered to a peer.
UNCERTAIN = [
    "aku gak tau lagi harus gimana",
    "Rahasia tentang keluargaku",
]


def check(client: Client, school, text: str) -> dict:
    client.force_login(school.konselor)
    answer = client.post("/api/v1/safety/check", {"text": text}, content_type="application/json")
    assert answer.status_code == 200
    return answer.json()


@pytest.mark.parametrize("helper_choice", ["peer", "either"])
@pytest.mark.parametrize("text", CRISIS + CONCERN + UNCERTAIN)
def test_crisis_concern_and_uncertain_text_never_reaches_a_peer(
    school, peer_ready, text, helper_choice
):
    request = ask(school, text=text, helper_choice=helper_choice)
    assert request.status == RequestStatus.TRIAGE
    assert request.offered_to is None
    assert request.peer_eligible is False


@pytest.mark.parametrize("text", UNCERTAIN)
def test_uncertain_text_is_not_flagged_only_routed(text):
    # Uncertainty sends a request to a counselor; it does not raise an alarm.
    result = learned_check(text)
    assert result["rules_level"] == "none" and result["peer_eligible"] is False


def learned_check(text: str) -> dict:
    from rangkul.safety.detection import detect

    return detect(text).to_dict()


def test_an_ordinary_request_from_a_student_who_chose_a_peer_is_offered(school, peer_ready):
    request = ask(school, text=ORDINARY, helper_choice="peer")
    assert request.peer_eligible is True
    assert request.status == RequestStatus.OFFERED and request.offered_to == school.sebaya


@pytest.mark.parametrize(
    "kw",
    [
        {"helper_choice": "counselor"},
        {"urgency": "high"},
        {"urgency": "very_high"},
        {"topic": "violence"},
        {"topic": "abuse"},
        {"topic": "self_harm"},
    ],
)
def test_the_students_own_choices_send_an_ordinary_text_to_triage(school, peer_ready, kw):
    request = ask(school, text=ORDINARY, **kw)
    assert request.peer_eligible is True  # the text alone would have been fine
    assert request.status == RequestStatus.TRIAGE


@pytest.mark.parametrize("text", [ORDINARY, *CRISIS[:2], *CONCERN[:2], *UNCERTAIN])
def test_the_api_answer_is_the_decision_the_service_used(school, peer_ready, client, text):
    answer = check(client, school, text)
    request = ask(school, text=text)
    assert answer["peer_eligible"] is request.peer_eligible
    assert answer["level"] == request.safety_level
    assert (request.status == RequestStatus.OFFERED) is answer["peer_eligible"]


def test_without_a_usable_model_nothing_reaches_a_peer(school, peer_ready, monkeypatch):
    # The artefact failed to load: the rules still run, and every request goes to triage.
    monkeypatch.setattr("rangkul.safety.detection.default_model", lambda: None)
    request = ask(school, text=ORDINARY, helper_choice="peer")
    assert request.peer_eligible is False
    assert request.status == RequestStatus.TRIAGE
    assert learned.default_model() is not None  # only this test's view was broken
