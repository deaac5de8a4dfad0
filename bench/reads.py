"""Query plans of the main lists at scale: is each served by its index, and how long does
the database take.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/reads.py

The database must hold rows of `manage.py generate_data` (the default prefix `sint`, any
scale; district scale is where a missing index shows). Runs EXPLAIN ANALYZE, in process
with production settings, of the first school's lists as its first counselor reads them,
and prints each list's database time, the indexes it used and the tables it scanned
whole. Reads only. Throughput and the query budget table are in bench/throughput.py.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import benchenv  # noqa: E402

PREFIX = "sint"
INDEX_USED = r"Index (?:Only )?Scan (?:Backward )?using (\w+)|Bitmap Index Scan on (\w+)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database filled by `manage.py generate_data` "
            "(docs/performance.md, Benchmarks)."
        )
    benchenv.apply()
    import django

    django.setup()
    from django.db import DatabaseError
    from django.db.models import Count

    from rangkul.accounts.models import Organisation, User
    from rangkul.audit.models import AuditEvent
    from rangkul.cases import queries as cases
    from rangkul.cases.models import Case
    from rangkul.screenings import queries as screenings

    try:
        user = User.objects.filter(username=f"{PREFIX}-s1-konselor0").first()
        org = Organisation.objects.filter(name=f"SMA Sintetis 1 {PREFIX}").first()
    except DatabaseError:  # not migrated
        user = org = None
    if user is None or org is None:
        sys.exit(f"No `generate_data` rows with the prefix {PREFIX} in this database.")
    busiest = (
        Case.objects.filter(organisation=org, lead=user)
        .annotate(n=Count("messages"))
        .order_by("-n")
        .first()
    )
    lists = {
        "cases (counselor, page of 100)": cases.case_listing(user, org).queryset[:100],
        "responses (counselor, page of 100)": screenings.visible_responses(user, org.id)[:100],
        "messages of their busiest case (100)": cases.thread(user, busiest)[:100]
        if busiest
        else None,
        "triage queue": cases.triage_queue(user, org.id),
        "organisation log (100)": AuditEvent.objects.filter(organisation=org).order_by("-at")[:100],
    }
    print(f"Query plans (EXPLAIN ANALYZE) of {org.name}, as {user.username} reads them:")
    print(f"  {'list':<36} {'database':>10}  plan")
    for name, qs in lists.items():
        if qs is None:
            continue
        plan = qs.explain(analyze=True)
        index = sorted({a or b for a, b in re.findall(INDEX_USED, plan)})
        seq = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
        took = re.search(r"Execution Time: ([\d.]+) ms", plan)
        print(
            f"  {name:<36} {took.group(1) if took else '?':>7} ms  "
            f"indexes: {', '.join(index) or '-'}; whole tables: {', '.join(seq) or '-'}"
        )


if __name__ == "__main__":
    main()
