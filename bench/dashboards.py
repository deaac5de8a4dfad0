"""Database time of each report query, on synthetic data (not part of `make test`).

    .venv/bin/python bench/dashboards.py                      # one school, SQLite temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/dashboards.py \
        --scale district                                       # a district, new PostgreSQL db

Makes a fresh database (a SQLite file in a temp directory, or a database named
bench_dashboards_<pid> on the DATABASE_URL server, dropped afterwards), migrates it, fills it
with `manage.py generate_data` at the chosen scale, then builds every table of the report
pages for one school (and, at district scale, for the district office) and prints the sum of
the database time of its queries (the median of --repeat runs after one warm-up), the number
of queries, and whether it meets the goal: school views under 10 ms, district views under
100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHOOL_GOAL_MS = 10.0
DISTRICT_GOAL_MS = 100.0


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


def _measure(build, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build()  # warm-up: caches, instrument definitions
    times, count = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            build()
        times.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        count = len(ctx.captured_queries)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["school", "district", "tiny"], default="school")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

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
        call_command("generate_data", scale=args.scale, seed=args.seed, verbosity=0)
        print(f"{connection.vendor}, {args.scale}: data ready in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        _run(args.repeat)
    finally:
        connection.close()
        if admin:
            _drop(admin, fresh)


def _run(repeat: int) -> None:
    from rangkul.accounts.models import Organisation, OrganisationKind
    from rangkul.reports.filters import default_filters
    from rangkul.reports.permissions import Scope
    from rangkul.reports.tables import TABLES, Report
    from rangkul.screenings.models import ScreeningResponse

    school = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name").first()
    district = Organisation.objects.filter(kind=OrganisationKind.AUTHORITY).first()
    assert school is not None
    print(f"responses in the database: {ScreeningResponse.objects.count():,}")
    from datetime import timedelta

    from django.utils import timezone

    from rangkul.reports.rollups import refresh_score_series

    started = time.perf_counter()
    # The periodic job's first run reads everything; later runs read minutes of responses.
    refresh_score_series(timezone.now() + timedelta(minutes=5))
    print(f"semester rollup built in {time.perf_counter() - started:.1f} s")
    scopes = [("school", Scope("school", school, [school.id]), SCHOOL_GOAL_MS)]
    if district is not None and district.children.count() > 1:
        children = list(district.children.values_list("id", flat=True))
        scopes.append(("district", Scope("district", district, children), DISTRICT_GOAL_MS))
    print(f"{'view':10} {'table':16} {'db ms':>9} {'queries':>8}  goal")
    for view, scope, goal in scopes:
        for key, spec in TABLES.items():
            if spec.district_only and not scope.is_district:
                continue
            if spec.identifiable and scope.is_district:
                continue

            def build(spec=spec, scope=scope):
                spec.build(Report(scope, default_filters()))

            ms, count = _measure(build, repeat)
            verdict = "ok" if ms < goal else f"MISSES {goal:.0f} ms"
            print(f"{view:10} {key:16} {ms:9.1f} {count:8d}  {verdict}")


if __name__ == "__main__":
    main()
