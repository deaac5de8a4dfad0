"""The public certificate check: genuine and valid, expired, revoked or unknown; only the
printed name, the organisation and the validity; rate-limited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rangkul.lib import ratelimit
from rangkul.training import codes
from rangkul.training.models import Certificate, Enrolment
from rangkul.training.services.certificates import issue_certificate, revoke_certificate
from rangkul.training.tests.factories import default_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(school) -> Certificate:
    programme = default_programme(school.org, school.koordinator)
    enrolment = Enrolment.objects.create(programme=programme, user=school.sebaya)
    return issue_certificate(enrolment=enrolment)


def _check(code: str) -> tuple[int, str]:
    answer = Client().get(f"/verify/{code}/")
    return answer.status_code, answer.content.decode()


def test_a_genuine_certificate_shows_only_name_organisation_and_validity(school, certificate):
    status, page = _check(codes.grouped(certificate.code))
    assert status == 200
    assert "Sebaya 1" in page and school.org.name in page
    assert "Asli dan berlaku sampai" in page
    # Nothing else about the peer: no username, no programme, no scores.
    assert school.sebaya.username not in page
    assert certificate.enrolment.programme.title not in page
    assert "/training/" not in page


def test_a_typed_code_is_forgiving_about_case_spaces_and_lookalikes(certificate):
    typed = " ".join(codes.grouped(certificate.code).lower().split("-"))
    answer = Client().get("/verify/", {"code": typed})
    assert answer.status_code == 302
    assert answer["Location"] == f"/verify/{codes.grouped(certificate.code)}/"
    assert Client().get("/verify/", {"code": "ABC"}).status_code == 200


def test_an_expired_certificate_says_so(certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    status, page = _check(certificate.code)
    assert status == 200 and "sudah kedaluwarsa" in page and "Sebaya 1" in page


def test_a_revoked_certificate_says_so(school, certificate):
    revoke_certificate(by=school.koordinator, certificate=certificate, reason="Dicabut uji")
    status, page = _check(certificate.code)
    assert status == 200 and "sudah dicabut" in page
    assert "Dicabut uji" not in page


def test_an_unknown_code_is_not_found(certificate):
    status, page = _check("0000-0000-0000-0000")
    assert status == 404 and "Tidak ada sertifikat dengan kode ini" in page
    assert _check("not-a-code")[0] == 404


def test_the_check_is_rate_limited_per_address(certificate, monkeypatch):
    monkeypatch.setitem(
        ratelimit.LIMITS,
        "certificate_verify",
        ratelimit.Limit(per_person=3, per_address=3, seconds=600),
    )
    client = Client()
    for _ in range(3):
        assert client.get(f"/verify/{certificate.code}/").status_code == 200
    refused = client.get(f"/verify/{certificate.code}/")
    assert refused.status_code == 429
    assert "Terlalu banyak" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get(f"/verify/{certificate.code}/").status_code == 200
