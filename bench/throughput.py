"""Requests per second of the hot paths as ratios to the floor of the same run, then the
query budget table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/throughput.py
    ... bench/throughput.py --seconds 5 --clients 64 --workers 4

The database must hold rows of `manage.py generate_data` (the default prefix `sint`, any
scale, `--password` given: the counselor signs in through the login form). Collects the
static files, serves the application with gunicorn sync workers (production settings,
DEBUG off) on a free 127.0.0.1 port and drives it with wrk (Debian package,
scripts/system-deps.sh), one phase after the other, once the floor's rate has settled
(3 s warm-up rounds until two agree within 10 %: each worker loads the detector's models as
it starts):

1. GET /api/v1/version, the floor (no database);
2. GET /api/v1/cases, a counselor's default page of 100 (bearer token);
3. GET /triage/, the counselor's triage page (session cookie);
4. GET /cases/<id>/, the page of the counselor's busiest case;
5. POST /api/v1/assignments/<id>/submit: PHQ-A answers of students of the first school,
   each assignment once (fresh campaigns made for the run), one in ten critical;
6. POST /api/v1/requests: students ask for help, each with its own client_token;
7. POST /api/v1/cases/<id>/messages: the counselors write on their open cases;
8. GET /api/v1/version again, to show how much the floor moved during the run.

Each phase prints requests/s, p50 and p99 latency, the answers by status code, its ratio
to the floor and the goal of issue #17 beside it. The load average is printed before and
after; figures taken while other work ran (load above 1.5 before the start) are flagged
as not comparable. Then the query budget table of tests/test_query_budgets.py measured on
this data. Prints figures; asserts nothing.

Writes (rows a school would have; run it on a database kept for benchmarks): API tokens,
one login session, the campaigns and their answers, the alerts of the critical answers,
help requests (withdrawn by their students after the run, so the triage queue keeps its
size) and messages. Rate limits are off in the served application (decision 0038).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import subprocess
import sys
import uuid
from itertools import zip_longest
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import benchenv  # noqa: E402
import wrkload  # noqa: E402
from wrkload import Job  # noqa: E402

ROOT = benchenv.ROOT
HOST = benchenv.HOST
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
PREFIX = "sint"
QUIET_LOAD = 1.5
# Two warm-up rounds of the floor within this share of each other: the workers have started.
SETTLED = 0.10
# A write is never faster than the floor; with this margin the jobs of a write phase
# (sized from the floor) do not run out.
JOB_MARGIN = 1.5
MAX_JOBS = 60_000
# Requests of each write path sent before the measured phases, and the time they get.
WARM = 40
WARM_SECONDS = 8

# Reads in manage.py shell (production settings): tokens, the cases to write on.
PREPARE = r"""
import json, os
from django.db import DatabaseError
from django.db.models import Count
from rangkul.accounts.models import Membership, Organisation, User
from rangkul.accounts.services import issue_api_token
from rangkul.cases.models import Case, CaseStatus

args = json.loads(os.environ["BENCH_ARGS"])
prefix = args["prefix"]
try:
    counselor = User.objects.filter(username=f"{prefix}-s1-konselor0").first()
    org = Organisation.objects.filter(name=f"SMA Sintetis 1 {prefix}").first()
except DatabaseError:  # not migrated
    counselor = org = None
if counselor is None or org is None:
    print("BENCH " + json.dumps({"missing": True}))
    raise SystemExit
busiest = (
    Case.objects.filter(organisation=org, lead=counselor)
    .annotate(n=Count("messages")).order_by("-n").first()
)
counselors = list(User.objects.filter(
    memberships__organisation=org, memberships__role="counselor").order_by("username"))
tokens = {u.pk: issue_api_token(user=u)[0] for u in counselors}
# Open cases led by the school's counselors, except the busiest one (its page is read in
# another phase, and messages written here would make it heavier run after run).
open_cases = [
    (str(pk), tokens[lead])
    for pk, lead in Case.objects.filter(
        organisation=org, lead__in=counselors, status__in=[CaseStatus.OPEN, CaseStatus.ACTIVE]
    ).exclude(pk=busiest.pk if busiest else None).values_list("pk", "lead_id")
]
students = list(User.objects.filter(
    memberships__organisation=org, memberships__role="student"
).order_by("username")[: args["askers"]])
print("BENCH " + json.dumps({
    "missing": False,
    "organisation": org.name,
    "schools": Organisation.objects.filter(name__startswith="SMA Sintetis ",
                                           name__endswith=f" {prefix}").count(),
    "students": Membership.objects.filter(organisation=org, role="student").count(),
    "counselor_token": tokens[counselor.pk],
    "case": str(busiest.pk) if busiest else "",
    "open_cases": open_cases,
    "askers": [issue_api_token(user=u)[0] for u in students],
}))
"""

# Fresh PHQ-A campaigns over the first school's students: `count` assignments, each
# answered once by the submission phase.
ASSIGNMENTS = r"""
import json, math, os
from datetime import timedelta
from rangkul.accounts.models import Organisation, User
from rangkul.accounts.services import issue_api_token
from rangkul.people.models import Person
from rangkul.screenings import queries, services

