from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from conftest import run_worker
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.audit.models import AuditEvent
from rangkul.notifications.models import Kind, Notification
from rangkul.people import queries, services
from rangkul.people.models import Consent, ConsentBasis, ConsentScope, ReviewDecision
from rangkul.people.tasks import remind_consent_exception_reviews
from rangkul.people.tests.factories import GuardianFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="formulir Siswa Satu.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_guardian_form_is_stored_under_a_neutral_name(school):
    guardian = GuardianFactory(person=school.siswa_person)
    consent = services.record_consent(
        by=school.konselor,
        person=school.siswa_person,
        basis=ConsentBasis.GUARDIAN_FORM,
        scope=ConsentScope.REFERRAL,
        guardian=guardian,
        form_file=_pdf(),
    )
    assert consent.form_file.name.endswith(f"{consent.pk}.pdf")
    assert "Siswa" not in consent.form_file.name
    assert consent.is_active and not consent.is_exception
    assert list(queries.active_consents(school.siswa_person, ConsentScope.REFERRAL)) == [consent]


@pytest.mark.parametrize(
    "values,field",
    [
        ({"basis": ConsentBasis.GUARDIAN_FORM, "form_file": None}, "form_file"),
        (
            {"basis": ConsentBasis.GUARDIAN_FORM, "form_file": "fake"},
            "form_file",
        ),
        ({"basis": ConsentBasis.GUARDIAN_VERBAL, "witness_name": ""}, "witness_name"),
        (
            {"basis": ConsentBasis.GUARDIAN_VERBAL, "guardian": None, "witness_name": "Bu Ani"},
            "guardian",
        ),
        ({"basis": ConsentBasis.CHILD_PROTECTION, "exception_reason": ""}, "exception_reason"),
        ({"basis": "whatever"}, "basis"),
        ({"basis": ConsentBasis.PERSON, "scope": "everything"}, "scope"),
    ],
)
def test_bad_consent_changes_nothing(school, values, field):
    guardian = GuardianFactory(person=school.siswa_person)
    kwargs = {
        "by": school.konselor,
        "person": school.siswa_person,
        "scope": ConsentScope.REFERRAL,
        "guardian": guardian,
        **values,
    }
    if kwargs.get("form_file") == "fake":
        kwargs["form_file"] = _pdf("x.pdf", b"<html>not a scan</html>")
    with pytest.raises(ValidationError) as exc:
        services.record_consent(**kwargs)
    assert field in exc.value.error_dict
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(verb="consent.recorded").exists()


def test_a_guardian_who_may_be_the_source_of_harm_cannot_consent(school):
    guardian = GuardianFactory(
        person=school.siswa_person, may_contact=False, do_not_contact=True, do_not_contact_note="x"
    )
    with pytest.raises(ValidationError) as exc:
        services.record_consent(
            by=school.konselor,
            person=school.siswa_person,
            basis=ConsentBasis.GUARDIAN_VERBAL,
            scope=ConsentScope.REFERRAL,
            guardian=guardian,
            witness_name="Bu Ani",
        )
    assert "guardian" in exc.value.error_dict


def test_an_exception_acts_at_once_and_the_coordinator_reviews_it(school):
    now = timezone.now()
    consent = services.record_consent(
        by=school.konselor,
        person=school.siswa_person,
        basis=ConsentBasis.CHILD_PROTECTION,
        scope=ConsentScope.REFERRAL,
        exception_reason="Kekerasan di rumah; rujukan ke UPTD PPA.",
        now=now,
    )
    assert consent.is_active and consent.awaits_review
    assert consent.review_due_at == now + timedelta(hours=24)
    assert Notification.objects.filter(
        recipient=school.koordinator, kind=Kind.CONSENT_REVIEW
    ).exists()
    assert list(queries.exceptions_to_review(school.koordinator)) == [consent]
    assert not queries.exceptions_to_review(school.konselor).exists()

    with pytest.raises(PermissionDenied):
        services.review_exception(
            by=school.konselor, consent=consent, decision=ReviewDecision.UPHELD, review_note="ok"
        )
    services.review_exception(
        by=school.koordinator,
        consent=consent,
        decision=ReviewDecision.OVERTURNED,
        review_note="Tidak cukup alasan.",
    )
    consent.refresh_from_db()
    assert not consent.is_active and not consent.awaits_review
    assert not queries.active_consents(school.siswa_person, ConsentScope.REFERRAL).exists()
    event = AuditEvent.objects.get(verb="consent.exception_reviewed")
    assert event.data == {"decision": "overturned", "late": False}


def test_when_the_coordinator_is_implicated_the_safeguarding_lead_reviews(school):
    consent = services.record_consent(
        by=school.konselor,
        person=school.siswa_person,
        basis=ConsentBasis.VITAL_INTEREST,
        scope=ConsentScope.REFERRAL,
        exception_reason="Koordinator terlibat.",
        reviewer=school.kepsek,
    )
    assert Notification.objects.filter(recipient=school.kepsek).exists()
    assert not Notification.objects.filter(recipient=school.koordinator).exists()
    assert not queries.exceptions_to_review(school.koordinator).exists()
    with pytest.raises(PermissionDenied):
        services.review_exception(
            by=school.koordinator, consent=consent, decision="upheld", review_note="ok"
        )
    services.review_exception(
        by=school.kepsek, consent=consent, decision="upheld", review_note="ok"
    )
    assert Consent.objects.get().review_decision == ReviewDecision.UPHELD


