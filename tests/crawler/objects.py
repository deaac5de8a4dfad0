"""A school's (or the community post's) sample objects of every kind, made through real
services, so that each URL pattern has an object to point at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rangkul.accounts.models import Organisation, User
from rangkul.accounts.roles import Role
from rangkul.accounts.services import issue_api_token
from rangkul.accounts.tests.factories import member
from rangkul.activities.models import ActivityStatus, ContactPulse
from rangkul.activities.tests.factories import (
    ActivityFactory,
    GroupFactory,
    TimeSlotFactory,
    take_part,
)
from rangkul.cases import services as case_services
from rangkul.notifications.models import Notification
from rangkul.onboarding.models import Enrolment
from rangkul.onboarding.services import imports as onboarding_imports
from rangkul.peers import services as peer_services
from rangkul.people import services as people_services
from rangkul.people.models import ConsentBasis, ConsentScope
from rangkul.people.tests.factories import GuardianFactory
from rangkul.privacy import services as privacy_services
from rangkul.programmes import services as programme_services
from rangkul.psychosocial import services as psychosocial_services
from rangkul.psychosocial.tests import factories as psychosocial_factories
from rangkul.referrals import services as referral_services
from rangkul.referrals.models import Channel as ReferralChannel
from rangkul.referrals.tests.factories import ProviderFactory
from rangkul.reports import services as report_services
from rangkul.reports import tasks as report_tasks
from rangkul.reports.filters import default_filters
from rangkul.safety.models import CrisisResource, DutyShift, OrganisationPhrase
from rangkul.safety.services import handoff as safety_handoff
from rangkul.screenings import services as screening_services
from rangkul.screenings.engine.loader import EXAMPLES_DIR
from rangkul.screenings.tests.factories import assignment_of, complete_answers, launch
from rangkul.training.models import Enrolment as TrainingEnrolment
from rangkul.training.models import Session as TrainingSession
from rangkul.training.services import certificates as training_certificates
from rangkul.training.services import cpd as training_cpd
from rangkul.training.services import programmes as training_programmes
from rangkul.violence import services as violence_services
from rangkul.violence.models import Channel as ViolenceChannel
from rangkul.violence.models import TeamMember, TeamRole

if TYPE_CHECKING:
    from tests.crawler.world import Sample


def school_objects(s: Sample) -> None:
    org, u, o = s.org, s.users, s.objects
    student, counselor = u["student"], u["counselor"]
    ask = case_services.submit_request
    # A request the peer supporter is offered, one waiting in triage, one that is a case.
    o["offer"] = ask(
        by=student, organisation=org, domain="learning", urgency="low",
        text="Aku bingung soal pelajaran matematika", helper_choice="peer",
    )  # fmt: skip
    o["request"] = ask(
        by=student, organisation=org, domain="social", urgency="medium",
        text="Aku ingin cerita ke guru BK soal teman", helper_choice="counselor",
    )  # fmt: skip
    for_case = ask(
        by=student, organisation=org, domain="personal", urgency="medium",
        text="Aku sering cemas sebelum ujian", helper_choice="counselor",
    )  # fmt: skip
    o["case"] = case_services.assign_request(by=counselor, support_request=for_case, to=counselor)
    case_services.send_message(by=student, case=o["case"], text="Terima kasih, Bu.")
    o["referral"] = case_services.refer_student(
        by=u["homeroom_teacher"], person=o["person"], reason="Sering melamun di kelas"
    )
    crisis = ask(
        by=student, organisation=org, domain="personal", urgency="high",
        text="aku ingin bunuh diri saja", helper_choice="counselor",
    )  # fmt: skip
    o["alert"] = crisis.alerts.first()
    starts = timezone.now() + timedelta(days=1)
    o["activity"] = take_part(
        ActivityFactory(
            organisation=org, facilitator=counselor, case=o["case"],
            status=ActivityStatus.SCHEDULED, starts_at=starts, topic="Cemas ujian",
        ),
        o["person"],
    )  # fmt: skip
    o["group"] = GroupFactory(organisation=org, facilitator=counselor, name="Kelompok Tenang")
    o["group"].members.set([o["person"]])
    o["slot"] = TimeSlotFactory(
        organisation=org, counselor=counselor, starts_at=starts + timedelta(hours=2)
    )
    school = _AsSchool(org, u)
    o["campaign"] = launch(school, "phqa")
    assignment = assignment_of(o["campaign"], student)
    o["assignment"] = assignment
    o["response"] = screening_services.submit_answers(
        by=student, assignment=assignment, answers=complete_answers("phqa", 0), lang="id"
    )
    o["custom_instrument"] = screening_services.save_custom_instrument(
        by=u["coordinator"],
        organisation=org,
        text=(EXAMPLES_DIR / "feeling_heard.yaml").read_text(),
    )
    now = timezone.localtime(timezone.now())
    o["shift"] = DutyShift.objects.create(
        organisation=org, user=counselor, starts_at=now, ends_at=now + timedelta(hours=8)
    )
    o["phrase"] = OrganisationPhrase.objects.create(
        organisation=org, pattern="ora kuat urip", category="suicide", level="urgent"
    )
    o["resource"] = CrisisResource.objects.create(
        organisation=org, name="Puskesmas Uji", contact="022 111 222", serves="Psikolog",
        hours="Senin–Jumat 08.00–14.00", last_verified=date(2026, 11, 1),
    )  # fmt: skip
    o["membership"] = student.memberships.get(organisation=org)
    o["token"] = issue_api_token(user=counselor)[1]
    # A second factor of a staff member who is not one of the personas (a persona with one
    # would need the second step to keep a session): nobody else may remove it.
    o["totp_device"] = TOTPDevice.objects.create(
        user=User.objects.create_user(f"mfa-{org.pk.hex[:8]}", password="x"),  # noqa: S106
        name="authenticator",
        key="00" * 20,
        confirmed=True,
    )
    o["notification"] = Notification.objects.filter(recipient=counselor).first()


def later_objects(s: Sample, provider_org: Organisation) -> None:
    """Guardians and consent, referrals out, the peer programme, violence reports and the
    crisis hand-off: one of each, made through their services."""
    org, u, o = s.org, s.users, s.objects
    counselor = u["counselor"]
    o["guardian"] = GuardianFactory(person=o["person"], full_name="Ibu Uji")
    o["consent"] = people_services.record_consent(
        by=counselor, person=o["person"], basis=ConsentBasis.PERSON, scope=ConsentScope.REFERRAL
    )
    o["provider"] = ProviderFactory(
        organisation=org,
        name="Biro Psikologi Uji",
        channel=ReferralChannel.IN_RANGKUL,
        provider_organisation=provider_org,
    )
    referral = referral_services.create_referral(
        by=counselor, case=o["case"], provider=o["provider"], reason="Perlu asesmen psikolog",
        urgency="routine", consent=o["consent"],
    )  # fmt: skip
    o["referral_out"] = referral_services.send_referral(by=counselor, referral=referral)
    o["nomination"] = peer_services.nominate(
        by=u["homeroom_teacher"], organisation=org, nominee=u["student"],
        why="Ramah dan dipercaya teman-temannya",
    )  # fmt: skip
    # The student's pulse after a meeting (made directly: only its owner may open it).
    o["pulse"] = ContactPulse.objects.create(
        organisation=org, activity=o["activity"], person=o["person"]
    )
    # The homeroom teacher leads the school's TPPK, so the report is theirs to handle.
    o["team_seat"] = TeamMember.objects.create(
        organisation=org, user=u["homeroom_teacher"], role=TeamRole.LEAD
    )
    report, _code = violence_services.submit_report(
        organisation=org, channel=ViolenceChannel.PUBLIC_FORM, kind="bullying",
        standing="witness", what="Seorang adik kelas dipalak setiap istirahat di kantin.",
        where="Kantin", when="Senin", anonymous=True,
    )  # fmt: skip
    o["matter"] = report.matter
    o["violence_offer"] = violence_services.offer_support(
        by=u["homeroom_teacher"], matter=o["matter"], person=o["person"], party="victim"
    )
    o["responder_phone"] = safety_handoff.save_responder_phone(
        by=u["coordinator"], organisation=org, user=counselor, phone="0812 3456 7890"
    )
    # Onboarding: the student is enrolled; a checked (not yet applied) class list.
    Enrolment.objects.create(organisation=org, person=o["person"], nisn=f"00{s.org.npsn}")
    o["import"] = onboarding_imports.check_import(
        by=u["coordinator"], organisation=org, kind="students", file_name="kelas.csv",
        data=b"NISN,Nama,JK,Tanggal Lahir,Rombel\n0091234567,Siti Aminah,P,2010-05-01,X-1\n",
    )  # fmt: skip
    o["restricted_note"] = case_services.add_note(
        by=counselor, case=o["case"], text="Catatan terbatas uji", confidentiality="restricted"
    )
    o["legal_hold"] = privacy_services.place_hold(
        by=u["coordinator"], person=o["person"], reason="Permintaan penyidik (uji)"
    )


def training_objects(s: Sample) -> None:
    """A programme from the default curriculum; the peer supporter's enrolment (recorded
    as of an earlier training, since an active peer is no longer a candidate) with its
    certificate; a counselor's CPD record with a certificate file."""
    org, u, o = s.org, s.users, s.objects
    o["training_programme"] = training_programmes.create_programme(
        by=u["coordinator"], organisation=org, title="", audience="peer", from_default=True
    )
    o["training_session"] = TrainingSession.objects.filter(
        module__programme=o["training_programme"]
    ).first()
    o["training_enrolment"] = TrainingEnrolment.objects.create(
        programme=o["training_programme"], user=u["peer_supporter"], enrolled_by=u["coordinator"]
    )
    o["certificate"] = training_certificates.issue_certificate(enrolment=o["training_enrolment"])
    o["cpd_record"] = training_cpd.add_cpd_record(
        by=u["counselor"], organisation=org, title="Pertolongan pertama psikologis",
        provider="Dinas Pendidikan", hours="8", on=timezone.localdate() - timedelta(days=30),
        certificate_file=SimpleUploadedFile("sertifikat.pdf", b"%PDF-1.4\n%%EOF\n"),
    )  # fmt: skip