args = json.loads(os.environ["BENCH_ARGS"])
prefix, count = args["prefix"], args["count"]
org = Organisation.objects.get(name=f"SMA Sintetis 1 {prefix}")
counselor = User.objects.get(username=f"{prefix}-s1-konselor0")
people = list(Person.objects.filter(
    organisation=org, user__memberships__organisation=org, user__memberships__role="student"
).select_related("user").order_by("pk"))
today = org.today()
tokens = {}
rows = []
for n in range(math.ceil(count / max(1, len(people)))):
    campaign = services.create_campaign(
        by=counselor, organisation=org, instrument="phqa", opens_on=today,
        closes_on=today + timedelta(days=1), people=people[: count - len(rows)],
        title=f"{args['tag']}{n + 1}",
    )
    for a in campaign.assignments.select_related("person__user"):
        user = a.person.user
        if user.pk not in tokens:
            tokens[user.pk] = issue_api_token(user=user)[0]
        rows.append((str(a.pk), tokens[user.pk]))
print("BENCH " + json.dumps(rows))
"""

# After the run: the help requests go back out of the triage queue, withdrawn by the
# students who sent them, and the run's campaigns close.
CLEAN_UP = r"""
import json, os
from rangkul.cases.models import RequestStatus, SupportRequest
from rangkul.cases.services import withdraw_request
from rangkul.screenings.models import ScreeningCampaign
from rangkul.screenings.services import close_campaign

args = json.loads(os.environ["BENCH_ARGS"])
withdrawn = 0
for r in SupportRequest.objects.filter(
    client_token__startswith=args["tag"], status=RequestStatus.TRIAGE
).select_related("created_by"):
    withdraw_request(by=r.created_by, support_request=r)
    withdrawn += 1
closed = 0
for c in ScreeningCampaign.objects.filter(
    title__startswith=args["tag"], closed_at__isnull=True
).select_related("created_by"):
    close_campaign(by=c.created_by, campaign=c)
    closed += 1
print("BENCH " + json.dumps({"withdrawn": withdrawn, "closed": closed}))
"""

BUDGETS = r"""
from django.test.utils import setup_test_environment
setup_test_environment()
from rangkul.accounts.models import Organisation, User
from tests.test_query_budgets import BUDGETS, _busiest_case, measure, measure_as
org = Organisation.objects.get(name="SMA Sintetis 1 sint")
busiest = _busiest_case(org)
# The case pages of the table open the school's busiest case. When it is another
# counselor's, konselor0 would rightly get a 404: those pages are read by the counselor
# who leads that case instead, and the role column says so.
lead = None
if busiest is not None and busiest.lead.username != "sint-s1-konselor0" and not (
        busiest.team.filter(username="sint-s1-konselor0").exists()):
    lead = busiest.lead
CASE_PAGES = {"case", "case messages", "case older messages", "GET /api/v1/cases/{id}/messages"}

print(f"  {'page or list':<36} {'role':<12} {'queries':>8} {'budget':>7}")
for budget in BUDGETS:
    role = budget.role
    try:
        if lead is not None and budget.name in CASE_PAGES:
            status, n = measure_as(lead, budget.url(org))
            role = lead.username.removeprefix("sint-s1-")
        else:
            status, n = measure(org, "sint", budget)
    except User.DoesNotExist:
        print(f"  {budget.name:<36} {budget.role:<12} {'-':>8} {budget.queries:>7}"
              "  (no such account at this scale)")
        continue
    flag = ""
    if status != 200:
        flag = f"  <- answered {status}"
    elif n > budget.queries:
        flag = "  <- over budget"
    print(f"  {budget.name:<36} {role:<12} {n:>8} {budget.queries:>7}{flag}")
