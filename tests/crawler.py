"""Every page and API route of Rangkul, with real sample objects, for every role.

One place that knows how to reach each URL pattern, shared by the permission matrix, the
language checks and the accessibility checks:

    world = build_world()                 # two schools, a community, a provider, a district
    for name, user in world.people.items():   # "s1.counselor", "s2.student", "anonymous" ...
        for page in page_urls(world):     # Page(name="case", url="/cases/<uuid>/", ...)
            ...
    for route in api_routes():            # ApiRoute(method="GET", path="/api/v1/cases/{case_id}")
        url = api_url(world, route)

`unreached_patterns()` and `unreached_api_routes()` list what the crawler cannot reach yet;
the matrix test fails while either is non-empty, so a new page cannot escape the checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from rangkul.accounts.models import Organisation, OrganisationKind, User
from rangkul.accounts.roles import Role
from rangkul.accounts.services import issue_api_token
from rangkul.accounts.tests.factories import OrganisationFactory, member
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
from rangkul.peers.tests.factories import matchable_peer
from rangkul.people import services as people_services
from rangkul.people.models import ConsentBasis, ConsentScope
from rangkul.people.tests.factories import CohortFactory, GuardianFactory, PersonFactory
from rangkul.privacy import services as privacy_services
from rangkul.programmes import services as programme_services
from rangkul.psychosocial import services as psychosocial_services
from rangkul.psychosocial.tests import factories as psychosocial_factories
from rangkul.referrals import services as referral_services
from rangkul.referrals.models import Channel as ReferralChannel
from rangkul.referrals.tests.factories import ProviderFactory
from rangkul.reports import services as report_services
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

SCHOOL_ROLES = (
    Role.STUDENT,
    Role.PEER_SUPPORTER,
    Role.COUNSELOR,
    Role.COORDINATOR,
    Role.HOMEROOM_TEACHER,
    Role.PRINCIPAL,
    Role.ADMIN,
)

# Namespaces and prefixes that are not Rangkul's own pages.
SKIPPED_PREFIXES = ("admin/", "i18n/", "api/")


@dataclass
class Sample:
    """One school's (or organisation's) objects of every kind, made through real services."""

    org: Organisation
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass
class World:
    s1: Sample
    s2: Sample
    community: Sample
    provider: Sample
    authority: Sample
    people: dict[str, User | None] = field(default_factory=dict)

    @property
    def o(self) -> dict[str, Any]:
        """School 1's sample objects: the ones every URL points at."""
        return self.s1.objects


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    # The pattern, e.g. "cases/<str:pk>/": "<" in it means the URL names one object.
    route: str
    # A page a form posts to without a page of its own answers GET with 405.
    post_only: bool = False


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    operation_id: str


def _school(authority: Organisation, n: int, provider_org: Organisation) -> Sample:
    org = OrganisationFactory(name=f"Sekolah Uji {n}", parent=authority)
    s = Sample(org=org)
    u = s.users
    u["homeroom_teacher"] = member(org, Role.HOMEROOM_TEACHER, username=f"c{n}-walikelas")
    cohort = CohortFactory(organisation=org, name=f"X-{n}", homeroom_teacher=u["homeroom_teacher"])
    u["student"] = member(org, Role.STUDENT, username=f"c{n}-siswa")
    u["peer_supporter"] = member(org, Role.STUDENT, username=f"c{n}-sebaya")
    member(org, Role.PEER_SUPPORTER, user=u["peer_supporter"])
    for role in (Role.COUNSELOR, Role.COORDINATOR, Role.PRINCIPAL, Role.ADMIN):
        u[str(role)] = member(org, role, username=f"c{n}-{role}")
    person = PersonFactory(
        organisation=org,
        user=u["student"],
        full_name=f"Siswa Uji {n}",
        cohort=cohort,
        birth_date=date(2010, 3, 1),
    )
    peer_person = PersonFactory(
        organisation=org, user=u["peer_supporter"], full_name=f"Sebaya Uji {n}", cohort=cohort
    )
    # Certified and active, so the matching offers them the peer request below.
    peer_profile = matchable_peer(org, u["peer_supporter"])
    s.objects.update(
        person=person, peer_person=peer_person, cohort=cohort, peer_profile=peer_profile
    )
    _school_objects(s)
    _later_objects(s, provider_org)
    _programme_objects(s)
    _training_objects(s)
    return s


