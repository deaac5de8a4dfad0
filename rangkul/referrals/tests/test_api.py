"""The directory and referrals out over the API: the same rules as the pages."""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.audit.models import AuditEvent
from rangkul.cases.models import Tier
from rangkul.referrals.models import ReferralOut, ReferralStatus

J = "application/json"

# Who may read school 1's directory entries (workers of cases and directory keepers).
DIRECTORY_READ = {"konselor", "koordinator", "admin", "outsider", "relawan"}
# Who may add to school 1's directory.
DIRECTORY_KEEP = {"koordinator", "admin"}


def entry(**kw):
    body = {
        "name": "Layanan Psikologi Kampus",
        "kind": "psychologist",
        "services": ["counseling", "assessment"],
        "age_groups": ["adolescents"],
        "regions": ["32.73"],
        "costs": ["free"],
        "phone": "022 123 4567",
    }
    body.update(kw)
    return body


@pytest.mark.parametrize("persona", PERSONAS)
def test_directory_matrix(persona, personas, setup, client: Client):
    user = personas[persona]
    client.force_login(user)
    listed = client.get("/api/v1/providers?limit=100")
    ids = {p["id"] for p in listed.json()["items"]}
    assert (str(setup.phone_only.pk) in ids) is (persona in DIRECTORY_READ)
    one = client.get(f"/api/v1/providers/{setup.phone_only.pk}")
    assert one.status_code == (200 if persona in DIRECTORY_READ else 404)
    created = client.post("/api/v1/providers", entry(), content_type=J)
    if persona in DIRECTORY_KEEP:
        assert created.status_code == 201
    else:
        assert created.status_code in (403, 404)


def test_the_directory_filters_by_region_service_age_and_cost(school, setup, client: Client):
    client.force_login(school.koordinator)
    made = client.post("/api/v1/providers", entry(), content_type=J).json()
    assert made["services"] == ["counseling", "assessment"] and made["regions"] == ["32.73"]
    assert AuditEvent.objects.filter(verb="directory.provider_added").count() == 1

    def names(query: str) -> set[str]:
        return {p["name"] for p in client.get(f"/api/v1/providers?{query}").json()["items"]}

    assert "Layanan Psikologi Kampus" in names("region=32.73.01&service=assessment&age=15")
    assert "Layanan Psikologi Kampus" not in names("region=35")
    assert "Layanan Psikologi Kampus" not in names("age=8")
    assert "Layanan Psikologi Kampus" not in names("cost=paid")


def test_a_bad_entry_gets_indonesian_errors_and_changes_nothing(school, setup, client: Client):
    client.force_login(school.koordinator)
    before = client.get("/api/v1/providers?limit=100").json()["count"]
    answer = client.post(
        "/api/v1/providers", entry(regions=["jawa barat"], phone="telepon"), content_type=J
    )
    assert answer.status_code == 400
    text = str(answer.json())
    assert "Bukan kode wilayah Kemendagri" in text
    assert client.get("/api/v1/providers?limit=100").json()["count"] == before


def test_a_coordinator_corrects_an_entry_the_school_keeps(school, setup, client: Client):
    client.force_login(school.koordinator)
    body = entry(name="Puskesmas Sukajadi", kind="puskesmas", costs=["bpjs"])
    answer = client.put(f"/api/v1/providers/{setup.phone_only.pk}", body, content_type=J)
    assert answer.status_code == 200 and answer.json()["costs"] == ["bpjs"]
    client.force_login(school.konselor)
    answer = client.put(f"/api/v1/providers/{setup.phone_only.pk}", body, content_type=J)
    assert answer.status_code == 404


