"""Personal-data rights: export without third parties, holds, correction, consent
withdrawal, erasure, retention on the worker, and break-the-glass."""

import json
import subprocess
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.utils import timezone

from conftest import WORKER, run_worker
from rangkul.activities.tests.factories import ActivityFactory, take_part
from rangkul.audit.models import AuditEvent, AuditSubject
from rangkul.cases import services as case_services
from rangkul.cases.models import Case, Message, Note
from rangkul.notifications.models import Notification
from rangkul.peers import services as peer_services
from rangkul.people import services as people_services
from rangkul.people.models import ConsentBasis, ConsentScope, Person
from rangkul.people.tests.factories import GuardianFactory, PersonFactory
from rangkul.privacy import services
from rangkul.privacy.models import Erasure, NoteAccess, RetentionRun
from rangkul.privacy.tasks import apply_retention_periods
from rangkul.referrals import services as referral_services
from rangkul.referrals.tests.factories import ProviderFactory
from rangkul.screenings import services as screening_services
from rangkul.screenings.models import ScreeningResponse
from rangkul.screenings.tests.factories import assignment_of, complete_answers, launch
from rangkul.training import codes
from rangkul.training.models import Certificate, CpdRecord, RolePlayAssessment
from rangkul.training.services import trainees
from rangkul.training.tests.factories import candidate_peer, complete_training, default_programme

OWN_WORDS = "Aku takut sekali menjelang ujian nasional"
OTHER_STUDENT = "Bagus Wicaksono"
GUARDIAN_PHONE = "0813 9999 1234"
RESTRICTED_TEXT = "Dugaan kekerasan di rumah oleh paman"


def _world(school: Any) -> dict[str, Any]:
    """A student with a case (their words, a counselor's note, a restricted note, a group
    activity note naming another student), a guardian, a consent and a screening."""
    request = case_services.submit_request(
        by=school.siswa, organisation=school.org, domain="personal", urgency="medium",
        text=OWN_WORDS, helper_choice="counselor",
    )  # fmt: skip
    case = case_services.assign_request(
        by=school.konselor, support_request=request, to=school.konselor
    )
    case_services.send_message(by=school.siswa, case=case, text="Terima kasih sudah mendengar")
    case_services.add_note(by=school.konselor, case=case, text="Latihan napas disepakati")
    restricted = case_services.add_note(
        by=school.konselor, case=case, text=RESTRICTED_TEXT, confidentiality="restricted"
    )
    other = PersonFactory(organisation=school.org, full_name=OTHER_STUDENT, cohort=school.cohort)
    group = take_part(
        ActivityFactory(organisation=school.org, facilitator=school.konselor, case=case),
        school.siswa_person,
        other,
    )
    Note.objects.create(
        case=case, activity=group, author=school.konselor, text=f"{OTHER_STUDENT} ikut bicara"
    )
    GuardianFactory(person=school.siswa_person, full_name="Ibu Ratna", phone=GUARDIAN_PHONE)
    consent = people_services.record_consent(
        by=school.konselor, person=school.siswa_person, basis=ConsentBasis.PERSON,
        scope=ConsentScope.REFERRAL,
    )  # fmt: skip
    campaign = launch(school, "phqa")
    response = screening_services.submit_answers(
        by=school.siswa,
        assignment=assignment_of(campaign, school.siswa),
        answers=complete_answers("phqa", 1),
        lang="id",
    )
    return {
        "case": case,
        "restricted": restricted,
        "other": other,
        "consent": consent,
        "response": response,
    }


def _pdf_text(body: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
    )
    return out.stdout.decode()