def _school_objects(s: Sample) -> None:
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


def _later_objects(s: Sample, provider_org: Organisation) -> None:
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


def _training_objects(s: Sample) -> None:
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


def _programme_objects(s: Sample) -> None:
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
    report_services.run_export(str(o["export"].pk))


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


def _psychosocial_objects(s: Sample) -> None:
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


def build_world() -> World:
    """Two schools under one district office, a community post and a provider, each with
    every role, and school 1 (and 2) with one object of each kind. Needs the database."""
    authority_org = OrganisationFactory(
        name="Dinas Uji", kind=OrganisationKind.AUTHORITY, npsn="", region_code="32.73"
    )
    authority = Sample(authority_org)
    authority.users["authority_analyst"] = member(
        authority_org, Role.AUTHORITY_ANALYST, username="c-analis"
    )
    provider_org = OrganisationFactory(
        name="Biro Uji", kind=OrganisationKind.PROVIDER, npsn="", region_code="32.73"
    )
    s1, s2 = _school(authority_org, 1, provider_org), _school(authority_org, 2, provider_org)
    community_org = OrganisationFactory(
        name="Posko Uji", kind=OrganisationKind.COMMUNITY, npsn="", time_zone="Asia/Makassar"
    )
    community = Sample(community_org)
    community.users["field_worker"] = member(community_org, Role.FIELD_WORKER, username="c-relawan")
    community.objects["person"] = PersonFactory(organisation=community_org, full_name="Penerima")
    _psychosocial_objects(community)
    provider = Sample(provider_org)
    provider.users["provider"] = member(provider_org, Role.PROVIDER, username="c-psikolog")
    world = World(s1=s1, s2=s2, community=community, provider=provider, authority=authority)
    world.people["anonymous"] = None
    for prefix, sample in (
        ("s1", s1),
        ("s2", s2),
        ("community", community),
        ("provider", provider),
        ("authority", authority),
    ):
        for role, user in sample.users.items():
            world.people[f"{prefix}.{role}"] = user
    return world


