"""Demo data for local use: two schools under one district office, a community
organisation with a psychosocial programme, and a provider. Idempotent."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rangkul.accounts.models import Membership, Organisation, OrganisationKind, User
from rangkul.accounts.roles import Role
from rangkul.activities import demo as activities_demo
from rangkul.activities import services as activity_services
from rangkul.activities.models import Supervision
from rangkul.cases import services as cases
from rangkul.cases.models import Case, SupportRequest
from rangkul.peers import services as peer_services
from rangkul.peers.demo import appoint_demo_peer
from rangkul.peers.models import PeerProfile
from rangkul.people.models import Cohort, Gender, Guardian, Person, Relationship
from rangkul.programmes import demo as programmes_demo
from rangkul.psychosocial import demo as psychosocial_demo
from rangkul.referrals import demo as referrals_demo
from rangkul.safety import demo as safety_demo
from rangkul.screenings import peer_checks
from rangkul.screenings.demo import seed_screenings
from rangkul.training import demo as training_demo
from rangkul.violence import demo as violence_demo

FIRST_F = [
    "Ayu",
    "Putri",
    "Siti",
    "Dewi",
    "Nabila",
    "Aisyah",
    "Citra",
    "Rina",
    "Intan",
    "Salsa",
    "Nurul",
    "Fitri",
    "Maya",
    "Anisa",
    "Laras",
]
FIRST_M = [
    "Budi",
    "Rizky",
    "Agus",
    "Fajar",
    "Dimas",
    "Bayu",
    "Yoga",
    "Raka",
    "Arif",
    "Andi",
    "Hendra",
    "Ilham",
    "Kevin",
    "Gilang",
    "Reza",
]
LAST = [
    "Saputra",
    "Wijaya",
    "Pratama",
    "Lestari",
    "Hidayat",
    "Nugroho",
    "Kurniawan",
    "Siregar",
    "Sihombing",
    "Wulandari",
    "Rahmawati",
    "Setiawan",
    "Simanjuntak",
    "Harahap",
    "Tanjung",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


def _name(i: int) -> tuple[str, str, str]:
    female = i % 2 == 0
    first = (FIRST_F if female else FIRST_M)[(i * 7) % 15]
    last = LAST[(i * 11) % 15]
    return first, last, Gender.FEMALE if female else Gender.MALE


def _user(username: str, first: str, last: str, password: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _member(user: User, org: Organisation, role: str) -> None:
    Membership.objects.get_or_create(user=user, organisation=org, role=role)


def _org(
    name: str, kind: str, region: str, tz: str, npsn: str = "", parent: Organisation | None = None
) -> Organisation:
    org, _created = Organisation.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "region_code": region,
            "time_zone": tz,
            "npsn": npsn,
            "parent": parent,
        },
    )
    return org


def _school(
    n: int, name: str, npsn: str, region: str, authority: Organisation, password: str
) -> list[DemoLogin]:
    org = _org(name, OrganisationKind.SCHOOL, region, "Asia/Jakarta", npsn, authority)
    logins: list[DemoLogin] = []

    def staff(username: str, first: str, last: str, role: str) -> User:
        user = _user(username, first, last, password)
        _member(user, org, role)
        logins.append(DemoLogin(username, role, org.name))
        return user

    coordinator = staff(
        f"koordinator{n}", "Sri", "Mulyani" if n == 1 else "Handayani", Role.COORDINATOR
    )
    counselor_a = staff(
        f"konselor{n}a", "Wahyu", "Santoso" if n == 1 else "Gunawan", Role.COUNSELOR
    )
    counselor_b = staff(f"konselor{n}b", "Ratna", "Sari" if n == 1 else "Kusuma", Role.COUNSELOR)
    teacher = staff(
        f"walikelas{n}", "Bambang", "Sutrisno" if n == 1 else "Purnomo", Role.HOMEROOM_TEACHER
    )
    staff(f"kepsek{n}", "Hartono", "Wibowo" if n == 1 else "Susilo", Role.PRINCIPAL)
    staff(f"admin{n}", "Joko", "Prasetyo" if n == 1 else "Hermawan", Role.ADMIN)

    year = "2026/2027"
    cohorts = [
        Cohort.objects.update_or_create(
            organisation=org,
            academic_year=year,
            name=cname,
            defaults={"grade": grade, "homeroom_teacher": teacher if i == 0 else None},
        )[0]
        for i, (cname, grade) in enumerate([("X-1", 10), ("X-2", 10), ("XI-1", 11)])
    ]
    # Each counselor looks after classes: the ratio on their home page counts these.
    cohorts[0].counselors.add(counselor_a)
    cohorts[1].counselors.add(counselor_a)
    cohorts[2].counselors.add(counselor_b)
    for i in range(30):
        first, last, gender = _name(i + n * 30)
        username = f"siswa{n}-{i + 1:02d}"
        user = _user(username, first, last, password)
        _member(user, org, Role.STUDENT)
        if i < 3:  # the first three students are the school's peer supporters
            appoint_demo_peer(
                coordinator=coordinator, user=user, organisation=org, gender=gender, n=i
            )
            logins.append(DemoLogin(username, Role.PEER_SUPPORTER, org.name))
        elif i == 3:
            logins.append(DemoLogin(username, Role.STUDENT, org.name))
        Person.objects.update_or_create(
            organisation=org,
            user=user,
            defaults={
                "full_name": f"{first} {last}",
                "gender": gender,
                "cohort": cohorts[i % 3],
                "birth_date": date(2010 + (i % 2), 1 + i % 12, 1 + i % 28),
            },
        )
    _peer_care(org, coordinator, counselor_a)
    return logins


def _peer_care(org: Organisation, coordinator: User, counselor: User) -> None:
    """One supervision session of the school's peers (the first one supervised by a
    counselor, the others by the coordinator) and their wellbeing check-in."""
    peers = list(PeerProfile.objects.filter(organisation=org).order_by("created_at"))
    if not peers or Supervision.objects.filter(activity__organisation=org).exists():
        return
    peer_services.set_supervisor(by=coordinator, profile=peers[0], supervisor=counselor)
    activity_services.record_supervision(
        by=counselor,
        organisation=org,
        data=activity_services.SupervisionData(
            starts_at=timezone.now() - timedelta(days=7),
            peers=[p.pk for p in peers],
            actions="Latihan menutup percakapan dengan baik; jeda tugas selama pekan ujian.",
        ),
    )
    peer_checks.open_wellbeing_checkins()


@transaction.atomic
def seed(password: str | None = None) -> list[DemoLogin]:
    password = password or settings.DEMO_PASSWORD
    logins: list[DemoLogin] = []
    authority = _org(
        "Dinas Pendidikan Kota Bandung", OrganisationKind.AUTHORITY, "32.73", "Asia/Jakarta"
    )
    analyst = _user("analis", "Dian", "Permata", password)
    _member(analyst, authority, Role.AUTHORITY_ANALYST)
    logins.append(DemoLogin("analis", Role.AUTHORITY_ANALYST, authority.name))

    logins += _school(1, "SMA Negeri 31 Bandung", "20219031", "32.73.01", authority, password)
    logins += _school(2, "SMP Negeri 52 Bandung", "20219052", "32.73.05", authority, password)

    community = _org(
        "Posko Psikososial Sigi Bangkit", OrganisationKind.COMMUNITY, "72.10", "Asia/Makassar"
    )
    worker = _user("relawan", "Yohana", "Lamba", password)
    _member(worker, community, Role.FIELD_WORKER)
    logins.append(DemoLogin("relawan", Role.FIELD_WORKER, community.name))
    lead = _user("koordinator.posko", "Moh.", "Rizal", password)
    _member(lead, community, Role.COORDINATOR)
    _member(lead, community, Role.ADMIN)
    group = Cohort.objects.update_or_create(
        organisation=community,
        academic_year="",
        name="Kelompok Anak Desa Lolu",
        defaults={"grade": None},
    )[0]
    for i in range(12):
        first, last, gender = _name(i + 200)
        Person.objects.get_or_create(
            organisation=community,
            full_name=f"{first} {last}",
            defaults={"gender": gender, "cohort": group},
        )

    provider = _org(
        "Biro Psikologi Sahabat Jiwa", OrganisationKind.PROVIDER, "32.73", "Asia/Jakarta"
    )
    psych = _user("psikolog", "Maria", "Tambunan", password)
    _member(psych, provider, Role.PROVIDER)
    logins.append(DemoLogin("psikolog", Role.PROVIDER, provider.name))
    seed_pathway()
    referrals_demo.seed(Organisation.objects.get(name="SMA Negeri 31 Bandung"), provider)
    seed_guardians()
    activities_demo.seed(list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL)))
    seed_screenings()
    safety_demo.seed(list(Organisation.objects.filter(kind=OrganisationKind.SCHOOL)))
    violence_demo.seed(Organisation.objects.get(npsn="20219031"))
    programmes_demo.seed(Organisation.objects.get(npsn="20219031"))
    training_demo.seed(Organisation.objects.get(npsn="20219031"))
    psychosocial_demo.seed(community, lead, worker)
    return logins


def seed_pathway(org_name: str = "SMA Negeri 31 Bandung") -> None:
    """A little of everything on the pathway, once: a request in triage, a peer case with
    a conversation, and a counseling case. Skipped when the school already has requests."""
    org = Organisation.objects.get(name=org_name)
    if SupportRequest.objects.filter(organisation=org).exists():
        return
    user = User.objects.get
    cases.submit_request(
        by=user(username="siswa1-05"),
        organisation=org,
        domain="learning",
        text="Aku bingung memilih jurusan kuliah, orang tua maunya kedokteran.",
        urgency="medium",
        helper_choice="counselor",
    )
    peer_request = cases.submit_request(
        by=user(username="siswa1-06"),
        organisation=org,
        domain="social",
        text="Aku merasa dijauhi teman-teman sekelas sejak pindah tempat duduk.",
        urgency="low",
        helper_choice="peer",
    )
    if peer_request.offered_to is not None:
        case = cases.accept_offer(by=peer_request.offered_to, support_request=peer_request)
        cases.send_message(
            by=peer_request.offered_to,
            case=case,
            text="Hai, aku siap mendengarkan. Mau cerita dari mana?",
        )
        cases.send_message(
            by=user(username="siswa1-06"),
            case=case,
            text="Makasih kak. Jadi awalnya waktu pindah tempat duduk...",
        )
    counseling = cases.submit_request(
        by=user(username="siswa1-07"),
        organisation=org,
        domain="personal",
        text="Orang tuaku sering bertengkar dan aku susah konsentrasi belajar.",
        urgency="high",
        helper_choice="counselor",
    )
    counselor = user(username="konselor1a")
    opened = cases.assign_request(by=counselor, support_request=counseling, to=counselor)
    assert isinstance(opened, Case)
    cases.add_note(
        by=counselor,
        case=opened,
        text="Sesi awal: konflik orang tua, gangguan konsentrasi. Rencana 3 sesi.",
    )


def seed_guardians(org_name: str = "SMA Negeri 31 Bandung") -> None:
    """Guardians of the student with the counseling case: a mother who may be contacted,
    and a father the counselor flagged as not to be contacted."""
    person = Person.objects.filter(organisation__name=org_name, user__username="siswa1-07").first()
    if person is None or Guardian.objects.filter(person=person).exists():
        return
    Guardian.objects.create(
        organisation=person.organisation,
        person=person,
        full_name="Ibu Sri Handayani",
        relationship=Relationship.MOTHER,
        phone="0812 2000 7788",
    )
    Guardian.objects.create(
        organisation=person.organisation,
        person=person,
        full_name="Bapak Joko Susilo",
        relationship=Relationship.FATHER,
        may_contact=False,
        do_not_contact=True,
        do_not_contact_note="Siswa menceritakan pertengkaran dengan kekerasan di rumah.",
    )
