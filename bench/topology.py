"""The several-host deployment on loopback, with a crash in the middle of the load.

    .venv/bin/python bench/topology.py
    .venv/bin/python bench/topology.py --students 600 --clients 16

Starts, each as its own process group as if on its own host:

- PostgreSQL: a database of its own (`topology_bench`, made afresh and dropped at the end)
  on the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); the
  migrated empty database is kept as `topology_bench_migrated` to copy next time
  (`--fresh` migrates anew);
- Redis (`--redis-url`, default database 14 of 127.0.0.1:6379, emptied at the start): the
  task queue, the shared cache and the session cache;
- two gunicorn app servers (sync workers), a task worker on Redis (`manage.py run_worker`),
  and two schedulers (the second one must stand by);
- nginx on a free loopback port with a site written by rangkul.system.nginx, serving the
  collected static files itself and passing the rest to both app servers.

Then clients send screening submissions (every tenth with a critical answer) and help
requests (every tenth a crisis) through nginx. When `--kill-at` of the load is done, one app
server and the worker are killed with SIGKILL (their whole process groups); the worker is
restarted `--restart-after` seconds later, the app server stays dead. At the end it waits
until the queue has drained and every delivery is out, then reads the database and prints:

  sent, acknowledged (2xx), stored (acknowledged and found), lost (acknowledged, not found),
  alerts expected and raised, alerts whose ladder reached people (escalation rows,
  notifications and deliveries sent), the queue length, and deliveries still pending.

Exits non-zero when anything acknowledged was lost or an alert did not reach its ladder.
Talks to 127.0.0.1 only. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import benchenv  # noqa: E402
import wrkload  # noqa: E402

from rangkul.system.nginx import Site, main_config, render  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"
DB_NAME = "topology_bench"
# The migrated, empty database of an earlier run, copied to skip the migrations.
TEMPLATE = "topology_bench_migrated"

SEED = r"""
import json
from datetime import timedelta
from django.utils import timezone
from rangkul.accounts.models import Membership, Organisation, User
from rangkul.accounts.services import issue_api_token
from rangkul.people.models import Cohort, Person
from rangkul.safety.models import DutyShift
from rangkul.screenings import queries, services

n = int(N_STUDENTS)
org = Organisation.objects.create(name="Sekolah Topologi", kind="school", npsn="20999998",
                                  region_code="32.73.01")
def user(name, role):
    u = User.objects.create_user(username=name, password=None)
    Membership.objects.create(user=u, organisation=org, role=role)
    return u
coordinator = user("koordinator", "coordinator")
counselors = [user("konselor-a", "counselor"), user("konselor-b", "counselor")]
now = timezone.now()
for c in counselors:
    DutyShift.objects.create(organisation=org, user=c, starts_at=now - timedelta(hours=1),
                             ends_at=now + timedelta(hours=12))
cohort = Cohort.objects.create(organisation=org, name="X-1", academic_year="2026/2027")
students = [user(f"siswa{i:05d}", "student") for i in range(n)]
Person.objects.bulk_create([Person(organisation=org, user=u, full_name=u.username, cohort=cohort)
                            for u in students])
services.configure_instrument(by=coordinator, organisation=org, code="phqa", enabled=True)
today = org.today()
campaign = services.create_campaign(by=counselors[0], organisation=org, instrument="phqa",
                                    opens_on=today, closes_on=today + timedelta(days=1),
                                    cohort=cohort)
tokens = {u.pk: issue_api_token(user=u)[0] for u in students}
rows = [(str(a.pk), tokens[a.person.user_id])
        for a in campaign.assignments.select_related("person")]
print(json.dumps(rows))
"""

VERIFY = r"""
import json
import django_rq
from django.urls import reverse
from rangkul.cases.models import SupportRequest
from rangkul.notifications.models import Delivery, Notification
from rangkul.safety.models import Alert, AlertEscalation
from rangkul.screenings.models import ScreeningResponse