# How to reach each named URL pattern with school 1's objects: name -> kwargs.
PAGE_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "region_children": lambda w: {},
    "psychosocial_programmes": lambda w: {},
    "psychosocial_programme_new": lambda w: {},
    "psychosocial_programme": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_programme_edit": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_beneficiaries": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_beneficiary_new": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_beneficiary_import": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_pfa_new": lambda w: {"pk": w.community.objects["programme"].pk},
    "psychosocial_pfa": lambda w: {"pk": w.community.objects["pfa"].pk},
    "psychosocial_import": lambda w: {"pk": w.community.objects["beneficiary_import"].pk},
    "home": lambda w: {},
    "neutral": lambda w: {},
    "login": lambda w: {},
    "password_change": lambda w: {},
    "password_change_done": lambda w: {},
    "members": lambda w: {},
    "tokens": lambda w: {},
    "login_verify": lambda w: {},
    "login_recovery": lambda w: {},
    "mfa_overview": lambda w: {},
    "mfa_totp": lambda w: {},
    "organisation_log": lambda w: {},
    "people": lambda w: {},
    "person": lambda w: {"pk": w.o["person"].pk},
    "person_access_log": lambda w: {"pk": w.o["person"].pk},
    "notifications": lambda w: {},
    "ask_for_help": lambda w: {},
    "request_sent": lambda w: {"pk": w.o["request"].pk},
    "my_requests": lambda w: {},
    "refer": lambda w: {},
    "my_referrals": lambda w: {},
    "offers": lambda w: {},
    "triage": lambda w: {},
    "triage_request": lambda w: {"pk": w.o["request"].pk},
    "cases": lambda w: {},
    "case": lambda w: {"pk": w.o["case"].pk},
    "case_messages": lambda w: {"pk": w.o["case"].pk},
    "activities": lambda w: {},
    "systemic_activities": lambda w: {},
    "activity_kinds": lambda w: {},
    "activity_new": lambda w: {"kind": "individual_counseling"},
    "agenda": lambda w: {},
    "agenda_ics": lambda w: {},
    "slots": lambda w: {},
    "book": lambda w: {},
    "my_appointments": lambda w: {},
    "schedule_appointment": lambda w: {},
    "groups": lambda w: {},
    "group_new": lambda w: {},
    "group": lambda w: {"pk": w.o["group"].pk},
    "group_edit": lambda w: {"pk": w.o["group"].pk},
    "activity": lambda w: {"pk": w.o["activity"].pk},
    "activity_ics": lambda w: {"pk": w.o["activity"].pk},
    "alerts": lambda w: {},
    "alert": lambda w: {"pk": w.o["alert"].pk},
    "duty_roster": lambda w: {},
    "safety_phrases": lambda w: {},
    "safety_resources": lambda w: {},
    "safety_resource": lambda w: {"pk": w.o["resource"].pk},
    "safety_settings": lambda w: {},
    "screenings": lambda w: {},
    "my_questionnaires": lambda w: {},
    "screening_new_campaign": lambda w: {},
    "screening_campaign": lambda w: {"pk": w.o["campaign"].pk},
    "screening_answer": lambda w: {"pk": w.o["assignment"].pk},
    "screening_response": lambda w: {"pk": w.o["response"].pk},
    "screening_response_fhir": lambda w: {"pk": w.o["response"].pk},
    "screening_person": lambda w: {"pk": w.o["person"].pk},
    "screening_instruments": lambda w: {},
    "screening_new_questionnaire": lambda w: {},
    "screening_instrument": lambda w: {"code": "phqa"},
    "screening_instrument_fhir": lambda w: {"code": "phqa"},
    "screening_wording": lambda w: {"code": "phqa"},
    "healthz": lambda w: {},
    "help_guide": lambda w: {"name": "student"},
    "help_image": lambda w: {"name": "student-home-360.png"},
    "components": lambda w: {},
    "detection_report": lambda w: {},
    "peer_programme": lambda w: {},
    "peer_me": lambda w: {},
    "peer_nominate": lambda w: {},
    "peer_selection": lambda w: {"pk": w.o["nomination"].pk},
    "peer_profile": lambda w: {"pk": w.o["peer_profile"].pk},
    "training_programmes": lambda w: {},
    "training_mine": lambda w: {},
    "training_cpd": lambda w: {},
    "training_cpd_hours": lambda w: {},
    "training_cpd_file": lambda w: {"pk": w.o["cpd_record"].pk},
    "training_session": lambda w: {"pk": w.o["training_session"].pk},
    "training_enrolment": lambda w: {"pk": w.o["training_enrolment"].pk},
    "training_quiz": lambda w: {"pk": w.o["training_enrolment"].pk},
    "training_certificate_pdf": lambda w: {"pk": w.o["certificate"].pk},
    "training_programme": lambda w: {"pk": w.o["training_programme"].pk},
    "training_decide": lambda w: {"pk": w.o["training_programme"].pk},
    "certificate_verify_form": lambda w: {},
    "certificate_verify": lambda w: {"code": w.o["certificate"].code},
    "peer_supervision": lambda w: {},
    "supervision_new": lambda w: {},
    "pulse": lambda w: {"pk": w.o["pulse"].pk},
    "screening_peer_programme": lambda w: {},
    "guardian_edit": lambda w: {"pk": w.o["guardian"].pk},
    "guardian_invitation": lambda w: {"pk": w.o["guardian"].pk},
    "consent_form_file": lambda w: {"pk": w.o["consent"].pk},
    "directory": lambda w: {},
    "directory_export": lambda w: {"file_format": "csv"},
    "directory_import": lambda w: {},
    "provider": lambda w: {"pk": w.o["provider"].pk},
    "provider_add": lambda w: {},
    "provider_edit": lambda w: {"pk": w.o["provider"].pk},
    "referral_new": lambda w: {"case_pk": w.o["case"].pk},
    "referral_out": lambda w: {"pk": w.o["referral_out"].pk},
    "referral_letter": lambda w: {"pk": w.o["referral_out"].pk},
    "referrals_received": lambda w: {},
    "referral_received": lambda w: {"pk": w.o["referral_out"].pk},
    "violence_report_public": lambda w: {"npsn": w.s1.org.npsn},
    "violence_receipt": lambda w: {},
    "violence_report": lambda w: {},
    "violence_matters": lambda w: {},
    "violence_matter": lambda w: {"pk": w.o["matter"].pk},
    "violence_team": lambda w: {},
    "violence_summary": lambda w: {},
    "violence_offers": lambda w: {},
    "onboarding": lambda w: {},
    "onboarding_policy": lambda w: {},
    "guardian_letter": lambda w: {},
    "onboarding_upload": lambda w: {},
    "onboarding_import": lambda w: {"pk": w.o["import"].pk},
    "onboarding_class": lambda w: {"pk": w.o["cohort"].pk},
    "rollover": lambda w: {},
    "first_password": lambda w: {},
    "privacy_notice": lambda w: {},
    "privacy_person": lambda w: {"pk": w.o["person"].pk},
    "privacy_retention": lambda w: {},
    "note_break_glass": lambda w: {"pk": w.o["restricted_note"].pk},
    "programmes": lambda w: {},
    "programme_settings": lambda w: {},
    "needs_survey_new": lambda w: {},
    "needs_survey": lambda w: {"pk": w.o["needs_survey"].pk},
    "programme_new": lambda w: {},
    "programme": lambda w: {"pk": w.o["programme"].pk},
    "programme_item_new": lambda w: {"pk": w.o["programme"].pk},
    "programme_item": lambda w: {"pk": w.o["programme_item"].pk},
    "service_plan": lambda w: {"pk": w.o["programme_item"].pk},
    "service_plan_pdf": lambda w: {"pk": w.o["programme_item"].pk},
    "programme_report": lambda w: {"pk": w.o["programme"].pk},
    "programme_report_pdf": lambda w: {"pk": w.o["programme"].pk},
    "articles": lambda w: {},
    "article_new": lambda w: {},
    "article": lambda w: {"pk": w.o["article"].pk},
    "article_edit": lambda w: {"pk": w.o["article"].pk},
    "reports": lambda w: {},
    "reports_district": lambda w: {},
    "reports_indicators": lambda w: {},
    "reports_table_file": lambda w: {"table": "programmes", "file_format": "csv"},
    "reports_exports": lambda w: {},
    "reports_export_file": lambda w: {"pk": w.o["export"].pk},
}