"""

HELP_TEXTS = [
    "Aku sering sulit tidur karena memikirkan ujian",
    "Aku merasa tidak punya teman dekat di kelas",
    "Orang tuaku sering bertengkar dan aku jadi susah fokus belajar",
    "Aku bingung memilih jurusan kuliah",
    "Nilai matematikaku turun terus dan aku takut dimarahi",
]
MESSAGE_TEXTS = [
    "Terima kasih sudah cerita, kita bicara besok ya.",
    "Bagaimana tidurmu minggu ini?",
    "Aku sudah menyiapkan jadwal pertemuan kita hari Kamis.",
]


def shell_text(env: dict[str, str], code: str, **args: Any) -> str:
    """What `code` prints in manage.py shell (production settings)."""
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT, env=env | {"BENCH_ARGS": json.dumps(args)},
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"manage.py shell failed:\n{done.stderr[-3000:]}")
    return done.stdout.rstrip()


def shell(env: dict[str, str], code: str, **args: Any) -> Any:
    """The JSON that `code` prints after "BENCH " in manage.py shell."""
    found = re.findall(r"^BENCH (.*)$", shell_text(env, code, **args), re.M)
    if not found:
        sys.exit("manage.py shell printed no result")
    return json.loads(found[-1])


def login(port: int, username: str, password: str) -> str:
    """A session cookie, through the real login form."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/login/")
    page = conn.getresponse()
    body = page.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf or not token:
        sys.exit("could not read the login form")
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    )
    conn.request(
        "POST", "/login/", body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": f"csrftoken={csrf.group(1)}", "Referer": f"http://{HOST}:{port}/"},
    )  # fmt: skip
    reply = conn.getresponse()
    reply.read()
    session = re.search(r"sessionid=([^;]+)", reply.getheader("Set-Cookie") or "")
    if reply.status != 302 or not session:
        sys.exit(f"login failed ({reply.status}); was generate_data run with --password?")
    return f"sessionid={session.group(1)}; csrftoken={csrf.group(1)}"


def bearer_of(token: str) -> str:
    return f"Authorization: Bearer {token}"


def load(figures: tuple[float, float, float]) -> str:
    return " ".join(f"{x:.2f}" for x in figures) + " (1, 5, 15 minutes)"


def goal_text(result: wrkload.Result, floor: float, goal: tuple[float, float | None]) -> str:
    ratio, p99 = goal
    text = f"≥ {ratio:.2f} ×" + (f", p99 ≤ {p99:.0f} ms" if p99 else "")
    met = result.rate / floor >= ratio and (p99 is None or result.p99 <= p99)
    return f"{text}: {'met' if met else 'not met'}"


def sized(floor: float, seconds: int) -> int:
    """Jobs for a write phase: more than even the floor's rate could send in `seconds`."""
    return min(MAX_JOBS, max(500, math.ceil(floor * seconds * JOB_MARGIN)))