def test_the_closed_loop_over_the_api(school, setup, client: Client):
    client.force_login(school.konselor)
    draft = client.post(
        "/api/v1/referrals-out",
        {
            "case_id": str(setup.case.pk),
            "provider_id": str(setup.provider.pk),
            "reason": "Perlu asesmen psikologis lanjutan.",
            "urgency": "soon",
            "consent_id": str(setup.consent.pk),
            "shared_fields": ["name", "age"],
        },
        content_type=J,
    )
    assert draft.status_code == 201, draft.content
    rid = draft.json()["id"]
    assert draft.json()["status"] == "draft" and draft.json()["case_id"] == str(setup.case.pk)

    # A draft is invisible to the provider.
    client.force_login(setup.psikolog)
    assert client.get(f"/api/v1/referrals-out/{rid}").status_code == 404

    client.force_login(school.konselor)
    sent = client.post(f"/api/v1/referrals-out/{rid}/send", content_type=J)
    assert sent.status_code == 200 and sent.json()["status"] == "sent"

    client.force_login(setup.psikolog)
    seen = client.get(f"/api/v1/referrals-out/{rid}").json()
    assert seen["snapshot"]["name"] == school.siswa_person.full_name
    assert "class" not in seen["snapshot"]
    assert seen["case_id"] is None and seen["person_id"] is None and seen["reason"] is None
    listed = client.get("/api/v1/referrals-out").json()["items"]
    assert [r["id"] for r in listed] == [rid]
    assert AuditEvent.objects.filter(verb="referral_out.listed", actor=setup.psikolog).exists()

    accepted = client.post(
        f"/api/v1/referrals-out/{rid}/answer", {"to": "accepted"}, content_type=J
    )
    assert accepted.status_code == 200
    setup.case.refresh_from_db()
    assert setup.case.tier == Tier.SPECIALIST
    missing = client.post(
        f"/api/v1/referrals-out/{rid}/answer", {"to": "not_completed"}, content_type=J
    )
    assert missing.status_code == 400
    assert "Pilih alasan rujukan tidak tuntas." in str(missing.json())
    done = client.post(
        f"/api/v1/referrals-out/{rid}/answer",
        {"to": "not_completed", "not_completed_reason": "could_not_contact"},
        content_type=J,
    )
    assert done.status_code == 200 and done.json()["status"] == "not_completed"
    assert [s["to_status"] for s in done.json()["steps"]] == [
        "draft",
        "sent",
        "accepted",
        "not_completed",
    ]
    # Another provider's account never sees it.
    client.force_login(setup.other_psikolog)
    assert client.get(f"/api/v1/referrals-out/{rid}").status_code == 404
    assert client.get("/api/v1/referrals-out").json()["items"] == []


def test_no_consent_no_referral(school, setup, client: Client):
    client.force_login(school.konselor)
    answer = client.post(
        "/api/v1/referrals-out",
        {
            "case_id": str(setup.case.pk),
            "provider_id": str(setup.provider.pk),
            "reason": "Perlu asesmen.",
            "urgency": "routine",
        },
        content_type=J,
    )
    assert answer.status_code == 400
    assert not ReferralOut.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_referral_out_api_matrix(persona, personas, school, setup, client: Client):
    """Only the staff on the case (and the provider once sent) see a referral out."""
    from rangkul.referrals import services

    referral = services.create_referral(
        by=school.konselor,
        case=setup.case,
        provider=setup.provider,
        reason="Asesmen",
        urgency="routine",
        consent=setup.consent,
    )
    services.send_referral(by=school.konselor, referral=referral)
    user = personas[persona]
    allowed = persona in {"konselor", "koordinator"}
    client.force_login(user)
    assert client.get(f"/api/v1/referrals-out/{referral.pk}").status_code == (
        200 if allowed else 404
    )
    ids = {r["id"] for r in client.get("/api/v1/referrals-out").json()["items"]}
    assert (str(referral.pk) in ids) is allowed
    answer = client.post(
        f"/api/v1/referrals-out/{referral.pk}/answer", {"to": "accepted"}, content_type=J
    )
    # The provider in Rangkul answers; the school's staff may not answer for it.
    assert answer.status_code == (403 if allowed else 404)
    assert ReferralOut.objects.get().status == ReferralStatus.SENT


def test_an_unknown_region_code_is_refused_in_indonesian(school, setup, client: Client):
    client.force_login(school.koordinator)
    before = client.get("/api/v1/providers?limit=100").json()["count"]
    answer = client.post("/api/v1/providers", entry(regions=["32.73", "99.99"]), content_type=J)
    assert answer.status_code == 400
    assert "99.99" in str(answer.json()) and "tabel kode wilayah Kemendagri" in str(answer.json())
    assert client.get("/api/v1/providers?limit=100").json()["count"] == before