# Endpoints that only receive a form's POST.
POST_KWARGS: dict[str, Callable[[World], dict[str, Any]]] = {
    "switch_organisation": lambda w: {},
    "revoke_membership": lambda w: {"pk": w.o["membership"].pk},
    "sign_out_member": lambda w: {"pk": w.o["membership"].pk},
    "revoke_token": lambda w: {"pk": w.o["token"].pk},
    "mfa_recovery_codes": lambda w: {},
    "mfa_passkey_options": lambda w: {},
    "mfa_passkey_add": lambda w: {},
    "login_passkey_options": lambda w: {},
    "login_passkey": lambda w: {},
    "mfa_remove": lambda w: {"kind": "totp", "pk": w.o["totp_device"].pk},
    "notifications_read_all": lambda w: {},
    "notification_open": lambda w: {"pk": w.o["notification"].pk},
    "withdraw_request": lambda w: {"pk": w.o["request"].pk},
    "answer_offer": lambda w: {"pk": w.o["offer"].pk, "answer": "decline"},
    "case_note": lambda w: {"pk": w.o["case"].pk},
    "case_contact_log": lambda w: {"pk": w.o["case"].pk},
    "case_close": lambda w: {"pk": w.o["case"].pk},
    "case_status": lambda w: {"pk": w.o["case"].pk},
    "case_tier": lambda w: {"pk": w.o["case"].pk},
    "case_handover": lambda w: {"pk": w.o["case"].pk},
    "case_update": lambda w: {"pk": w.o["case"].pk},
    "case_lead": lambda w: {"pk": w.o["case"].pk},
    "case_team": lambda w: {"pk": w.o["case"].pk},
    "open_case_for_person": lambda w: {"person_pk": w.o["person"].pk},
    "slot_delete": lambda w: {"pk": w.o["slot"].pk},
    "slot_book": lambda w: {"pk": w.o["slot"].pk},
    "activity_done": lambda w: {"pk": w.o["activity"].pk},
    "activity_cancel": lambda w: {"pk": w.o["activity"].pk},
    "activity_attendance": lambda w: {"pk": w.o["activity"].pk},
    "activity_outcomes": lambda w: {"pk": w.o["activity"].pk},
    "alert_action": lambda w: {"pk": w.o["alert"].pk, "action": "acknowledge"},
    "duty_roster_copy": lambda w: {},
    "duty_shift_remove": lambda w: {"pk": w.o["shift"].pk},
    "safety_phrase_off": lambda w: {"pk": w.o["phrase"].pk},
    "screening_close_campaign": lambda w: {"pk": w.o["campaign"].pk},
    "screening_open_case": lambda w: {
        "pk": w.o["campaign"].pk,
        "person_pk": w.o["person"].pk,
    },
    "screening_save": lambda w: {"pk": w.o["assignment"].pk},
    "screening_submit": lambda w: {"pk": w.o["assignment"].pk},
    "screening_switch_questionnaire": lambda w: {"pk": w.o["custom_instrument"].pk},
    "screening_configure": lambda w: {"code": "phqa"},
    "triage_feedback": lambda w: {"pk": w.o["alert"].request_id},
    "alert_protocol": lambda w: {"pk": w.o["alert"].pk},
    "alert_friend": lambda w: {"pk": w.o["alert"].pk},
    "alert_feedback": lambda w: {"pk": w.o["alert"].pk},
    "responder_phone_save": lambda w: {},
    "responder_phone_remove": lambda w: {"pk": w.o["responder_phone"].pk},
    "guardian_add": lambda w: {"pk": w.o["person"].pk},
    "guardian_remove": lambda w: {"pk": w.o["guardian"].pk},
    "consent_add": lambda w: {"pk": w.o["person"].pk},
    "consent_withdraw": lambda w: {"pk": w.o["consent"].pk},
    "consent_review": lambda w: {"pk": w.o["consent"].pk},
    "referral_action": lambda w: {"pk": w.o["referral_out"].pk, "action": "answer"},
    "violence_receipt_add": lambda w: {},
    "violence_answer_offer": lambda w: {"pk": w.o["violence_offer"].pk, "answer": "decline"},
    "violence_matter_action": lambda w: {"pk": w.o["matter"].pk, "action": "step"},
    "violence_team_remove": lambda w: {"pk": w.o["team_seat"].pk},
    "reports_export_request": lambda w: {"table": "programmes", "file_format": "csv"},
    "programme_action": lambda w: {"pk": w.o["programme"].pk, "action": "approve"},
    "programme_item_delete": lambda w: {"pk": w.o["programme_item"].pk},
    "programme_item_deliver": lambda w: {"pk": w.o["programme_item"].pk},
    "programme_unlink": lambda w: {"pk": w.o["delivery"].pk},
    "article_action": lambda w: {"pk": w.o["article"].pk, "action": "submit"},
    "privacy_export": lambda w: {"pk": w.o["person"].pk},
    "privacy_correct": lambda w: {"pk": w.o["person"].pk},
    "privacy_hold": lambda w: {"pk": w.o["person"].pk},
    "privacy_erase": lambda w: {"pk": w.o["person"].pk},
    "privacy_hold_release": lambda w: {"pk": w.o["legal_hold"].pk},
    "privacy_consent_withdraw": lambda w: {"pk": w.o["consent"].pk},
    "onboarding_apply": lambda w: {"pk": w.o["import"].pk},
    "onboarding_cards": lambda w: {"pk": w.o["cohort"].pk},
    "enrolment_end": lambda w: {"pk": w.o["person"].pk},
    # After every other post of the persona: it changes the student's password (the
    # administrator gets a message: they removed the student's role before).
    "psychosocial_pfa_refer": lambda w: {"pk": w.community.objects["pfa"].pk},
    "student_password_reset": lambda w: {"pk": w.o["person"].pk},
    # Last: they end the session.
    "sign_out_everywhere": lambda w: {},
    "exit_and_log_out": lambda w: {},
    "logout": lambda w: {},
}


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, route)
        else:
            yield route, entry


