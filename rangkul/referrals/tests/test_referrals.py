import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from conftest import PERSONAS, run_worker
from rangkul.audit.models import AuditEvent
from rangkul.cases.models import Tier, TierChange
from rangkul.composition.timeline import timeline
from rangkul.notifications.models import Kind, Notification
from rangkul.people import services as people
from rangkul.referrals import queries, services
from rangkul.referrals.models import ReferralOut, ReferralStatus, ReferralUpdate
from rangkul.referrals.tasks import remind_overdue_referrals

RS = ReferralStatus


def _draft(school, setup, **extra):
    values = {
        "by": school.konselor,
        "case": setup.case,
        "provider": setup.provider,
        "reason": "Gejala depresi berat, perlu asesmen psikolog.",
        "urgency": "soon",
        "consent": setup.consent,
        **extra,
    }
    return services.create_referral(**values)


def test_no_consent_no_referral(school, setup):
    with pytest.raises(ValidationError) as exc:
        _draft(school, setup, consent=None)
    assert "consent" in exc.value.error_dict
    people.withdraw_consent(by=school.konselor, consent=setup.consent, effect="Tidak mau dirujuk.")
    with pytest.raises(ValidationError):
        _draft(school, setup)
    assert not ReferralOut.objects.exists()


def test_consent_withdrawn_after_the_draft_stops_the_sending(school, setup):
    referral = _draft(school, setup)
    people.withdraw_consent(by=school.konselor, consent=setup.consent, effect="Dicabut.")
    with pytest.raises(ValidationError):
        services.send_referral(by=school.konselor, referral=referral)
    referral.refresh_from_db()
    assert referral.status == RS.DRAFT and referral.snapshot == {}


@pytest.mark.parametrize(
    "field,value", [("reason", " "), ("urgency", "kemarin"), ("shared_fields", ["diagnosis"])]
)
def test_bad_referral_input_changes_nothing(school, setup, field, value):
    with pytest.raises(ValidationError) as exc:
        _draft(school, setup, **{field: value})
    assert field in exc.value.error_dict
    assert not ReferralOut.objects.exists()


def test_only_staff_on_the_case_refer(school, setup, outsider):
    for user in (school.siswa, school.walikelas, outsider, setup.psikolog):
        with pytest.raises(PermissionDenied):
            _draft(school, setup, by=user)


def test_minimal_sharing_by_default_and_a_frozen_snapshot(school, setup):
    referral = _draft(school, setup)
    assert referral.shared == ["name", "age"]
    services.send_referral(by=school.konselor, referral=referral)
    referral.refresh_from_db()
    snapshot = referral.snapshot
    assert snapshot["name"] == "Siswa Satu 1" and isinstance(snapshot["age"], int)
    assert "gender" not in snapshot and "class" not in snapshot and "guardians" not in snapshot
    school.siswa_person.full_name = "Nama Baru"
    school.siswa_person.save()
    referral.refresh_from_db()
    assert referral.snapshot["name"] == "Siswa Satu 1"
    assert Notification.objects.filter(
        recipient=setup.psikolog, kind=Kind.REFERRAL_RECEIVED
    ).exists()


