"""The API of reports and matters: same rules as the pages, audited reads, clear errors."""

from django.test import Client

from rangkul.audit.models import AuditEvent
from rangkul.violence.models import Report
from rangkul.violence.tests.conftest import report


def test_a_member_reports_through_the_api_and_gets_a_receipt(school, tppk):
    client = Client()
    client.force_login(school.siswa)
    answer = client.post(
        "/api/v1/violence/reports",
        {"kind": "bullying", "standing": "victim", "what": "Aku terus diejek di grup kelas."},
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert len(answer.json()["receipt_code"]) == 19
    assert Report.objects.get().reporter == school.siswa


def test_bad_input_is_a_clear_error_and_saves_nothing(school, tppk):
    client = Client()
    client.force_login(school.siswa)
    answer = client.post(
        "/api/v1/violence/reports",
        {"kind": "gossip", "standing": "victim", "what": "Aku terus diejek di grup kelas."},
        content_type="application/json",
    )
    assert answer.status_code == 422
    answer = client.post(
        "/api/v1/violence/reports",
        {"kind": "bullying", "standing": "victim", "what": "x"},
        content_type="application/json",
    )
    assert answer.status_code in (400, 422) and answer.json()["detail"]
    assert not Report.objects.exists()


def test_matters_are_scoped_audited_and_the_lead_completes_a_step(school, tppk):
    matter = report(school.org)[0].matter
    lead, counselor = Client(), Client()
    lead.force_login(tppk["ketua"])
    counselor.force_login(school.konselor)
    assert lead.get("/api/v1/violence/matters").json()["count"] == 1
    assert counselor.get("/api/v1/violence/matters").json()["count"] == 0
    assert counselor.get(f"/api/v1/violence/matters/{matter.pk}").status_code == 404
    detail = lead.get(f"/api/v1/violence/matters/{matter.pk}").json()
    assert "dipalak" in detail["what"] and detail["reporter"] is None
    assert AuditEvent.objects.filter(verb="violence.matter_viewed", actor=tppk["ketua"]).exists()
    assert AuditEvent.objects.filter(verb="violence.matters_listed", actor=tppk["ketua"]).exists()
    answer = lead.post(
        f"/api/v1/violence/matters/{matter.pk}/steps",
        {"step": "intake", "summary": "Korban aman."},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["step"] == "examination"
    principal = Client()
    principal.force_login(school.kepsek)
    answer = principal.post(
        f"/api/v1/violence/matters/{matter.pk}/steps",
        {"step": "examination", "summary": "Coba."},
        content_type="application/json",
    )
    assert answer.status_code == 403 and answer.json()["detail"]


def test_absurd_paging_is_a_clear_4xx(school, tppk):
    client = Client()
    client.force_login(tppk["ketua"])
    for query in ("offset=2e28", "limit=0", "limit=1000000"):
        answer = client.get(f"/api/v1/violence/matters?{query}")
        assert answer.status_code == 422 and answer.json()["detail"]