acked = json.load(open(ACKED_FILE))
subs = set(acked["submissions"])
reqs = set(acked["requests"])
stored_subs = dict(ScreeningResponse.objects.filter(assignment_id__in=subs, status="submitted")
                   .values_list("assignment_id", "alert_id"))
stored_reqs = dict(SupportRequest.objects.filter(client_token__in=reqs)
                   .values_list("client_token", "id"))
alert_requests = set(Alert.objects.filter(request_id__in=stored_reqs.values())
                     .values_list("request_id", flat=True))
crit_subs = set(acked["critical_submissions"])
crisis_reqs = set(acked["crisis_requests"])
alerts = list(Alert.objects.all())
escalated = set(AlertEscalation.objects.filter(recipient__isnull=False)
                .values_list("alert_id", flat=True))
reached = 0
for alert in alerts:
    link = reverse("alert", args=[alert.pk])
    notes = Notification.objects.filter(kind="alert_raised", link=link)
    deliveries = Delivery.objects.filter(notification__in=notes)
    if (alert.pk in escalated and notes.exists() and deliveries.exists()
            and not deliveries.exclude(status="sent").exists()):
        reached += 1
queue = django_rq.get_queue("default")
print(json.dumps({
    "submissions_stored": sum(1 for a in subs if __import__("uuid").UUID(a) in stored_subs),
    "requests_stored": sum(1 for t in reqs if t in stored_reqs),
    "critical_acked": len(crit_subs),
    "critical_with_alert": sum(1 for a in crit_subs
                               if stored_subs.get(__import__("uuid").UUID(a))),
    "crisis_acked": len(crisis_reqs),
    "crisis_with_alert": sum(1 for t in crisis_reqs if stored_reqs.get(t) in alert_requests),
    "alerts": len(alerts),
    "alerts_reached": reached,
    "queue_length": queue.count,
    "deliveries": Delivery.objects.count(),
    "deliveries_sent": Delivery.objects.filter(status="sent").count(),
    "deliveries_pending": Delivery.objects.filter(status="pending").count(),
    "deliveries_retried": Delivery.objects.filter(attempts__gt=1).count(),
    "responses_total": ScreeningResponse.objects.filter(status="submitted").count(),
    "requests_total": SupportRequest.objects.count(),
}))
"""

PENDING = r"""
import django_rq
from rangkul.notifications.models import Delivery
print(django_rq.get_queue("default").count, Delivery.objects.filter(status="pending").count())
"""


ORDINARY = "Aku bingung soal pelajaran matematika dan butuh teman cerita ({})"
CRISIS = "aku udah gak kuat lagi, pengen bunuh diri aja malam ini ({})"


class Topology:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="rangkul-topology-"))
        self.tmp.chmod(0o755)  # nginx's workers (not root) read the static files in it
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        server = args.database_url or os.environ.get("DATABASE_URL", "")
        server = server or "postgres://postgres@127.0.0.1:5432/postgres"
        self.server_url = urlunparse(urlparse(server)._replace(path="/postgres"))
        self.db_url = urlunparse(urlparse(server)._replace(path=f"/{DB_NAME}"))
        self.env = benchenv.production_env(
            DATABASE_URL=self.db_url,
            DJANGO_ALLOWED_HOSTS=HOST,
            TRUSTED_PROXY_IPS=HOST,
        )
        self.env |= {
            "TASK_QUEUE": "redis",
            "CACHE_STORE": "redis",
            "SESSION_STORE": "cached_db",
            "REDIS_URL": args.redis_url,
            "STATIC_ROOT": str(self.tmp / "static"),
            "SCHEDULER_STANDBY_SECONDS": "2",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            # One address sends everything here; the limits would refuse most of the load.
            "RATE_LIMITS_ENABLED": "0",
            "AXES_ENABLED": "0",
        }

    # --- processes ----------------------------------------------------------------------

    def manage(self, *args: str, timeout: int = 900) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if done.returncode != 0:
            sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def start(self, name: str, argv: list[str]) -> None:
        log = (self.tmp / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, like a host of its own
        )  # fmt: skip

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM if name != "nginx" else signal.SIGQUIT)
                except ProcessLookupError:
                    continue
        for proc in self.procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)

    def log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    # --- set-up -------------------------------------------------------------------------

    def database(self, create: bool) -> bool:
        """A fresh database; copied from the migrated template of an earlier run when there
        is one (migrate then only checks it). Whether it was copied."""
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            if not create:
                return False
            template = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE]
            ).fetchone()
            if template and not self.args.fresh:
                conn.execute(f'CREATE DATABASE "{DB_NAME}" TEMPLATE "{TEMPLATE}"')
                return True
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            return False

    def save_template(self) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
            conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE "{DB_NAME}"')

    def redis(self) -> None:
        import redis

        redis.Redis.from_url(self.args.redis_url).flushdb()

    def app_server(self, name: str, port: int) -> None:
        self.start(name, [
            GUNICORN, "rangkul.wsgi", "-k", "sync", "-w", str(self.args.workers),
            "-b", f"{HOST}:{port}", "--log-level", "warning", "--graceful-timeout", "5",
            # Load the app once before forking; a loaded machine may need long for the
            # first request of a worker.
            "--preload", "--timeout", "300",
        ])  # fmt: skip

    def nginx(self, port: int, upstreams: list[str]) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            sys.exit("nginx is not installed: run scripts/system-deps.sh")
        prefix = self.tmp / "nginx"
        (prefix / "logs").mkdir(parents=True)
        site = render(Site(upstreams=upstreams, server_name=HOST, listen=f"{HOST}:{port}",
                           static_root=str(self.tmp / "static")))  # fmt: skip
        (prefix / "site.conf").write_text(site)
        (prefix / "nginx.conf").write_text(main_config(
            str(prefix / "site.conf"), pid=str(prefix / "nginx.pid"),
            error_log=str(prefix / "logs" / "error.log"),
        ) .replace("worker_processes 1;", "worker_processes 1;\ndaemon off;"))  # fmt: skip
        check = subprocess.run(
            [nginx, "-t", "-q", "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
             "-e", str(prefix / "logs" / "error.log")], capture_output=True, text=True,
        )  # fmt: skip
        if check.returncode != 0:
            sys.exit(f"nginx -t failed:\n{check.stderr}")
        self.start("nginx", [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                             "-e", str(prefix / "logs" / "error.log")])  # fmt: skip


def get(port: int, path: str, timeout: float = 5) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        reply = conn.getresponse()
        reply.read()
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}
    finally:
        conn.close()


def wait_for(check, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"timed out waiting for {what}")


class Load:
    """Clients on keep-alive connections to nginx; each job is sent once, never retried."""

    def __init__(self, port: int, jobs: list[dict[str, object]], clients: int) -> None:
        self.port, self.jobs, self.clients = port, jobs, clients
        self.next = 0
        self.done = 0
        self.lock = threading.Lock()
        self.statuses: dict[int, int] = {}

    def take(self) -> dict[str, object] | None:
        with self.lock:
            if self.next >= len(self.jobs):
                return None
            job = self.jobs[self.next]
            self.next += 1
            return job

    def client(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
        while (job := self.take()) is not None:
            try:
                conn.request("POST", str(job["path"]), body=job["body"], headers=job["headers"])  # type: ignore[arg-type]
                reply = conn.getresponse()
                reply.read()
                status = reply.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
                status = 0
            job["status"] = status
            with self.lock:
                self.done += 1
                self.statuses[status] = self.statuses.get(status, 0) + 1
        conn.close()

    def run(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.client) for _ in range(self.clients)]
        for t in threads:
            t.start()
        return threads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--students",
        type=int,
        default=600,
        help="each sends one screening submission and one help request",
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--kill-at", type=float, default=0.4, help="share of the load done when the crash happens"
    )
    parser.add_argument(
        "--restart-after",
        type=float,
        default=5.0,
        help="seconds before the killed worker is started again",
    )
    parser.add_argument("--drain-seconds", type=float, default=240.0)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir with logs")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="migrate a new database instead of copying the template",
    )
    args = parser.parse_args()  # fmt: skip

    topo = Topology(args)
    failed = False
    began = time.monotonic()
    try:
        copied = topo.database(create=True)
        topo.redis()
        print(f"database {DB_NAME} on {urlparse(topo.db_url).hostname}; "
              f"Redis {args.redis_url}; logs in {topo.tmp}")  # fmt: skip
        topo.manage("migrate", "-v0")
        if not copied:
            topo.save_template()
        topo.manage("collectstatic", "--noinput", "-v0")
        print(f"migrated and collected static files in {time.monotonic() - began:.0f} s")
        rows = json.loads(topo.shell(SEED.replace("N_STUDENTS", str(args.students))))
        print(f"seeded {len(rows)} students ({time.monotonic() - began:.0f} s)")

        ports = {
            "app-a": wrkload.free_port(),
            "app-b": wrkload.free_port(),
            "nginx": wrkload.free_port(),
        }
        topo.app_server("app-a", ports["app-a"])
        topo.app_server("app-b", ports["app-b"])
        worker_argv = [PYTHON, "manage.py", "run_worker"]
        topo.start("worker", worker_argv)
        topo.start("scheduler-1", [PYTHON, "manage.py", "run_scheduler"])
        topo.nginx(ports["nginx"], [f"{HOST}:{ports['app-a']}", f"{HOST}:{ports['app-b']}"])
        for name in ("app-a", "app-b"):
            wait_for(lambda p=ports[name]: get(p, "/api/v1/version")[0] == 200, 300, name)
        wait_for(lambda: "scheduling" in topo.log("scheduler-1"), 300, "the scheduler")
        topo.start("scheduler-2", [PYTHON, "manage.py", "run_scheduler"])
        wait_for(lambda: get(ports["nginx"], "/healthz")[0] == 200, 300, "/healthz through nginx")
        # nginx's own cache header, not the app's: the file came from nginx.
        status, headers = get(ports["nginx"], "/static/css/rangkul.css")
        static_ok = status == 200 and "max-age=604800" in headers.get("cache-control", "")
        print(f"up: nginx :{ports['nginx']} -> app-a :{ports['app-a']}, app-b "
              f":{ports['app-b']}; worker on Redis; /healthz 200; static from nginx "
              f"{'200' if static_ok else status}")  # fmt: skip

        jobs: list[dict[str, object]] = []
        for i, (assignment, token) in enumerate(rows):
            auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            body = json.dumps({"answers": benchenv.phqa_answers(i)}).encode()
            jobs.append({"kind": "submission", "key": assignment, "critical": i % 10 == 0,
                         "path": f"/api/v1/assignments/{assignment}/submit", "headers": auth,
                         "body": body})  # fmt: skip
            client_token = uuid.uuid4().hex
            text = (CRISIS if i % 10 == 5 else ORDINARY).format(i)
            jobs.append({"kind": "request", "key": client_token, "critical": i % 10 == 5,
                         "path": "/api/v1/requests", "headers": auth,
                         "body": json.dumps({"domain": "personal", "urgency": "medium",
                                             "text": text, "client_token": client_token}
                                            ).encode()})  # fmt: skip

        load = Load(ports["nginx"], jobs, args.clients)
        start = time.monotonic()
        threads = load.run()
        kill_at = int(len(jobs) * args.kill_at)
        while load.done < kill_at and any(t.is_alive() for t in threads):
            time.sleep(0.02)
        topo.kill("app-a")
        topo.kill("worker")
        killed_at = load.done
        print(f"SIGKILL app-a and the worker after {killed_at} answers "
              f"({time.monotonic() - start:.1f} s)")  # fmt: skip
        time.sleep(args.restart_after)
        topo.start("worker", worker_argv)
        print(f"worker restarted after {args.restart_after:.0f} s; app-a stays down")
        for t in threads:
            t.join()
        wall = time.monotonic() - start

        acked = [j for j in jobs if 200 <= int(j["status"]) < 300]  # type: ignore[call-overload]
        acked_file = topo.tmp / "acked.json"
        acked_file.write_text(json.dumps({
            "submissions": [j["key"] for j in acked if j["kind"] == "submission"],
            "requests": [j["key"] for j in acked if j["kind"] == "request"],
            "critical_submissions": [j["key"] for j in acked
                                     if j["kind"] == "submission" and j["critical"]],
            "crisis_requests": [j["key"] for j in acked
                                if j["kind"] == "request" and j["critical"]],
        }))  # fmt: skip

        drain_start = time.monotonic()

        def drained() -> bool:
            queued, pending = (int(x) for x in topo.shell(PENDING).split())
            return queued == 0 and pending == 0

        deadline = time.monotonic() + args.drain_seconds
        while not drained():
            if time.monotonic() > deadline:
                print(f"queue not drained after {args.drain_seconds:.0f} s")
                break
            time.sleep(3)
        drain = time.monotonic() - drain_start
        health = get(ports["nginx"], "/healthz")[0]
        facts = json.loads(topo.shell(VERIFY.replace("ACKED_FILE", repr(str(acked_file)))))

        sent = len(jobs)
        stored = facts["submissions_stored"] + facts["requests_stored"]
        lost = len(acked) - stored
        alerts_expected = facts["critical_acked"] + facts["crisis_acked"]
        alerts_raised = facts["critical_with_alert"] + facts["crisis_with_alert"]
        statuses = ", ".join(f"{k or 'no answer'}: {v}" for k, v in sorted(load.statuses.items()))
        standby = "standing by" in topo.log("scheduler-2")
        print()
        print(f"load: {sent} requests from {args.clients} clients in {wall:.1f} s "
              f"({sent / wall:.0f}/s); answers by status: {statuses}")  # fmt: skip
        print(f"  sent          {sent:>6}")
        print(f"  acknowledged  {len(acked):>6}   (2xx: {facts['submissions_stored']} "
              f"submissions and {facts['requests_stored']} help requests found)")  # fmt: skip
        print(f"  stored        {stored:>6}")
        print(f"  lost          {lost:>6}")
        print(
            f"  not answered 2xx: {sent - len(acked)} (the client saw an error; "
            f"stored anyway: {facts['responses_total'] + facts['requests_total'] - stored})"
        )
        print(f"  alerts expected {alerts_expected}, raised {alerts_raised}; "
              f"alerts in the database {facts['alerts']}, ladder reached "
              f"{facts['alerts_reached']}")  # fmt: skip
        print(f"  deliveries {facts['deliveries']}: sent {facts['deliveries_sent']}, pending "
              f"{facts['deliveries_pending']}, sent again after the crash "
              f"{facts['deliveries_retried']}")  # fmt: skip
        print(f"  queue after restart: {facts['queue_length']} waiting (drained in "
              f"{drain:.0f} s); /healthz {health}; second scheduler stood by: "
              f"{'yes' if standby else 'NO'}")  # fmt: skip
        ok = (
            lost == 0
            and alerts_raised == alerts_expected
            and facts["alerts_reached"] == facts["alerts"]
            and facts["queue_length"] == 0
            and facts["deliveries_pending"] == 0
            and standby
        )
        print("RESULT: " + ("every acknowledged request stored, every alert on its ladder, "
                            "queue drained" if ok else "FAILED"))  # fmt: skip
        if not ok:
            args.keep = True
            failed = True
    finally:
        topo.stop_all()
        topo.database(create=False)
        if args.keep:
            print(f"logs kept in {topo.tmp}")
        else:
            shutil.rmtree(topo.tmp, ignore_errors=True)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