def test_the_loop_closes_back_into_the_case(school, setup):
    referral = _draft(school, setup)
    services.send_referral(by=school.konselor, referral=referral)
    # The provider cannot skip to completion, and a counselor cannot answer for it.
    with pytest.raises(ValidationError):
        services.answer_referral(
            by=setup.psikolog, referral=referral, to=RS.COMPLETED, feedback="x"
        )
    with pytest.raises(PermissionDenied):
        services.answer_referral(by=school.konselor, referral=referral, to=RS.ACCEPTED)
    with pytest.raises(PermissionDenied):
        services.answer_referral(by=setup.other_psikolog, referral=referral, to=RS.ACCEPTED)

    services.answer_referral(by=setup.psikolog, referral=referral, to=RS.ACCEPTED)
    setup.case.refresh_from_db()
    assert setup.case.tier == Tier.SPECIALIST
    change = TierChange.objects.get(case=setup.case, to_tier=Tier.SPECIALIST)
    assert change.by == setup.psikolog

    with pytest.raises(ValidationError) as exc:
        services.answer_referral(by=setup.psikolog, referral=referral, to=RS.APPOINTMENT_SET)
    assert "appointment_at" in exc.value.error_dict
    services.answer_referral(
        by=setup.psikolog,
        referral=referral,
        to=RS.APPOINTMENT_SET,
        appointment_at=timezone.now() + timedelta(days=2),
    )
    with pytest.raises(ValidationError):
        services.answer_referral(by=setup.psikolog, referral=referral, to=RS.COMPLETED)
    services.answer_referral(
        by=setup.psikolog,
        referral=referral,
        to=RS.COMPLETED,
        feedback="Empat sesi selesai; kembali ke BK untuk pemantauan.",
    )
    referral.refresh_from_db()
    assert referral.status == RS.COMPLETED and referral.awaits_return_tier
    assert Notification.objects.filter(
        recipient=school.konselor, kind=Kind.REFERRAL_UPDATE
    ).exists()

    entries = [e for e in timeline(school.konselor, setup.case) if e.kind == "referral"]
    assert [e.obj.to_status for e in entries] == [
        "draft",
        "sent",
        "accepted",
        "appointment_set",
        "completed",
    ]
    assert entries[-1].obj.feedback.startswith("Empat sesi selesai")
    # The student's own view of the case has no referral steps.
    assert not [e for e in timeline(school.siswa, setup.case) if e.kind == "referral"]

    services.return_case_tier(by=school.konselor, referral=referral, tier=Tier.COUNSELING)
    setup.case.refresh_from_db()
    assert setup.case.tier == Tier.COUNSELING
    with pytest.raises(ValidationError):
        services.return_case_tier(by=school.konselor, referral=referral, tier=Tier.PEER)


def test_decline_and_not_completed_need_their_reasons(school, setup):
    referral = _draft(school, setup)
    services.send_referral(by=school.konselor, referral=referral)
    with pytest.raises(ValidationError) as exc:
        services.answer_referral(by=setup.psikolog, referral=referral, to=RS.DECLINED)
    assert "decline_reason" in exc.value.error_dict
    services.answer_referral(by=setup.psikolog, referral=referral, to=RS.ACCEPTED)
    with pytest.raises(ValidationError) as exc:
        services.answer_referral(
            by=setup.psikolog, referral=referral, to=RS.NOT_COMPLETED, not_completed_reason="bosan"
        )
    assert "not_completed_reason" in exc.value.error_dict
    services.answer_referral(
        by=setup.psikolog,
        referral=referral,
        to=RS.NOT_COMPLETED,
        not_completed_reason="could_not_contact",
    )
    assert ReferralOut.objects.get().not_completed_reason == "could_not_contact"


def test_the_counselor_records_the_outcome_for_a_provider_without_accounts(school, setup):
    referral = _draft(school, setup, provider=setup.phone_only)
    services.send_referral(by=school.konselor, referral=referral)
    assert not Notification.objects.filter(kind=Kind.REFERRAL_RECEIVED).exists()
    with pytest.raises(PermissionDenied):
        services.answer_referral(by=setup.psikolog, referral=referral, to=RS.ACCEPTED)
    services.answer_referral(by=school.konselor, referral=referral, to=RS.ACCEPTED)
    services.answer_referral(
        by=school.konselor, referral=referral, to=RS.COMPLETED, feedback="Lewat telepon: selesai."
    )
    update = ReferralUpdate.objects.get(to_status=RS.COMPLETED)
    assert update.by_provider is False