def settle_floor(base: str, job: Job, connections: int, rounds: int = 8) -> int:
    """Warm-up rounds of 3 s on the floor until two in a row agree within SETTLED; the
    seconds spent."""
    previous = 0.0
    for done in range(1, rounds + 1):
        rate = wrkload.run("warm-up", base, [job], seconds=3, connections=connections).rate
        if previous and abs(rate - previous) <= SETTLED * max(rate, previous):
            return done * 3
        previous = rate
    return rounds * 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--password", default="demo12345", help="generate_data --password")
    parser.add_argument("--clients", type=int, default=64, help="wrk connections")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each phase")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database filled by `manage.py generate_data "
            "--password ...` (docs/performance.md, Benchmarks)."
        )
    wrkload.wrk_path()

    before = os.getloadavg()
    # The few accounts of the run send far more than the per-person limits allow a
    # person; the limits are off so that every message is a real one (decision 0038).
    env = benchenv.production_env(RATE_LIMITS_ENABLED="0")
    tag = f"bench-{uuid.uuid4().hex[:8]}-"
    data = shell(env, PREPARE, prefix=PREFIX, askers=200)
    if data["missing"]:
        sys.exit(
            f"No `generate_data` rows with the prefix {PREFIX} in this database: run "
            "`DJANGO_DEBUG=1 manage.py migrate` and `DJANGO_DEBUG=1 manage.py generate_data "
            "--scale school --password demo12345` on it."
        )
    # Pages need the hashed static files' manifest (as in production).
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=600,
    )  # fmt: skip
    db = urlparse(url)
    print(
        f"Rangkul throughput: gunicorn sync × {args.workers}, wrk 2 threads × {args.clients} "
        f"connections, {args.seconds} s a phase, loopback"
    )
    print(
        f"database: {db.path.lstrip('/')} on {db.hostname} ({data['schools']} generated "
        f"school(s); {data['organisation']}: {data['students']} students)"
    )
    print(f"load average before: {load(before)}")
    if before[0] > QUIET_LOAD:
        print(
            f"  WARNING: load above {QUIET_LOAD} before the start: other work is running, "
            "these figures are not comparable with a quiet machine's"
        )
    print("\n" + wrkload.Result.HEADER + " (status×count); goal of issue #17")

    port = wrkload.free_port()
    server = subprocess.Popen(
        [GUNICORN, "rangkul.wsgi", "-k", "sync", "-w", str(args.workers),
         "-b", f"{HOST}:{port}", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"

    def report(result: wrkload.Result, floor: float | None, goal: str = "") -> None:
        print(result.line(floor) + (f"   goal {goal}" if goal else ""))
        for note in result.notes():
            print(f"      ({note})")

    try:
        wrkload.wait_until_up(port, server)
        cookie = login(port, f"{PREFIX}-s1-konselor0", args.password)
        bearer = bearer_of(data["counselor_token"])
        browser = f"Cookie: {cookie}"
        case = data["case"]
        reads = [
            Job("GET", "/api/v1/version"),
            Job("GET", "/api/v1/cases", bearer),
            Job("GET", "/triage/", browser),
        ] + ([Job("GET", f"/cases/{case}/", browser)] if case else [])
        # Every worker imports, compiles its templates and opens its connection first.
        wrkload.run("warm-up", base, reads, seconds=3, connections=8)
        # Each worker also loads the crisis detector's models as it starts (rangkul/wsgi.py),
        # some seconds of CPU each: the floor is measured once its rate has settled, or the
        # first floor is taken while workers are still starting.
        settled = settle_floor(base, reads[0], args.clients)
        print(f"  (floor settled after {settled} s of warm-up)")

        def phase(name: str, jobs: list[Job], once: bool = False) -> wrkload.Result:
            return wrkload.run(
                name, base, jobs, seconds=args.seconds, connections=args.clients, once=once
            )

        floor_result = phase("GET /api/v1/version (floor)", [reads[0]])
        floor = floor_result.rate
        report(floor_result, None)
        cases = phase("GET /api/v1/cases (page of 100)", [reads[1]])
        at = "" if args.clients == 64 else " (set for 64 connections)"
        report(cases, floor, goal_text(cases, floor, (0.25, 100.0)) + at)
        triage = phase("GET /triage/", [reads[2]])
        report(triage, floor, goal_text(triage, floor, (0.2, None)))
        if case:
            report(phase("GET /cases/<id>/ (busiest case)", [reads[3]]), floor)

        # The write phases' jobs; WARM of each go to a warm-up first (not measured): the
        # first help request of a worker loads the safety model, seconds on a busy machine.
        askers = data["askers"]

        def submission(i: int, pk: str, token: str) -> Job:
            body = json.dumps({"answers": benchenv.phqa_answers(i)})
            return Job("POST", f"/api/v1/assignments/{pk}/submit", bearer_of(token), body)

        def help_request(i: int) -> Job:
            body = json.dumps({
                "domain": "personal", "urgency": "medium", "topic": "general",
                "helper_choice": "counselor", "client_token": f"{tag}{i}",
                "text": f"{HELP_TEXTS[i % len(HELP_TEXTS)]} ({i})",
            })  # fmt: skip
            return Job("POST", "/api/v1/requests", bearer_of(askers[i % len(askers)]), body)

        def message(i: int) -> Job:
            pk, token = data["open_cases"][i % len(data["open_cases"])]
            body = json.dumps({"text": MESSAGE_TEXTS[i % len(MESSAGE_TEXTS)]})
            return Job("POST", f"/api/v1/cases/{pk}/messages", bearer_of(token), body)

        count = sized(floor, args.seconds)
        assignments = shell(env, ASSIGNMENTS, prefix=PREFIX, count=count + WARM, tag=tag)
        submissions = [submission(i, pk, token) for i, (pk, token) in enumerate(assignments)]
        requests = [help_request(i) for i in range(count + WARM)]
        messages = [message(i) for i in range(count + WARM)] if data["open_cases"] else []
        # Interleaved, so that every worker meets every path.
        warm = [j for jobs in zip_longest(submissions[-WARM:], requests[-WARM:],
                                          messages[-WARM:]) for j in jobs if j]  # fmt: skip
        wrkload.run("warm-up", base, warm, seconds=WARM_SECONDS, connections=8, once=True)

        submit = phase("POST …/submit (1 in 10 critical)", submissions[:-WARM], once=True)
        report(submit, floor, goal_text(submit, floor, (0.30, None)))
        report(phase("POST /api/v1/requests", requests[:-WARM], once=True), floor)
        if messages:
            report(phase("POST /api/v1/cases/<id>/messages", messages[:-WARM]), floor)

        report(phase("GET /api/v1/version (again)", [reads[0]]), floor)
        after = os.getloadavg()
        print(f"load average after:  {load(after)}, this run's own work included")
    finally:
        server.terminate()
        server.wait(timeout=30)
        # Also when a phase failed: the triage queue keeps its size for the next run.
        cleaned = shell(env, CLEAN_UP, tag=tag)
        print(
            f"afterwards: {cleaned['withdrawn']} help requests withdrawn, "
            f"{cleaned['closed']} campaigns closed"
        )
    print(f"\nQuery budgets (tests/test_query_budgets.py) on {data['organisation']}:")
    print(shell_text(env, BUDGETS))


if __name__ == "__main__":
    main()
