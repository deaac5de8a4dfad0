"""The registration page and its resent drafts (rangkul.lib.idempotency)."""

import uuid

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from rangkul.people.models import Person
from rangkul.psychosocial import services
from rangkul.psychosocial.models import Beneficiary
from rangkul.psychosocial.tests import factories as f

DRAFT = {"HTTP_X_RANGKUL_DRAFT": "1"}


def form(key, **fields):
    return {
        "idempotency_key": str(key),
        "full_name": "Gita",
        "gender": "female",
        "age": "12",
        "household": "KK-9",
        "region_1": "32",
        "region_2": "32.73",
        "region_3": "32.73.02",
        "region_4": "32.73.02.1001",
        "vulnerabilities": ["displaced", "bereaved"],
        "consent_basis": "person",
        **fields,
    }


def test_the_page_offers_the_programme_location_in_the_picker(client, post) -> None:
    client.force_login(post.relawan)
    page = client.get(reverse("psychosocial_beneficiary_new", args=[post.programme.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="32.73.02" selected' in html and "Cipaganti" in html
    assert 'data-draft="beneficiary:' in html and "js/drafts.js" in html


def test_a_resent_draft_is_created_once(client, post) -> None:
    client.force_login(post.relawan)
    url = reverse("psychosocial_beneficiary_new", args=[post.programme.pk])
    key = uuid.uuid4()
    first = client.post(url, form(key), **DRAFT)
    second = client.post(url, form(key), **DRAFT)
    assert (first.status_code, first.json()["status"]) == (201, "created")
    assert (second.status_code, second.json()["status"]) == (200, "existing")
    assert first.json()["id"] == second.json()["id"]
    b = Beneficiary.objects.get()
    assert b.region_id == "32.73.02.1001"
    assert b.vulnerability_list == ["displaced", "bereaved"]


def test_a_refused_draft_gets_its_messages_as_json(client, post) -> None:
    client.force_login(post.relawan)
    url = reverse("psychosocial_beneficiary_new", args=[post.programme.pk])
    answer = client.post(url, form(uuid.uuid4(), full_name="", region_3="", region_4=""), **DRAFT)
    assert answer.status_code == 400
    assert set(answer.json()["errors"]) >= {"full_name", "region"}
    assert not Person.objects.exists()


def test_without_javascript_the_form_posts_and_reports(client, post) -> None:
    client.force_login(post.relawan)
    url = reverse("psychosocial_beneficiary_new", args=[post.programme.pk])
    key = uuid.uuid4()
    assert client.post(url, form(key)).status_code == 302
    again = client.post(url, form(key), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Gita was already registered; nothing was added." in again.content.decode()
    assert Beneficiary.objects.count() == 1
    bad = client.post(url, form(uuid.uuid4(), age="", full_name="Hana"))
    assert bad.status_code == 400 and "data-draft-rejected=" in bad.content.decode()


def test_a_draft_sent_after_the_session_ended_goes_to_the_login(client, post) -> None:
    url = reverse("psychosocial_beneficiary_new", args=[post.programme.pk])
    answer = client.post(url, form(uuid.uuid4()), **DRAFT)
    assert answer.status_code == 302 and reverse("login") in answer["Location"]
    assert not Beneficiary.objects.exists()


def test_the_list_is_audited_and_searchable(client, post) -> None:
    f.beneficiary(post.programme, post.relawan, full_name="Indah")
    f.beneficiary(post.programme, post.relawan, full_name="Joko")
    client.force_login(post.relawan)
    url = reverse("psychosocial_beneficiaries", args=[post.programme.pk])
    html = client.get(url, {"q": "ind"}).content.decode()
    assert "Indah" in html and "Joko" not in html
    from rangkul.audit.models import AuditEvent

    event = AuditEvent.objects.filter(verb="beneficiary.listed", actor=post.relawan).get()
    assert event.data["count"] == 1


def test_a_refusal_after_the_page_was_opened_is_shown_on_the_form(
    client, post, monkeypatch
) -> None:
    # The programme closed between opening the form and sending it: the service refuses.
    def closed(**_kw):
        raise PermissionDenied("Program ini sudah ditutup.")

    monkeypatch.setattr(services, "register_beneficiary", closed)
    client.force_login(post.relawan)
    url = reverse("psychosocial_beneficiary_new", args=[post.programme.pk])
    answer = client.post(url, form(uuid.uuid4()))
    assert answer.status_code == 400
    assert "Program ini sudah ditutup." in answer.content.decode()
    assert not Beneficiary.objects.exists()
