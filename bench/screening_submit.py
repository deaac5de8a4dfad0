"""Screening submissions per second through the API, next to a minimal JSON endpoint.

    .venv/bin/python bench/screening_submit.py                 # SQLite file in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/screening_submit.py
    .venv/bin/python bench/screening_submit.py --submissions 3000 --clients 32 --workers 4

Starts the app with gunicorn sync workers on a free 127.0.0.1 port against a fresh
database (a new SQLite file, or a new PostgreSQL database on the DATABASE_URL server,
dropped afterwards), seeds a school with students, a PHQ-A campaign and one API token
per student, then:

1. baseline: GET /api/v1/version (a minimal JSON view, no database) from the same clients;
2. submissions: POST /api/v1/assignments/{id}/submit with complete answers (every tenth
   one critical, so it raises an alert), each assignment once.

Prints requests per second and p50/p99 latency for both, and their ratio. Bounded in
count and time; talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"

SEED = r"""
import json, sys
from datetime import timedelta
from django.utils import timezone
from rangkul.accounts.models import Membership, Organisation, User
from rangkul.accounts.services import issue_api_token
from rangkul.people.models import Cohort, Person
from rangkul.screenings import queries, services
from rangkul.system.models import Heartbeat

n = int(sys.argv[1])
org = Organisation.objects.create(name="Sekolah Bench", kind="school", npsn="20999999",
                                  region_code="32.73.01")
def user(name, role):
    u = User.objects.create_user(username=name, password=None)
    Membership.objects.create(user=u, organisation=org, role=role)
    return u
coordinator, counselor = user("koordinator", "coordinator"), user("konselor", "counselor")
cohort = Cohort.objects.create(organisation=org, name="X-1", academic_year="2026/2027")
students = [user(f"siswa{i:05d}", "student") for i in range(n)]
Person.objects.bulk_create([Person(organisation=org, user=u, full_name=u.username, cohort=cohort)
                            for u in students])
services.configure_instrument(by=coordinator, organisation=org, code="phqa", enabled=True)
today = queries.local_today(org)
campaign = services.create_campaign(by=counselor, organisation=org, instrument="phqa",
                                    opens_on=today, closes_on=today + timedelta(days=1),
                                    cohort=cohort)
# A fresh worker heartbeat, so that /healthz answers 200 like a healthy deployment.
Heartbeat.objects.update_or_create(
    name="worker", defaults={"beat_at": timezone.now() + timedelta(hours=1)})
tokens = {u.pk: issue_api_token(user=u)[0] for u in students}
rows = [(str(a.pk), tokens[a.person.user_id])
        for a in campaign.assignments.select_related("person")]
print(json.dumps(rows))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def answers(i: int) -> dict[str, int]:
    """Complete PHQ-A answers; every tenth set has a critical item 9 answer."""
    base = i % 3
    items = {f"q{k}": (base + k) % 4 for k in range(1, 9)}
    items["q9"] = 1 if i % 10 == 0 else 0
    items |= {"s1": i % 2, "s3": 0, "s4": 0}
    if any(items[f"q{k}"] for k in range(1, 10)):
        items["s2"] = 1
    return items


class Database:
    """A fresh database: a temp SQLite file, or a new PostgreSQL database."""

    def __init__(self) -> None:
        self.url = os.environ.get("DATABASE_URL", "")
        self.tmp = Path(tempfile.mkdtemp(prefix="rangkul-bench-"))
        self.name = f"rangkul_bench_{uuid.uuid4().hex[:8]}"
        self.env: dict[str, str] = {}

    def __enter__(self) -> Database:
        if self.url:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
            parts = urlparse(self.url)
            self.env["DATABASE_URL"] = urlunparse(parts._replace(path=f"/{self.name}"))
            self.label = f"PostgreSQL ({parts.hostname}, database {self.name})"
        else:
            self.env["SQLITE_PATH"] = str(self.tmp / "bench.sqlite3")
            self.label = "SQLite (WAL) in a temp dir"
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.url:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def environment(db: Database) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= db.env
    env |= {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "0",
        "PYTHONPATH": str(ROOT),
        # No collected static files are needed for the API; keep WhiteNoise quiet about it.
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    return env


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        sys.exit(f"{' '.join(args[:2])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class Load:
    """Clients on keep-alive connections, each taking jobs from one queue."""

    def __init__(self, port: int, clients: int, deadline: float) -> None:
        self.port, self.clients, self.deadline = port, clients, deadline
        self.latencies: list[float] = []
        self.errors: dict[int, int] = {}
        self.lock = threading.Lock()

    def run(self, jobs: queue.Queue[tuple[str, str, bytes | None, dict[str, str]]]) -> float:
        threads = [threading.Thread(target=self._client, args=(jobs,)) for _ in range(self.clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - start

    def _client(self, jobs: queue.Queue[tuple[str, str, bytes | None, dict[str, str]]]) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while time.perf_counter() < self.deadline:
            try:
                method, path, body, headers = jobs.get_nowait()
            except queue.Empty:
                break
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                reply = conn.getresponse()
                reply.read()
                status = reply.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                status = 0
            elapsed = time.perf_counter() - began
            with self.lock:
                if status in (200, 201):
                    self.latencies.append(elapsed)
                else:
                    self.errors[status] = self.errors.get(status, 0) + 1
        conn.close()

    def report(self, name: str, wall: float) -> float:
        done = len(self.latencies)
        rate = done / wall if wall else 0.0
        ordered = sorted(self.latencies) or [0.0]
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        errors = f", errors {self.errors}" if self.errors else ""
        print(f"  {name:<24} {done:>6} ok in {wall:5.1f} s = {rate:7.0f}/s   "
              f"p50 {p50:6.1f} ms   p99 {p99:6.1f} ms{errors}")  # fmt: skip
        return rate


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if server.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/version")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--baseline", type=int, default=8000, help="minimal JSON requests")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60, help="time limit per phase")
    args = parser.parse_args()

    with Database() as db:
        env = environment(db)
        print(f"database: {db.label}; gunicorn sync × {args.workers}; {args.clients} clients")
        run(env, "manage.py", "migrate", "-v0")
        seeded = json.loads(run(env, "manage.py", "shell", "-c", SEED.replace(
            "int(sys.argv[1])", str(args.submissions))).strip().splitlines()[-1])  # fmt: skip
        port = free_port()
        server = subprocess.Popen(
            [GUNICORN, "rangkul.wsgi", "-k", "sync", "-w", str(args.workers),
             "-b", f"{HOST}:{port}", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_until_up(port, server)
            baseline: queue.Queue[tuple[str, str, bytes | None, dict[str, str]]] = queue.Queue()
            for _ in range(args.baseline):
                baseline.put(("GET", "/api/v1/version", None, {}))
            load = Load(port, args.clients, time.perf_counter() + args.seconds)
            json_rate = load.report("GET /api/v1/version", load.run(baseline))

            jobs: queue.Queue[tuple[str, str, bytes | None, dict[str, str]]] = queue.Queue()
            for i, (assignment, token) in enumerate(seeded):
                body = json.dumps({"answers": answers(i)}).encode()
                headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
                jobs.put(("POST", f"/api/v1/assignments/{assignment}/submit", body, headers))
            load = Load(port, args.clients, time.perf_counter() + args.seconds)
            submit_rate = load.report("POST …/submit", load.run(jobs))
            if json_rate:
                print(f"  submissions / minimal JSON = {submit_rate / json_rate:.2f}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
