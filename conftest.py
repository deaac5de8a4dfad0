"""Named personas shared by the whole suite: two schools, and the people in them.

siswa (student), sebaya (peer supporter), konselor (counselor), koordinator (coordinator),
walikelas (homeroom teacher), kepsek (principal), admin, plus an outsider: a counselor of
the other school. Each persona is a real user with a real membership.
"""

from dataclasses import dataclass
from typing import Any

import pytest

from rangkul.accounts.models import Organisation, OrganisationKind, User
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.notifications import channels
from rangkul.people.models import Person
from rangkul.people.tests.factories import CohortFactory, PersonFactory

PASSWORD = "kata-sandi-uji-2026"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; the suite creates hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class School:
    org: Organisation
    siswa: User
    sebaya: User
    konselor: User
    koordinator: User
    walikelas: User
    kepsek: User
    admin: User
    siswa_person: Any
    cohort: Any


def make_school(authority: Organisation, n: int) -> School:
    org = OrganisationFactory(name=f"Sekolah {n}", parent=authority)
    walikelas = member(org, Role.HOMEROOM_TEACHER, username=f"walikelas{n}")
    cohort = CohortFactory(organisation=org, name=f"X-{n}", homeroom_teacher=walikelas)
    siswa = member(org, Role.STUDENT, username=f"siswa{n}")
    sebaya = member(org, Role.STUDENT, username=f"sebaya{n}")
    member(org, Role.PEER_SUPPORTER, user=sebaya)
    person = PersonFactory(organisation=org, user=siswa, full_name=f"Siswa Satu {n}", cohort=cohort)
    PersonFactory(organisation=org, user=sebaya, full_name=f"Sebaya {n}", cohort=cohort)
    return School(
        org=org,
        siswa=siswa,
        sebaya=sebaya,
        konselor=member(org, Role.COUNSELOR, username=f"konselor{n}"),
        koordinator=member(org, Role.COORDINATOR, username=f"koordinator{n}"),
        walikelas=walikelas,
        kepsek=member(org, Role.PRINCIPAL, username=f"kepsek{n}"),
        admin=member(org, Role.ADMIN, username=f"admin{n}"),
        siswa_person=person,
        cohort=cohort,
    )


@pytest.fixture
def authority(db: Any) -> Organisation:
    return OrganisationFactory(
        name="Dinas Pendidikan Contoh",
        kind=OrganisationKind.AUTHORITY,
        npsn="",
        region_code="32.73",
    )


@pytest.fixture
def school(authority: Organisation) -> School:
    return make_school(authority, 1)


@pytest.fixture
def other_school(authority: Organisation) -> School:
    return make_school(authority, 2)


@pytest.fixture
def analis(authority: Organisation) -> User:
    return member(authority, Role.AUTHORITY_ANALYST, username="analis")


@pytest.fixture
def outsider(other_school: School) -> User:
    """A counselor, but at the other school."""
    return other_school.konselor


@pytest.fixture
def community(db: Any) -> Organisation:
    return OrganisationFactory(
        name="Posko Contoh", kind=OrganisationKind.COMMUNITY, npsn="", time_zone="Asia/Makassar"
    )


@pytest.fixture
def relawan(community: Organisation) -> User:
    return member(community, Role.FIELD_WORKER, username="relawan")


@pytest.fixture
def beneficiary(community: Organisation, relawan: User) -> Person:
    """A beneficiary of the community organisation, registered in a psychosocial programme
    whose team the field worker is on (a field worker sees only the people they work with)."""
    from rangkul.psychosocial.tests import factories as psychosocial

    lead = member(community, Role.COORDINATOR, username="pengelola-posko")
    programme = psychosocial.programme(community, lead, team=[relawan])
    return psychosocial.beneficiary(programme, lead, full_name="Penerima Manfaat").person


PERSONAS = [
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
]


@pytest.fixture
def personas(school: School, outsider: User, analis: User, relawan: User) -> dict[str, User]:
    """Every persona by name: school 1's people, the other school's counselor, the
    district analyst and a community field worker."""
    return {
        "siswa": school.siswa,
        "sebaya": school.sebaya,
        "konselor": school.konselor,
        "koordinator": school.koordinator,
        "walikelas": school.walikelas,
        "kepsek": school.kepsek,
        "admin": school.admin,
        "outsider": outsider,
        "analis": analis,
        "relawan": relawan,
    }


def run_worker() -> None:
    """Run the real database task worker until the queue is empty. A task that raised is
    a failure of the test: the worker would otherwise only log it."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    before = set(DBTaskResult.objects.filter(status="FAILED").values_list("pk", flat=True))
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    failed = DBTaskResult.objects.filter(status="FAILED").exclude(pk__in=before)
    assert not failed.exists(), [(r.task_path, r.traceback) for r in failed]


# The real worker closes its database connection between tasks, as in production; tests
# that run it need real transactions rather than the test's wrapping one.
WORKER = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broken_email(monkeypatch: Any) -> list[Any]:
    """The e-mail channel fails like an SMTP server that is down; returns the attempts."""
    calls: list[Any] = []

    def fail(delivery: Any) -> None:
        calls.append(delivery.notification_id)
        raise ConnectionError("smtp down")

    monkeypatch.setitem(channels.CHANNELS, "email", fail)
    return calls


@dataclass
class FakeGateway:
    """A real HTTP text gateway on loopback that records what it is sent."""

    url: str
    posts: list[dict[str, Any]]
    fail_with: int | None = None


@pytest.fixture
def text_gateway(settings: Any) -> Any:
    """A local SMS/WhatsApp gateway (a real HTTP server on 127.0.0.1, not a mock) set as
    TEXT_GATEWAY_URL with a token; `.posts` holds each JSON body and its headers."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    gateway = FakeGateway(url="", posts=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            gateway.posts.append(
                {"body": json.loads(body), "authorization": self.headers.get("Authorization")}
            )
            self.send_response(gateway.fail_with or 202)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.TEXT_GATEWAY_URL = gateway.url
    settings.TEXT_GATEWAY_TOKEN = "uji-token"
    yield gateway
    server.shutdown()
    server.server_close()