def programme_objects(s: Sample) -> None:
    """A needs survey, an approved programme with a classroom item, its session plan and one
    delivered session, and a published article."""
    org, u, o = s.org, s.users, s.objects
    today = timezone.localdate()
    o["needs_survey"] = programme_services.run_needs_survey(
        by=u["coordinator"], organisation=org, cohorts=[o["cohort"]], opens_on=today,
        closes_on=today + timedelta(days=7),
    )  # fmt: skip
    programme = programme_services.draft_programme(
        by=u["counselor"], organisation=org, period="semester_1", academic_year="2026/2027",
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=60),
    )  # fmt: skip
    item = programme_services.save_item(
        by=u["counselor"], programme=programme,
        data=programme_services.ItemData(
            domain="learning", topic="Cara belajar efektif", component="basic",
            strategy="classroom_guidance", week_from=1, week_to=2, hours_per_class=2,
            cohorts=[o["cohort"].pk],
        ),
    )  # fmt: skip
    programme_services.save_service_plan(
        by=u["counselor"], item=item, objectives="Siswa mengenal cara belajar.",
        method="Diskusi", materials="Lembar kerja", evaluation="Refleksi tertulis",
    )  # fmt: skip
    programme_services.approve_programme(by=u["coordinator"], programme=programme)
    o["programme"], o["programme_item"] = programme, item
    o["delivery"] = programme_services.deliver_item(
        by=u["counselor"], item=item, starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=90, cohort=o["cohort"],
    )  # fmt: skip
    article = programme_services.save_article(
        by=u["counselor"], organisation=org, title="Tidur cukup", category="study",
        summary="Tidur membantu belajar.", body="Tidur **cukup** membantu belajar.",
    )  # fmt: skip
    programme_services.submit_article(by=u["counselor"], article=article)
    o["article"] = programme_services.review_article(
        by=u["coordinator"], article=article, publish=True
    )
    # An export the coordinator asked for, built at once (the worker's part).
    o["export"] = report_services.request_export(
        by=u["coordinator"], organisation=org, table="programmes", file_format="csv",
        filters=default_filters(),
    )  # fmt: skip
    report_tasks.run_export.call(str(o["export"].pk))


