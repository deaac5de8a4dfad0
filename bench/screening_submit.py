"""Screening submissions per second through the API, next to a minimal JSON endpoint.

    .venv/bin/python bench/screening_submit.py                 # SQLite file in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/screening_submit.py
    .venv/bin/python bench/screening_submit.py --submissions 3000 --clients 32 --workers 4

Starts the app with gunicorn sync workers on a free 127.0.0.1 port against a fresh
database (a new SQLite file, or a new PostgreSQL database on the DATABASE_URL server,
dropped afterwards), seeds a school with students, a PHQ-A campaign and one API token
per student, then:

1. the floor: GET /api/v1/version (no database), driven by wrk;
2. submissions: POST /api/v1/assignments/{id}/submit with complete answers (every tenth
   one critical, so it raises an alert), each assignment once, driven by wrk with a Lua
   script that hands each connection the next assignment and its student's token.

wrk (Debian package, scripts/system-deps.sh) is the load generator because a Python
client cannot drive the floor past ~1,500 requests/s and so flatters the ratio. Prints
requests per second and p50/p99 latency for both and their ratio (goal ≥ 0.30). Bounded
in time; talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import wrkload  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=6000, help="assignments seeded")
    parser.add_argument("--clients", type=int, default=64, help="wrk connections")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10, help="duration of each phase")
    args = parser.parse_args()

    with Database() as db:
        env = environment(db)
        print(
            f"database: {db.label}; gunicorn sync × {args.workers}; wrk, {args.clients} connections"
        )
        run(env, "manage.py", "migrate", "-v0")
        seeded = json.loads(run(env, "manage.py", "shell", "-c", SEED.replace(
            "int(sys.argv[1])", str(args.submissions))).strip().splitlines()[-1])  # fmt: skip
        port = wrkload.free_port()
        server = subprocess.Popen(
            [GUNICORN, "rangkul.wsgi", "-k", "sync", "-w", str(args.workers),
             "-b", f"{HOST}:{port}", "--log-level", "warning", "--timeout", "120"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        base = f"http://{HOST}:{port}"
        try:
            wrkload.wait_until_up(port, server)
            wrkload.run("warm-up", f"{base}/api/v1/version", seconds=2, connections=8)
            floor = wrkload.run(
                "GET /api/v1/version", f"{base}/api/v1/version",
                seconds=args.seconds, connections=args.clients,
            )  # fmt: skip
            print(floor.line())
            jobs = [
                ("POST", f"/api/v1/assignments/{assignment}/submit", token,
                 json.dumps({"answers": answers(i)}))
                for i, (assignment, token) in enumerate(seeded)
            ]  # fmt: skip
            submit = wrkload.run(
                "POST …/submit (1 in 10 critical)", base,
                seconds=args.seconds, connections=args.clients, jobs=jobs,
            )  # fmt: skip
            print(submit.line(floor.rate))
            if submit.requests > len(jobs):
                print(f"  (only {len(jobs)} assignments: later requests answered 409)")
            print(f"  submissions / version = {submit.rate / floor.rate:.2f} (goal ≥ 0.30)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