# The worker closes its database connection: a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_an_overdue_step_reminds_the_counselor_once_on_the_worker(school, setup):
    referral = _draft(school, setup)
    services.send_referral(by=school.konselor, referral=referral)
    assert services.remind_overdue_referrals() == 0  # not due yet
    ReferralOut.objects.filter(pk=referral.pk).update(
        next_step_due_at=timezone.now() - timedelta(hours=1)
    )
    remind_overdue_referrals.enqueue()
    run_worker()
    remind_overdue_referrals.enqueue()
    run_worker()
    assert (
        Notification.objects.filter(recipient=school.konselor, kind=Kind.REFERRAL_OVERDUE).count()
        == 1
    )


def test_the_referral_letter_is_an_indonesian_pdf_with_only_shared_details(
    school, setup, client: Client
):
    referral = _draft(school, setup, reason="Perlu asesmen psikologis lanjutan.")
    client.force_login(school.konselor)
    assert client.get(f"/referrals/{referral.pk}/letter.pdf").status_code == 404  # a draft
    services.send_referral(by=school.konselor, referral=referral)
    for user in (school.konselor, setup.psikolog):
        client.force_login(user)
        response = client.get(f"/referrals/{referral.pk}/letter.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "SURAT RUJUKAN" in text
        assert "Siswa Satu 1" in text and "Biro Psikologi Harapan" in text
        assert "Perlu asesmen psikologis lanjutan." in text
        assert "X-1" not in text  # the class was not shared


SENDER_PAGE = {"konselor", "koordinator"}


@pytest.mark.parametrize("persona", [*PERSONAS, "psikolog", "psikolog-lain"])
def test_referral_matrix(persona, personas, school, setup, client: Client):
    personas = {**personas, "psikolog": setup.psikolog, "psikolog-lain": setup.other_psikolog}
    referral = _draft(school, setup, shared_fields=["name"])
    services.send_referral(by=school.konselor, referral=referral)
    user = personas[persona]
    client.force_login(user)
    sender = persona in SENDER_PAGE
    receiver = persona == "psikolog"
    response = client.get(f"/referrals/{referral.pk}/", follow=True)
    assert response.status_code == (200 if sender or receiver else 404)
    received = client.get(f"/referrals/received/{referral.pk}/")
    assert received.status_code == (200 if receiver else 404)
    if receiver:
        page = received.content.decode()
        assert "Siswa Satu 1" in page and "Gejala depresi berat" in page
        # only the shared fields: no age, and never the case
        assert "Usia" not in page
        assert f"/cases/{setup.case.pk}/" not in page
        assert client.get(f"/cases/{setup.case.pk}/").status_code == 404
        assert client.get("/referrals/received/").status_code == 200
    assert AuditEvent.objects.filter(verb="referral_out.viewed", actor=user).exists() is (
        sender or receiver
    )


def test_the_provider_cannot_act_for_the_sender_and_gets_a_403(school, setup, client: Client):
    referral = _draft(school, setup)
    services.send_referral(by=school.konselor, referral=referral)
    client.force_login(setup.psikolog)
    response = client.post(f"/referrals/{referral.pk}/return/", {"tier": "counseling"})
    assert response.status_code == 403
    assert "Hanya konselor yang menangani kasus ini" in response.content.decode()
    # Outside the provider's scope altogether: a 404.
    client.force_login(setup.other_psikolog)
    assert client.post(f"/referrals/{referral.pk}/answer/", {"to": "accepted"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == RS.SENT


def test_the_prepared_case_updates_match_the_plain_query_for_every_persona(school, setup, personas):
    # The case timeline reads a case's referral steps by a prepared query (lib/prepared.py).
    referral = _draft(school, setup)
    services.send_referral(by=school.konselor, referral=referral)
    for name, user in {**personas, "psikolog": setup.psikolog}.items():
        plain = [u.pk for u in queries.updates_for_case(user, setup.case)]
        assert [u.pk for u in queries.read_case_updates(user, setup.case)] == plain, name
    assert queries.read_case_updates(school.konselor, setup.case)
