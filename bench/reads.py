"""Read paths at scale: throughput against the floor, query plans, query budgets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/reads.py

The database must hold data from `manage.py generate_data` (school or district scale,
`--password` given, the default prefix `sint`); nothing is written to it except one API
token and one login session. Serves it with gunicorn sync workers (DEBUG off) on a free
127.0.0.1 port and, with wrk (Debian package, scripts/system-deps.sh):

1. GET /api/v1/version (the floor, no database);
2. GET /api/v1/cases (a counselor's default page, bearer token), goal ≥ 0.25 × the floor
   and p99 ≤ 100 ms at 64 connections;
3. GET /triage/ (the counselor's triage page, logged-in session), goal ≥ 0.2 × the floor.

Then, in process: EXPLAIN ANALYZE of the main lists of the first school (is each served
by its index, how long does the database take) and the query budget table of
tests/test_query_budgets.py measured on this data. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import wrkload  # noqa: E402

PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"
PREFIX = "sint"
COUNSELOR = f"{PREFIX}-s1-konselor0"

TOKEN = f"""
from rangkul.accounts.models import User
from rangkul.accounts.services import issue_api_token
print(issue_api_token(user=User.objects.get(username="{COUNSELOR}"))[0])
"""

PLANS = f"""
import time
from django.db import connection
from rangkul.accounts.models import Organisation, User
from rangkul.audit.models import AuditEvent
from rangkul.cases import queries as cases
from rangkul.cases.models import Case
from rangkul.screenings import queries as screenings

user = User.objects.get(username="{COUNSELOR}")
coordinator = User.objects.get(username="{PREFIX}-s1-koordinator")
org = Organisation.objects.get(name__startswith="SMA Sintetis 1 ")
busiest = Case.objects.filter(organisation=org).order_by("-opened_at").first()
lists = {{
    "cases (counselor, page of 100)": cases.case_listing(user, org).queryset[:100],
    "responses (counselor, page of 100)": screenings.visible_responses(user, org.id)[:100],
    "messages of a case (100)": cases.thread(user, busiest)[:100],
    "triage queue": cases.triage_queue(user, org.id),
    "organisation log (100)": AuditEvent.objects.filter(organisation=org).order_by("-at")[:100],
}}
for name, qs in lists.items():
    if qs is None:
        continue
    plan = qs.explain(analyze=True)
    index = sorted(set(re.findall(r"Index (?:Only )?Scan (?:Backward )?using (\\w+)", plan)))
    seq = sorted(set(re.findall(r"Seq Scan on (\\w+)", plan)))
    took = re.search(r"Execution Time: ([\\d.]+) ms", plan)
    print(f"  {{name:<36}} {{took.group(1) if took else '?':>8}} ms  "
          f"indexes: {{', '.join(index) or '-'}}; seq scans: {{', '.join(seq) or '-'}}")
"""

BUDGETS = """
from django.test.utils import setup_test_environment
setup_test_environment()
from rangkul.accounts.models import Organisation
from tests.test_query_budgets import BUDGETS, measure
org = Organisation.objects.get(name__startswith="SMA Sintetis 1 ")
print(f"  {'page or list':<36} {'queries':>8} {'budget':>7}")
for budget in BUDGETS:
    status, n = measure(org, "sint", budget)
    flag = ""
    if status != 200:
        flag = f"  <- answered {status}"
    elif n > budget.queries:
        flag = "  <- over budget"
    print(f"  {budget.name:<36} {n:>8} {budget.queries:>7}{flag}")
"""


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "0",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    return env


def shell(env: dict[str, str], code: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"manage.py shell failed:\n{done.stderr[-3000:]}")
    return "\n".join(line for line in done.stdout.splitlines() if not line.startswith("Step "))


def login(port: int, password: str) -> str:
    """A session cookie for the counselor, through the real login form."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/login/")
    page = conn.getresponse()
    body = page.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf or not token:
        sys.exit("could not read the login form")
    form = urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": COUNSELOR, "password": password}
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--password", default="demo12345", help="generate_data --password")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database filled by generate_data.")
    env = environment()
    # Pages need the hashed static files' manifest (as in production).
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True, timeout=600,
    )  # fmt: skip
    token = shell(env, TOKEN).strip().splitlines()[-1]
    port = wrkload.free_port()
    server = subprocess.Popen(
        [GUNICORN, "rangkul.wsgi", "-k", "sync", "-w", str(args.workers),
         "-b", f"{HOST}:{port}", "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://{HOST}:{port}"
    try:
        wrkload.wait_until_up(port, server)
        cookie = login(port, args.password)
        print(
            f"gunicorn sync × {args.workers}, wrk {args.clients} connections, {args.seconds} s each"
        )
        wrkload.run("warm-up", f"{base}/api/v1/version", seconds=2, connections=8)
        floor = wrkload.run("GET /api/v1/version", f"{base}/api/v1/version",
                            seconds=args.seconds, connections=args.clients)  # fmt: skip
        print(floor.line())
        cases = wrkload.run(
            "GET /api/v1/cases (page of 100)", f"{base}/api/v1/cases",
            seconds=args.seconds, connections=args.clients,
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        print(cases.line(floor.rate) + "   goal ≥ 0.25 ×, p99 ≤ 100 ms")
        triage = wrkload.run(
            "GET /triage/", f"{base}/triage/",
            seconds=args.seconds, connections=args.clients, headers={"Cookie": cookie},
        )  # fmt: skip
        print(triage.line(floor.rate) + "   goal ≥ 0.2 ×")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("\nQuery plans (EXPLAIN ANALYZE, first school):")
    print(shell(env, PLANS.replace("import time", "import re, time")))
    print("\nQuery budgets (tests/test_query_budgets.py) on this data:")
    print(shell(env, BUDGETS))


if __name__ == "__main__":
    main()
