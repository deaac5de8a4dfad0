"""`manage.py backup` and `restore`: a backup restored into a fresh database holds the
same data (encrypted columns stay encrypted and still read with the keys)."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import make_school
from rangkul.accounts.tests.factories import OrganisationFactory
from rangkul.cases import services
from rangkul.lib import crypto

TEXT = "Aku nggak bisa tidur memikirkan ujian besok"


def _world() -> Any:
    school = make_school(OrganisationFactory(name="Dinas Uji", kind="authority", npsn=""), 1)
    services.submit_request(
        by=school.siswa, organisation=school.org, text=TEXT, domain="learning", urgency="medium"
    )
    return school


def _live_rows() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM accounts_user")
        users = cursor.fetchone()[0]
        cursor.execute("SELECT text FROM cases_supportrequest")
        token = cursor.fetchone()[0]
    return users, token


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_a_fresh_database(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite run")
    _world()
    users, token = _live_rows()
    dump = tmp_path / "rangkul.sqlite3"
    call_command("backup", "--output", str(dump))
    fresh = tmp_path / "fresh.sqlite3"
    with pytest.raises(CommandError):
        call_command("restore", str(dump), "--database-url", f"sqlite:///{fresh}")  # no --yes
    call_command("restore", str(dump), "--database-url", f"sqlite:///{fresh}", "--yes")
    restored = sqlite3.connect(fresh)
    assert restored.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0] == users
    stored = restored.execute("SELECT text FROM cases_supportrequest").fetchone()[0]
    restored.close()
    assert stored == token and TEXT not in stored
    assert crypto.decrypt(stored) == TEXT


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite run")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(bad), "--database-url", f"sqlite:///{tmp_path}/x", "--yes")


@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_a_fresh_database(tmp_path: Path) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run")
    import psycopg

    _world()
    users, token = _live_rows()
    dump = tmp_path / "rangkul.dump"
    call_command("backup", "--output", str(dump))
    db = connection.settings_dict
    name = f"{db['NAME']}_restored"
    admin_url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/postgres"
    with psycopg.connect(admin_url, autocommit=True, password=db.get("PASSWORD") or None) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        call_command("restore", str(dump), "--database-url", url, "--yes")
        target = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        with psycopg.connect(target, password=db.get("PASSWORD") or None) as c:
            assert c.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0] == users
            stored = c.execute("SELECT text FROM cases_supportrequest").fetchone()[0]
        assert stored == token and crypto.decrypt(stored) == TEXT
    finally:
        with psycopg.connect(admin_url, autocommit=True, password=db.get("PASSWORD") or None) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