def test_the_export_holds_the_persons_data_and_leaves_third_parties_out(school, client):
    _world(school)
    client.force_login(school.koordinator)
    page = client.get(f"/privacy/people/{school.siswa_person.pk}/").content.decode()
    assert "Catatan kegiatan kelompok" in page and "Catatan terbatas" in page
    answer = client.post(
        f"/privacy/people/{school.siswa_person.pk}/export/", {"file_format": "json"}
    )
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    data = json.loads(answer.content)
    assert data["person"]["full_name"] == "Siswa Satu 1"
    assert OWN_WORDS in [r["text"] for r in data["sections"]["requests"]]
    assert "Terima kasih sudah mendengar" in [m["text"] for m in data["sections"]["messages"]]
    assert data["sections"]["screenings"][0]["questionnaire"] == "phqa"
    body = answer.content.decode()
    for third_party in (OTHER_STUDENT, GUARDIAN_PHONE, RESTRICTED_TEXT):
        assert third_party not in body
    assert {e["what"] for e in data["excluded"]} >= {
        "Catatan kegiatan kelompok",
        "Nomor telepon wali",
        "Catatan terbatas",
    }
    pdf = client.post(f"/privacy/people/{school.siswa_person.pk}/export/", {"file_format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Siswa Satu 1" in text and "Latihan napas disepakati" in text
    for third_party in (OTHER_STUDENT, GUARDIAN_PHONE, RESTRICTED_TEXT):
        assert third_party not in text
    verbs = set(AuditEvent.objects.filter(actor=school.koordinator).values_list("verb", flat=True))
    assert {"privacy.export_reviewed", "privacy.exported"} <= verbs


def test_an_open_hold_blocks_export_and_erasure_with_the_reason_shown(school, client):
    client.force_login(school.koordinator)
    url = f"/privacy/people/{school.siswa_person.pk}/"
    client.post(url + "hold/", {"reason": "Permintaan penyidik Polres, surat 12/XI"})
    page = client.get(url).content.decode()
    assert "Permintaan penyidik Polres" in page and 'data-testid="export-blocked"' in page
    answer = client.post(url + "export/", {"file_format": "json"}, follow=True)
    assert answer["Content-Type"].startswith("text/html")
    assert "Permintaan penyidik Polres" in answer.content.decode()
    client.post(url + "erase/", {"confirm": "on"})
    assert not Erasure.objects.exists()
    assert Person.objects.get(pk=school.siswa_person.pk).full_name == "Siswa Satu 1"


def test_an_open_violence_matter_about_the_person_is_a_hold(school):
    from rangkul.violence import services as violence_services
    from rangkul.violence.models import Channel, TeamMember, TeamRole

    TeamMember.objects.create(organisation=school.org, user=school.walikelas, role=TeamRole.LEAD)
    report, _code = violence_services.submit_report(
        organisation=school.org, channel=Channel.PUBLIC_FORM, kind="bullying",
        standing="witness", what="Dipalak di kantin.", anonymous=True,
    )  # fmt: skip
    violence_services.offer_support(
        by=school.walikelas, matter=report.matter, person=school.siswa_person, party="victim"
    )
    holds = services.holds_on(school.siswa_person)
    assert [h.kind for h in holds] == ["child_protection"]
    with pytest.raises(ValidationError):
        services.export_person(
            by=school.koordinator, person=school.siswa_person, file_format="json"
        )


@pytest.mark.parametrize("persona", ["konselor", "walikelas", "kepsek", "admin", "siswa"])
def test_only_the_coordinator_reaches_the_privacy_pages(school, client, persona):
    client.force_login(getattr(school, persona))
    base = f"/privacy/people/{school.siswa_person.pk}/"
    assert client.get(base).status_code == 404
    assert client.post(base + "erase/", {"confirm": "on"}).status_code == 404
    assert client.get("/privacy/retention/").status_code == 404
    client.force_login(school.koordinator)
    assert client.get(base).status_code == 200


def test_a_correction_changes_the_record_and_is_audited(school, client):
    client.force_login(school.koordinator)
    answer = client.post(
        f"/privacy/people/{school.siswa_person.pk}/correct/",
        {"full_name": "Siswa Satu Benar", "gender": "female", "birth_date": "2010-05-04",
         "cohort": school.cohort.pk, "phone": "", "reason": "Salah ketik di Dapodik"},
    )  # fmt: skip
    assert answer.status_code == 302
    person = Person.objects.get(pk=school.siswa_person.pk)
    assert person.full_name == "Siswa Satu Benar" and str(person.birth_date) == "2010-05-04"
    event = AuditEvent.objects.get(verb="privacy.record_corrected")
    assert event.actor == school.koordinator and "full_name" in event.data["fields"]
    bad = client.post(
        f"/privacy/people/{school.siswa_person.pk}/correct/",
        {"full_name": "  ", "gender": "female"},
    )
    assert bad.status_code == 400
    assert Person.objects.get(pk=school.siswa_person.pk).full_name == "Siswa Satu Benar"


def test_withdrawing_consent_shows_that_a_draft_referral_can_no_longer_be_sent(school, client):
    world = _world(school)
    provider = ProviderFactory(organisation=school.org, name="Biro Harapan")
    referral = referral_services.create_referral(
        by=school.konselor, case=world["case"], provider=provider, reason="Asesmen lanjutan",
        urgency="routine", consent=world["consent"],
    )  # fmt: skip
    client.force_login(school.koordinator)
    client.post(f"/privacy/consents/{world['consent'].pk}/withdraw/", {"note": ""})
    page = client.get(f"/privacy/people/{school.siswa_person.pk}/").content.decode()
    assert 'data-testid="withdrawal-effect"' in page and "Biro Harapan" in page
    with pytest.raises(ValidationError):
        referral_services.send_referral(by=school.konselor, referral=referral)


def _text_values(row: models.Model) -> list[str]:
    return [
        str(getattr(row, f.attname))
        for f in row._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def test_erasure_leaves_no_name_or_text_of_the_person_while_audit_events_remain(school, client):
    world = _world(school)
    peer_services.nominate(
        by=school.walikelas, organisation=school.org, nominee=school.siswa,
        why="Sabar mendengarkan adik kelas",
    )  # fmt: skip
    client.force_login(school.konselor)
    client.get(f"/people/{school.siswa_person.pk}/")
    referring = services.rows_about(school.siswa_person)
    events_before = AuditEvent.objects.count()
    subject = AuditSubject.objects.get(user=school.siswa)
    client.force_login(school.koordinator)
    answer = client.post(f"/privacy/people/{school.siswa_person.pk}/erase/", {"confirm": "on"})
    assert answer.status_code == 302
    secrets = ["Siswa Satu 1", OWN_WORDS, "Terima kasih sudah mendengar", RESTRICTED_TEXT,
               "Latihan napas", "Sabar mendengarkan", "Ibu Ratna", GUARDIAN_PHONE,
               "siswa1"]  # fmt: skip
    # The rows that referred to the person, as stored now (the login's notices are gone).
    stored = [type(r)._base_manager.filter(pk=r.pk).first() for r in referring]
    rows: list[Any] = [r for r in stored if r is not None]
    rows += [
        Person.objects.get(pk=school.siswa_person.pk),
        type(school.siswa).objects.get(pk=school.siswa.pk),
    ]
    for row in rows:
        for value in _text_values(row):
            assert not any(s in value for s in secrets), (row._meta.label, value)
    # Every text column of every table, to be sure nothing else kept them.
    for model in apps.get_models():
        if model._meta.label_lower in ("privacy.erasure",):
            continue
        for row in model._base_manager.all():
            for value in _text_values(row):
                assert not any(s in value for s in secrets[:6]), (model._meta.label, value)
    user = type(school.siswa).objects.get(pk=school.siswa.pk)
    assert not user.is_active and not user.has_usable_password()
    # The trail is whole, but its entries no longer lead to the person or the login.
    assert AuditEvent.objects.count() > events_before
    subject.refresh_from_db()
    assert subject.user_id is None and subject.forgotten_at is not None
    assert not AuditEvent.objects.filter(actor=school.siswa).exists()
    assert AuditEvent.objects.filter(actor_subject=subject).count() > 0
    # The screening answer stays only as an anonymous count.
    response = ScreeningResponse.objects.get(pk=world["response"].pk)
    assert response.person_id is None and response.answers == {} and response.band_code
    # The other student's records are untouched.
    assert Person.objects.get(pk=world["other"].pk).full_name == OTHER_STUDENT


@WORKER
def test_the_retention_job_anonymises_what_expired_on_the_worker(school):
    world = _world(school)
    case = world["case"]
    case_services.close_case(by=school.konselor, case=case, outcome="improved")
    long_ago = timezone.now() - timedelta(days=6 * 365)
    Case.objects.filter(pk=case.pk).update(closed_at=long_ago)
    ScreeningResponse.objects.filter(pk=world["response"].pk).update(submitted_at=long_ago)
    apply_retention_periods.enqueue()
    run_worker()
    # Texts are encrypted at rest, so they are compared after reading, not in the query.
    assert "Terima kasih sudah mendengar" not in {m.text for m in Message.objects.all()}
    assert "Latihan napas disepakati" not in {n.text for n in Note.objects.filter(case=case)}
    assert ScreeningResponse.objects.get(pk=world["response"].pk).person_id is None
    run = RetentionRun.objects.get(organisation=school.org)
    assert run.counts["closed_cases"] == 1 and run.counts["messages"] >= 1
    assert run.counts["screening_responses"] == 1
    assert AuditEvent.objects.filter(verb="privacy.retention_applied").exists()


def test_the_coordinator_sees_the_retention_runs_and_keeps_safe_periods(school, client):
    services.apply_retention(school.org)
    client.force_login(school.koordinator)
    page = client.get("/privacy/retention/").content.decode()
    assert 'data-testid="retention-runs"' in page and "closed_cases" in page
    fields = {"closed_cases_days": 10, "messages_days": 730, "screening_responses_days": 1095,
              "audit_events_days": 1825, "exports_days": 365}  # fmt: skip
    assert client.post("/privacy/retention/", fields).status_code == 400
    fields["closed_cases_days"] = 2000
    assert client.post("/privacy/retention/", fields).status_code == 302
    assert services.policy_for(school.org.pk).closed_cases_days == 2000


def test_breaking_the_glass_needs_a_reason_notifies_the_author_and_is_audited(school, client):
    world = _world(school)
    note = world["restricted"]
    client.force_login(school.koordinator)
    case_page = client.get(f"/cases/{world['case'].pk}/").content.decode()
    assert RESTRICTED_TEXT not in case_page and f"/privacy/notes/{note.pk}/open/" in case_page
    url = f"/privacy/notes/{note.pk}/open/"
    assert RESTRICTED_TEXT not in client.get(url).content.decode()
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 400 and RESTRICTED_TEXT not in refused.content.decode()
    assert not NoteAccess.objects.exists()
    opened = client.post(url, {"reason": "Rapat kasus perlindungan anak besok"})
    assert RESTRICTED_TEXT in opened.content.decode()
    access = NoteAccess.objects.get()
    assert access.by == school.koordinator and access.reason.startswith("Rapat kasus")
    assert Notification.objects.filter(recipient=school.konselor, kind="note_opened").exists()
    event = AuditEvent.objects.get(verb="note.glass_broken")
    assert event.actor == school.koordinator and event.data["access"] == str(access.pk)
    # Nobody else opens it this way; the author reads it directly.
    for other in (school.konselor, school.kepsek, school.siswa):
        client.force_login(other)
        assert client.get(url).status_code == 404


def _trained_peer(school: Any) -> tuple[Any, Any]:
    """A peer supporter who passed the training (attendance, quiz, role-play, certificate)
    and keeps a CPD entry."""
    dewi = candidate_peer(school.org, "dewi", "Dewi Lestari")
    enrolment = trainees.enrol(
        by=school.koordinator, programme=default_programme(school.org, school.koordinator),
        user=dewi,
    )  # fmt: skip
    complete_training(enrolment, school.koordinator, school.konselor)
    trainees.score_role_play(
        by=school.konselor, enrolment=enrolment,
        scores={"listening": 4, "empathy": 4, "confidentiality": 4, "risk_referral": 4},
        comment="Dewi Lestari mendengarkan dengan sabar",
    )  # fmt: skip
    trainees.confirm_pass(by=school.koordinator, enrolment=enrolment)
    CpdRecord.objects.create(
        organisation=school.org, counselor=dewi, title="Pelatihan PFA Dewi", provider="Dinas",
        hours=Decimal("4"), on=timezone.localdate(),
    )  # fmt: skip
    return Person.objects.get(user=dewi), Certificate.objects.get(enrolment=enrolment)


def test_the_export_holds_the_training_records(school, client):
    person, certificate = _trained_peer(school)
    client.force_login(school.koordinator)
    answer = client.post(f"/privacy/people/{person.pk}/export/", {"file_format": "json"})
    sections = json.loads(answer.content)["sections"]
    assert sections["training"][0]["status"] == "Lulus"
    assert sections["training_attendance"] and all(
        a["attendance"] == "Hadir" for a in sections["training_attendance"]
    )
    assert sections["training_quiz"][0]["score"] == 100
    assert "Dewi Lestari mendengarkan dengan sabar" in [
        r["comment"] for r in sections["training_role_play"]
    ]
    assert sections["certificates"][0]["code"] == codes.grouped(certificate.code)
    assert sections["cpd"][0]["training"] == "Pelatihan PFA Dewi"
    # Who scored the role-play is not the person's data.
    assert school.konselor.get_full_name() not in answer.content.decode()


def test_after_erasure_the_certificate_check_answers_revoked_without_the_name(school, client):
    person, certificate = _trained_peer(school)
    client.force_login(school.koordinator)
    answer = client.post(f"/privacy/people/{person.pk}/erase/", {"confirm": "on"})
    assert answer.status_code == 302
    page = Client().get(f"/verify/{codes.grouped(certificate.code)}/").content.decode()
    assert "dicabut" in page and "Dewi" not in page
    for model in (Certificate, CpdRecord, RolePlayAssessment):
        for row in model._base_manager.all():
            for value in _text_values(row):
                assert "Dewi" not in value, (model._meta.label, value)
