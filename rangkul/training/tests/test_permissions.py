"""Permission matrix for training: programmes, enrolments with their results, the quiz,
certificates and CPD records. The predicate, the scoped query and the page agree; out of
scope is a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import PERSONAS
from rangkul.audit.models import AuditEvent
from rangkul.training import permissions, queries
from rangkul.training.models import CpdRecord, Enrolment
from rangkul.training.services import cpd, trainees
from rangkul.training.services.certificates import issue_certificate
from rangkul.training.tests.factories import candidate_peer, default_programme

# Who opens school 1's programme page, and who edits it.
PROGRAMME_VIEW = {"konselor", "koordinator"}
PROGRAMME_MANAGE = {"koordinator"}
# Who sees the trainee's (school 1's peer supporter's) results and scores the role-play.
RESULTS_VIEW = {"sebaya", "konselor", "koordinator"}
SCORE = {"konselor", "koordinator"}
# Who sees and prints the certificate, and who revokes it.
CERTIFICATE_VIEW = {"sebaya", "koordinator"}
REVOKE = {"koordinator"}
# Who sees the counselor's CPD record (and its file).
CPD_VIEW = {"konselor", "koordinator"}


@pytest.fixture
def world(school):
    programme = default_programme(school.org, school.koordinator)
    # School 1's peer supporter as a trainee (from an earlier round of the programme).
    enrolment = Enrolment.objects.create(programme=programme, user=school.sebaya)
    certificate = issue_certificate(enrolment=enrolment)
    record = cpd.add_cpd_record(
        by=school.konselor, organisation=school.org, title="PFA", provider="Dinas",
        hours="6", on=timezone.localdate(),
        certificate_file=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n"),
    )  # fmt: skip
    return programme, enrolment, certificate, record


@pytest.mark.parametrize("persona", PERSONAS)
def test_programme_matrix(persona, personas, world, client: Client):
    programme, *_rest = world
    user = personas[persona]
    allowed = persona in PROGRAMME_VIEW
    assert permissions.can_view_programme(user, programme) is allowed
    assert (
        queries.visible_programmes(user, programme.organisation_id).filter(pk=programme.pk).exists()
        is allowed
    )
    assert permissions.can_manage_programme(user, programme) is (persona in PROGRAMME_MANAGE)
    client.force_login(user)
    page = client.get(f"/training/{programme.pk}/")
    assert page.status_code == (200 if allowed else 404)
    assert client.get(f"/training/{programme.pk}/decide/").status_code == (
        200 if persona in PROGRAMME_MANAGE else 404
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_results_matrix(persona, personas, world, client: Client):
    _programme, enrolment, *_rest = world
    user = personas[persona]
    allowed = persona in RESULTS_VIEW
    assert permissions.can_view_enrolment(user, enrolment) is allowed
    assert (
        Enrolment.objects.filter(permissions.enrolment_filter(user), pk=enrolment.pk).exists()
        is allowed
    )
    assert permissions.can_score_role_play(user, enrolment) is (persona in SCORE)
    client.force_login(user)
    before = AuditEvent.objects.filter(verb="training.results_viewed").count()
    page = client.get(f"/training/enrolments/{enrolment.pk}/")
    assert page.status_code == (200 if allowed else 404)
    viewed = AuditEvent.objects.filter(verb="training.results_viewed").count() - before
    assert viewed == (1 if allowed else 0)
    if allowed:
        assert ('name="listening"' in page.content.decode()) is (persona in SCORE)
    assert client.get(f"/training/enrolments/{enrolment.pk}/quiz/").status_code == (
        200 if persona == "sebaya" else 404
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_certificate_matrix(persona, personas, world, client: Client):
    _programme, _enrolment, certificate, _record = world
    user = personas[persona]
    assert permissions.can_view_certificate(user, certificate) is (persona in CERTIFICATE_VIEW)
    assert permissions.can_revoke_certificate(user, certificate) is (persona in REVOKE)
    client.force_login(user)
    answer = client.get(f"/training/certificates/{certificate.pk}/pdf/")
    assert answer.status_code == (200 if persona in CERTIFICATE_VIEW else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_cpd_matrix(persona, personas, world, client: Client):
    *_rest, record = world
    user = personas[persona]
    allowed = persona in CPD_VIEW
    assert permissions.can_view_cpd(user, record) is allowed
    assert CpdRecord.objects.filter(permissions.cpd_filter(user), pk=record.pk).exists() is allowed
    client.force_login(user)
    answer = client.get(f"/training/cpd/{record.pk}/file/")
    assert answer.status_code == (200 if allowed else 404)
    assert client.get("/training/cpd/hours/").status_code == (
        200 if persona == "koordinator" else 404
    )


def test_a_peer_never_sees_another_peers_results_or_quiz(school, world, client: Client):
    programme, enrolment, *_rest = world
    other = candidate_peer(school.org, "sebaya-lain")
    other_enrolment = trainees.enrol(by=school.koordinator, programme=programme, user=other)
    client.force_login(other)
    assert client.get(f"/training/enrolments/{enrolment.pk}/").status_code == 404
    assert client.get(f"/training/enrolments/{enrolment.pk}/quiz/").status_code == 404
    assert client.get(f"/training/{programme.pk}/").status_code == 404
    mine = client.get("/training/me/").content.decode()
    assert f"/training/enrolments/{other_enrolment.pk}/" in mine
    assert f"/training/enrolments/{enrolment.pk}/" not in mine