# The worker closes its database connection: a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_reminder_job_runs_on_the_worker_and_reminds_once_before_and_once_late(school):
    consent = services.record_consent(
        by=school.konselor,
        person=school.siswa_person,
        basis=ConsentBasis.CHILD_PROTECTION,
        scope=ConsentScope.REFERRAL,
        exception_reason="x",
    )
    Notification.objects.all().delete()
    # Not near its due time yet: nothing.
    remind_consent_exception_reviews.enqueue()
    run_worker()
    assert not Notification.objects.exists()

    Consent.objects.filter(pk=consent.pk).update(review_due_at=timezone.now() + timedelta(hours=2))
    remind_consent_exception_reviews.enqueue()
    remind_consent_exception_reviews.enqueue()
    run_worker()
    assert Notification.objects.filter(recipient=school.koordinator).count() == 1

    # Six hours later: the reminder went out before the review fell due, and it is late now.
    Consent.objects.filter(pk=consent.pk).update(
        review_due_at=timezone.now() - timedelta(minutes=1),
        review_reminded_at=timezone.now() - timedelta(hours=5),
    )
    assert services.remind_exception_reviews() == 1
    assert services.remind_exception_reviews() == 0
    assert Notification.objects.filter(recipient=school.koordinator).count() == 2
    assert AuditEvent.objects.filter(verb="consent.review_reminded").count() == 2


def test_withdrawal_records_its_effect(school):
    consent = services.record_consent(
        by=school.konselor, person=school.siswa_person, basis="person", scope="referral"
    )
    with pytest.raises(ValidationError):
        services.withdraw_consent(by=school.konselor, consent=consent, effect=" ")
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    services.withdraw_consent(
        by=school.koordinator, consent=consent, effect="Rujukan ke psikolog dihentikan."
    )
    consent.refresh_from_db()
    assert consent.withdrawal_effect == "Rujukan ke psikolog dihentikan."
    assert not consent.is_active
    with pytest.raises(ValidationError):
        services.withdraw_consent(by=school.konselor, consent=consent, effect="lagi")


FORM_VIEW = {"konselor", "koordinator"}


@pytest.mark.parametrize(
    "persona",
    [
        "siswa",
        "sebaya",
        "konselor",
        "koordinator",
        "walikelas",
        "kepsek",
        "admin",
        "outsider",
        "analis",
        "relawan",
    ],
)
def test_scanned_form_matrix(persona, personas, school, client: Client):
    guardian = GuardianFactory(person=school.siswa_person)
    consent = services.record_consent(
        by=school.konselor,
        person=school.siswa_person,
        basis=ConsentBasis.GUARDIAN_FORM,
        scope=ConsentScope.REFERRAL,
        guardian=guardian,
        form_file=_pdf(),
    )
    allowed = persona in FORM_VIEW
    client.force_login(personas[persona])
    response = client.get(f"/people/consents/{consent.pk}/form/")
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Cache-Control"] == "private, no-store"
    viewed = AuditEvent.objects.filter(verb="consent.form_viewed", actor=personas[persona])
    assert viewed.exists() is allowed


GUARDIAN_VIEW = {"konselor", "koordinator"}


@pytest.mark.parametrize(
    "persona",
    [
        "siswa",
        "sebaya",
        "konselor",
        "koordinator",
        "walikelas",
        "kepsek",
        "admin",
        "outsider",
        "analis",
        "relawan",
    ],
)
def test_guardian_matrix(persona, personas, school, client: Client):
    guardian = GuardianFactory(person=school.siswa_person, full_name="Ibu Rahma")
    user = personas[persona]
    allowed = persona in GUARDIAN_VIEW
    assert queries.guardians_of(user, school.siswa_person).exists() is allowed
    client.force_login(user)
    assert client.get(f"/people/guardians/{guardian.pk}/").status_code == (200 if allowed else 404)
    response = client.post(f"/people/guardians/{guardian.pk}/remove/")
    assert response.status_code == (302 if allowed else 404)


def test_a_beneficiarys_guardians_belong_to_the_field_worker(
    community, relawan, beneficiary, school
):
    guardian = GuardianFactory(person=beneficiary)
    assert queries.guardians_of(relawan, beneficiary).get() == guardian
    assert not queries.guardians_of(school.konselor, beneficiary).exists()
    second = member(community, Role.COORDINATOR, username="koordinator-posko")
    assert queries.guardians_of(second, beneficiary).exists()


def test_consent_through_the_person_page(school, client: Client):
    guardian = GuardianFactory(person=school.siswa_person, full_name="Ibu Rahma")
    client.force_login(school.konselor)
    url = f"/people/{school.siswa_person.pk}/consents/"
    response = client.post(
        url, {"basis": "guardian_form", "scope": "referral", "guardian": str(guardian.pk)}
    )
    assert response.status_code == 400
    assert "Unggah formulir" in response.content.decode()
    assert not Consent.objects.exists()
    response = client.post(
        url,
        {
            "basis": "guardian_verbal",
            "scope": "referral",
            "guardian": str(guardian.pk),
            "witness_name": "Bu Ani (wali kelas)",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Bu Ani (wali kelas)" in page and "Ibu Rahma" in page
