"""CPU time per request of the hot paths, in process: far less sensitive to a busy machine
than requests per second.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/cpu_paths.py
    ... bench/cpu_paths.py --profile cases        # cProfile of one path, top 30 by own time
    ... bench/cpu_paths.py --only "submit,help request,message"   # some paths (and the floor)

The database must hold data from `manage.py generate_data` (the default prefix `sint`, any
scale). Calls the WSGI application (`rangkul.wsgi`, DEBUG off, both middleware chains)
directly, without a server, and for each path measures the application's CPU time
(`time.process_time`) and the CPU time of the PostgreSQL backend that served it (read from
`/proc/<backend pid>/stat`, so only when the database runs on this machine). Writes: a
campaign of PHQ-A assignments for the submissions, help requests and messages of the
first school's students (rows a real school would have; run it on a database kept for
benchmarks).

Paths: GET /api/v1/version (the floor), GET /api/v1/cases (counselor, page of 100), GET
/triage/ (counselor, session), GET /cases/<id>/ (counselor, the busiest case of theirs),
POST …/submit (student, one in ten critical), POST /api/v1/requests (student), POST
/api/v1/cases/<id>/messages (counselor, the busiest open case they lead). The goals
convert the ratios of issue #17 with the floor's ~0.9 ms of CPU a request on a quiet
2-core machine (docs/performance.md).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import benchenv  # noqa: E402

# Production settings; Django's test client calls the application as "testserver".
benchenv.apply(AXES_ENABLED="0")

PREFIX = "sint"
# Goals as CPU ms a request (application + database): the ratio goals of issue #17 over
# the floor's ~0.9 ms on a quiet machine of this kind.
GOALS = {"cases": 4.0, "triage": 5.0, "submit": 3.0}


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process on this machine; 0 when unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Caller:
    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(
        self, method: str, path: str, *, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, bytes]:
        query = ""
        if "?" in path:
            path, query = path.split("?", 1)
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            **headers,
        }
        if body:
            environ["CONTENT_TYPE"] = "application/json"
        status: list[str] = []

        def start_response(s: str, *_a: Any) -> None:
            status.append(s)

        result = self.app(environ, start_response)
        content = b"".join(result)
        result.close()
        return int(status[0].split()[0]), content


def prepare(count: int) -> dict[str, Any]:
    """Tokens, a session, a fresh PHQ-A campaign and the counselor's busiest case."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from rangkul.accounts.models import Organisation, User
    from rangkul.accounts.services import issue_api_token
    from rangkul.cases.models import OPEN_STATUSES, Case
    from rangkul.people.models import Person
    from rangkul.screenings import services

    counselor = User.objects.get(username=f"{PREFIX}-s1-konselor0")
    org = Organisation.objects.get(name__startswith="SMA Sintetis 1 ")
    session = SessionStore()
    session[SESSION_KEY] = str(counselor.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = counselor.get_session_auth_hash()
    session["rangkul_mfa_ok"] = True
    session.create()
    students = list(
        User.objects.filter(memberships__organisation=org, memberships__role="student").order_by(
            "username"
        )[:count]
    )
    people = list(Person.objects.filter(user__in=students))
    today = org.today()
    campaign = services.create_campaign(
        by=counselor, organisation=org, instrument="phqa", opens_on=today,
        closes_on=today + timedelta(days=1), people=people, title="bench " + uuid.uuid4().hex[:6],
    )  # fmt: skip
    tokens = {u.pk: issue_api_token(user=u)[0] for u in students}
    assignments = [
        (str(a.pk), tokens[a.person.user_id]) for a in campaign.assignments.select_related("person")
    ]
    theirs = Case.objects.filter(organisation=org, lead=counselor).annotate(n=Count("messages"))
    busiest = theirs.order_by("-n").first()
    # A message can only be written while the case is open.
    open_case = theirs.filter(status__in=OPEN_STATUSES).order_by("-n").first()
    return {
        "counselor_token": issue_api_token(user=counselor)[0],
        "cookie": f"sessionid={session.session_key}",
        "assignments": assignments,
        "student_tokens": list(tokens.values()),
        "case": str(busiest.pk) if busiest else "",
        "open_case": str(open_case.pk) if open_case else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="per path")
    parser.add_argument("--profile", default="", help="print a cProfile of this path")
    parser.add_argument("--dump", default="", help="with --profile: also write the raw stats here")
    parser.add_argument("--only", default="", help="comma-separated paths to measure")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database filled by generate_data.")

    from rangkul.wsgi import application  # noqa: I001 (sets Django up first)
    from django.core.management import call_command
    from django.db import connection

    from rangkul.lib import ratelimit

    # Pages need the hashed static files' manifest (as in production).
    call_command("collectstatic", interactive=False, verbosity=0)

    data = prepare(args.requests * 2)
    call = Caller(application)
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {data['counselor_token']}"}
    browser = {"HTTP_COOKIE": data["cookie"]}
    submissions = iter(enumerate(data["assignments"]))
    students = iter(data["student_tokens"] * 4)
    case = data["case"]

    def submit() -> tuple[int, bytes]:
        i, (assignment, token) = next(submissions)
        body = json.dumps({"answers": benchenv.phqa_answers(i)}).encode()
        return call("POST", f"/api/v1/assignments/{assignment}/submit",
                    headers={"HTTP_AUTHORIZATION": f"Bearer {token}"}, body=body)  # fmt: skip

    def help_request() -> tuple[int, bytes]:
        token = next(students)
        body = json.dumps({
            "domain": "personal", "urgency": "medium", "topic": "general",
            "text": f"Aku sering sulit tidur karena memikirkan ujian {uuid.uuid4().hex[:6]}",
        }).encode()  # fmt: skip
        return call("POST", "/api/v1/requests",
                    headers={"HTTP_AUTHORIZATION": f"Bearer {token}"}, body=body)  # fmt: skip

    def message() -> tuple[int, bytes]:
        body = json.dumps({"text": "Terima kasih sudah cerita, kita bicara besok ya."}).encode()
        return call(
            "POST", f"/api/v1/cases/{data['open_case']}/messages", headers=bearer, body=body
        )

    paths: dict[str, Callable[[], tuple[int, bytes]]] = {
        "version": lambda: call("GET", "/api/v1/version", headers={}),
        "cases": lambda: call("GET", "/api/v1/cases", headers=bearer),
        "triage": lambda: call("GET", "/triage/", headers=browser),
        "case page": lambda: call("GET", f"/cases/{case}/", headers=browser),
        "submit": submit,
        "help request": help_request,
        "message": message,
    }
    if args.only:
        # The floor is always measured: every figure is read against it.
        wanted = {"version", *args.only.split(",")}
        paths = {k: v for k, v in paths.items() if k in wanted}

    def backend_pid() -> int:
        connection.ensure_connection()
        return int(connection.connection.info.backend_pid)  # type: ignore[union-attr]

    def fresh_limits() -> None:
        # The message limit (60 in ten minutes a person) would answer 429 within a run:
        # the counts are cleared between rounds, outside the measured time, so every
        # measured request still pays for counting.
        ratelimit.reset()

    floor = 0.0
    print(f"CPU per request, in process, {args.requests} requests a path (ms; median of 5 rounds)")
    print(f"  {'path':<14} {'app':>7} {'database':>9} {'total':>7} {'× floor':>8}  status  goal")
    for name, fn in paths.items():
        fresh_limits()
        status, body = fn()  # warm
        if status >= 400:
            print(f"  {name:<14} answered {status}: {body[:200]!r}")
            continue
        app_ms: list[float] = []
        db_ms: list[float] = []
        per_round = max(1, args.requests // 5)
        codes: set[int] = set()
        for _round in range(5):
            fresh_limits()
            pid = backend_pid()
            cpu, db = time.process_time(), backend_cpu(pid)
            codes |= {fn()[0] for _ in range(per_round)}
            app_ms.append((time.process_time() - cpu) / per_round * 1000)
            db_ms.append((backend_cpu(pid) - db) / per_round * 1000)
        a, d = statistics.median(app_ms), statistics.median(db_ms)
        floor = floor or a + d
        times = (a + d) / floor
        goal = f"≤ {GOALS[name] / 0.9:.1f} × floor" if name in GOALS else ""
        print(f"  {name:<14} {a:7.2f} {d:9.2f} {a + d:7.2f} {times:8.1f}  {sorted(codes)}  {goal}")
        if name == args.profile:
            fresh_limits()
            profiler = cProfile.Profile(time.process_time)
            profiler.enable()
            for _ in range(per_round):
                fn()
            profiler.disable()
            if args.dump:
                profiler.dump_stats(args.dump)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(70)
            print(out.getvalue())
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