def url_patterns() -> dict[str, str]:
    """Every named URL pattern of Rangkul's own pages: name -> route."""
    found: dict[str, str] = {}
    for route, entry in _walk(get_resolver()):
        if route.lstrip("^").startswith(SKIPPED_PREFIXES) or not entry.name:
            continue
        found[entry.name] = route
    return found


def unreached_patterns() -> set[str]:
    return set(url_patterns()) - set(PAGE_KWARGS) - set(POST_KWARGS)


def page_urls(world: World) -> list[Page]:
    """Every page (GET) and every form endpoint (POST only), on school 1's objects."""
    routes = url_patterns()
    pages = [
        Page(name, reverse(name, kwargs=kw(world)), routes[name])
        for name, kw in PAGE_KWARGS.items()
    ]
    pages += [
        Page(name, reverse(name, kwargs=kw(world)), routes[name], post_only=True)
        for name, kw in POST_KWARGS.items()
    ]
    return pages


# API path parameters and the sample object each takes.
API_PARAMS: dict[str, Callable[[World], Any]] = {
    "person_id": lambda w: w.o["person"].pk,
    "request_id": lambda w: w.o["request"].pk,
    "case_id": lambda w: w.o["case"].pk,
    "activity_id": lambda w: w.o["activity"].pk,
    "slot_id": lambda w: w.o["slot"].pk,
    "group_id": lambda w: w.o["group"].pk,
    "alert_id": lambda w: w.o["alert"].pk,
    "shift_id": lambda w: w.o["shift"].pk,
    "phrase_id": lambda w: w.o["phrase"].pk,
    "resource_id": lambda w: w.o["resource"].pk,
    "code": lambda w: "phqa",
    "campaign_id": lambda w: w.o["campaign"].pk,
    "assignment_id": lambda w: w.o["assignment"].pk,
    "response_id": lambda w: w.o["response"].pk,
    "token_id": lambda w: w.o["token"].pk,
    "matter_id": lambda w: w.o["matter"].pk,
    "guardian_id": lambda w: w.o["guardian"].pk,
    "consent_id": lambda w: w.o["consent"].pk,
    "provider_id": lambda w: w.o["provider"].pk,
    "referral_id": lambda w: w.o["referral_out"].pk,
}


def openapi_document() -> dict[str, Any]:
    from rangkul.api.urls import api

    return api.get_openapi_schema()


def api_routes() -> list[ApiRoute]:
    routes = []
    for path, operations in openapi_document()["paths"].items():
        for method, operation in operations.items():
            routes.append(ApiRoute(method.upper(), path, operation.get("operationId", "")))
    return routes


def unreached_api_routes() -> set[str]:
    import re

    missing = set()
    for route in api_routes():
        for param in re.findall(r"{(\w+)}", route.path):
            if param not in API_PARAMS:
                missing.add(f"{route.method} {route.path}: {param}")
    return missing


def api_url(world: World, route: ApiRoute) -> str:
    path = route.path
    for name, value in API_PARAMS.items():
        path = path.replace("{" + name + "}", str(value(world)))
    return path
