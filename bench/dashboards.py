"""Database time of each dashboard query, per view, on synthetic data (not part of `make test`).

    .venv/bin/python bench/dashboards.py                      # one school, SQLite temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/dashboards.py \
        --scale district                                       # a district, new PostgreSQL db
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf .venv/bin/python bench/dashboards.py \
        --ready                                                # data already generated there

Without --ready: makes a fresh database (a SQLite file in a temp directory, or a database
named bench_dashboards_<pid> on the DATABASE_URL server, dropped afterwards), migrates it
and fills it with `manage.py generate_data` at the chosen scale. With --ready: the database
of DATABASE_URL already holds `generate_data` rows (prefix `sint`); it is migrated and
kept.

Then, on the first school (and its district office, when there is one): the programme
cycle's demo (a needs survey of two classes and an approved semester programme, through
the services) when the school has none, one run of the rollup job, and each dashboard
page requested by the role that reads it, through the whole Django stack:

- counselor: the semester programme (realisation against plan) and the needs survey;
- principal: the school report and the indicators;
- coordinator: the school report, the semester programme and the needs survey;
- district analyst: the district report and the indicators.

Each query a page makes is timed by itself: a read is run again on its own and read to its
last row (Django's own timer stops before the rows are fetched, which on SQLite is most of
the work), a write as it ran. The median of --repeat requests after one warm-up; the least
of them is beside it (the machine is shared: the least run is closest to the query's own
cost). The goal is beside each page: counselor and school views at most 10 ms of database
time, district views at most 100 ms. --explain prints the plan of every read slower than 1 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHOOL_GOAL_MS = 10.0
DISTRICT_GOAL_MS = 100.0
PREFIX = "sint"


def _database(url: str | None) -> tuple[str, str | None]:
    """The DATABASE_URL of a fresh database and the admin URL to drop it (PostgreSQL)."""
    if not url:
        path = Path(tempfile.mkdtemp(prefix="rangkul-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}", None
    import psycopg

    parts = urlparse(url)
    name = f"bench_dashboards_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}")), url


def _drop(admin_url: str, fresh_url: str) -> None:
    import psycopg

    name = urlparse(fresh_url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["school", "district", "tiny"], default="school")
    parser.add_argument("--ready", action="store_true", help="DATABASE_URL already has data")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--explain", action="store_true", help="plans of reads over 1 ms")
    args = parser.parse_args()

    if args.ready:
        if not os.environ.get("DATABASE_URL"):
            parser.error("--ready needs DATABASE_URL")
        fresh, admin = os.environ["DATABASE_URL"], None
    else:
        fresh, admin = _database(os.environ.get("DATABASE_URL"))
    os.environ["DATABASE_URL"] = fresh
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rangkul.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not args.ready:
            call_command("generate_data", scale=args.scale, seed=args.seed, verbosity=0)
        print(f"{connection.vendor}: data ready in {time.perf_counter() - started:.0f} s")
        _run(args.repeat, args.explain)
    finally:
        connection.close()
        if admin:
            _drop(admin, fresh)


def _label(sql: str) -> str:
    """A short name of a statement: its verb, tables and grouping."""
    flat = " ".join(sql.split())
    verb = flat.split(" ", 1)[0].upper()
    tables = []
    for name in re.findall(r'(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', flat, flags=re.I):
        if name not in tables:
            tables.append(name)
    extra = " GROUP BY" if " GROUP BY " in flat.upper() else ""
    extra += " DISTINCT" if "DISTINCT" in flat.upper() else ""
    return f"{verb} {'+'.join(tables)}{extra}"


class Recorder:
    """Records each statement with its parameters and the time it took to execute."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, float]] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append((sql, params, (time.perf_counter() - started) * 1000))