@dataclass
class _AsSchool:
    """The shape the screening test helpers expect (org, cohort, counselor, coordinator)."""

    org: Organisation
    users: dict[str, User]

    def __getattr__(self, name: str) -> Any:
        aliases = {"konselor": "counselor", "koordinator": "coordinator", "siswa": "student"}
        if name == "cohort":
            return self.org.cohorts.first()  # type: ignore[attr-defined]
        if name in aliases:
            return self.users[aliases[name]]
        raise AttributeError(name)


def psychosocial_objects(s: Sample) -> None:
    """A programme of the community post with the field worker on its team, a beneficiary,
    a PFA contact and a checked CSV import. Its coordinator is not a persona of the matrix."""
    org, o = s.org, s.objects
    worker = s.users["field_worker"]
    lead = member(org, Role.COORDINATOR, username="c-koordinator-posko")
    o["programme"] = psychosocial_factories.programme(org, lead, team=[worker])
    o["beneficiary"] = psychosocial_factories.beneficiary(o["programme"], worker)
    o["pfa"], _ = psychosocial_services.log_pfa_contact(
        by=worker,
        programme=o["programme"],
        data=psychosocial_services.PfaData(
            beneficiary=o["beneficiary"],
            starts_at=timezone.now() - timedelta(hours=1),
            needs=["distress"],
        ),
    )
    o["beneficiary_import"] = psychosocial_services.check_import(
        by=worker, programme=o["programme"], data=b"nama,umur,kode_wilayah\nRina,7,32.73.02\n"
    )