def _replay(sql: str, params: Any) -> float:
    """A read run again on its own and read to the last row: its database time in ms."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        return (time.perf_counter() - started) * 1000


def _explain(sql: str, params: Any) -> str:
    from django.db import connection

    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join("      " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def _measure(client: Any, url: str, repeat: int, explain: bool) -> tuple[float, float]:
    """Prints the median and the least time of each query of a page; returns the page's
    median and least total."""
    from django.db import connection

    client.get(url)  # warm-up: caches, instrument definitions, the rollup mark
    runs: list[list[tuple[str, Any, float]]] = []
    status = 0
    for _ in range(repeat):
        recorder = Recorder()
        with connection.execute_wrapper(recorder):
            response = client.get(url)
        status = response.status_code
        timed = []
        for sql, params, took in recorder.calls:
            if sql.lstrip().upper().startswith("SELECT"):
                took = _replay(sql, params)
            timed.append((sql, params, took))
        runs.append(timed)
    totals = [sum(t for _s, _p, t in r) for r in runs]
    total = statistics.median(totals), min(totals)
    counts = {len(r) for r in runs}
    if len(counts) != 1:
        print(f"  GET {url} -> {status}, query counts varied: {sorted(counts)}")
        return total
    print(f"  GET {url} -> {status}, {len(runs[0])} queries (median, least ms of each)")
    for i, (sql, params, _t) in enumerate(runs[0]):
        ms = statistics.median(r[i][2] for r in runs)
        least = min(r[i][2] for r in runs)
        print(f"    {ms:8.2f} {least:8.2f} ms  {_label(sql)}")
        if explain and ms > 1 and sql.lstrip().upper().startswith("SELECT"):
            print(_explain(sql, params))
    return total


def _run(repeat: int, explain: bool) -> None:
    from datetime import timedelta

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from rangkul.accounts.models import Organisation, OrganisationKind, User
    from rangkul.programmes import demo
    from rangkul.programmes.models import NeedsSurvey, Programme
    from rangkul.reports.rollups import rebuild_activity_days, refresh_score_series
    from rangkul.screenings.models import ScreeningResponse

    school = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name").first()
    assert school is not None, "no school: run generate_data first"
    district = school.parent
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).count()
    print(f"responses: {ScreeningResponse.objects.count():,}; schools: {schools}")
    started = time.perf_counter()
    demo.seed(school)
    print(f"programme cycle demo for the first school in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    # The periodic job's first run reads everything; later runs read minutes of responses.
    refresh_score_series(timezone.now() + timedelta(minutes=5))
    print(f"semester rollup built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    # generate_data writes activities with past creation times, which the job's next run
    # would not read: every day is counted again, as `manage.py refresh_rollups --rebuild`.
    rebuild_activity_days(timezone.now() + timedelta(minutes=5))
    print(f"activity day rollup built in {time.perf_counter() - started:.1f} s")

    tag = school.name.split()[2]  # "SMA Sintetis <n> <prefix>"
    programme = Programme.objects.filter(organisation=school).first()
    survey = NeedsSurvey.objects.filter(organisation=school).first()
    cycle = []
    if programme is not None:
        cycle.append(reverse("programme", args=[programme.pk]))
    if survey is not None:
        cycle.append(reverse("needs_survey", args=[survey.pk]))
    views: list[tuple[str, str, list[str], float]] = [
        ("counselor", f"s{tag}-konselor0", cycle, SCHOOL_GOAL_MS),
        ("principal", f"s{tag}-kepsek", [reverse("reports"), reverse("reports_indicators")],
         SCHOOL_GOAL_MS),
        ("coordinator", f"s{tag}-koordinator", [reverse("reports"), *cycle], SCHOOL_GOAL_MS),
    ]  # fmt: skip
    if district is not None:
        views.append(
            ("district", "analis", [reverse("reports_district"), reverse("reports_indicators")],
             DISTRICT_GOAL_MS)
        )  # fmt: skip
    summary = []
    for view, username, urls, goal in views:
        user = User.objects.get(username=f"{PREFIX}-{username}")
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        print(f"\n{view} ({user.username})")
        for url in urls:
            summary.append((view, url, _measure(client, url, repeat, explain), goal))
    print(f"\n{'view':12} {'page':52} {'median':>8} {'least':>8}  goal")
    for view, url, (ms, least), goal in summary:
        verdict = "met" if ms <= goal else "met by the least run" if least <= goal else "NOT MET"
        print(f"{view:12} {url:52} {ms:8.1f} {least:8.1f}  <= {goal:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
