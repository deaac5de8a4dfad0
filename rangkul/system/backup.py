"""Backups of the whole database and their restoration (`manage.py backup` / `restore`).

SQLite: the online backup API copies a consistent snapshot while the site keeps running
(readers and the writer are not stopped). PostgreSQL: `pg_dump --format=custom`, restored
with `pg_restore --clean --if-exists`; the client tools come from Debian's
postgresql-client (scripts/system-deps.sh) and must be at least the server's version.

Encrypted columns stay encrypted in a backup: keep FIELD_ENCRYPTION_KEYS (every key that
made a row) wherever a backup may be restored, and never beside the backup itself.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import connections


def _engine(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if "sqlite3" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise CommandError(f"Backups support SQLite and PostgreSQL, not {engine}.")


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is missing: install Debian's postgresql-client.")
    return path


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the PostgreSQL client tools; the password goes through the
    environment, never the command line (which other users of the machine can read)."""
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def backup(path: Path, alias: str = "default") -> Path:
    """Write a backup of the database to `path`."""
    connection = connections[alias]
    db = connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if _engine(db) == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
        return path
    args, env = _pg_env(db)
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args]
    command += ["--file", str(path), f"--dbname={db['NAME']}"]
    # A list of arguments, no shell; the paths and names come from settings and the operator.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
    return path


def restore(path: Path, db: dict[str, Any]) -> None:
    """Replace the contents of the database described by `db` (a DATABASES entry) with the
    backup at `path`."""
    if not path.is_file():
        raise CommandError(f"No backup at {path}.")
    if _engine(db) == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(db["NAME"])
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError(f"{path} is not an intact SQLite database.")
            with target:
                source.backup(target)
        except sqlite3.DatabaseError as exc:
            raise CommandError(f"{path} is not a SQLite backup: {exc}") from exc
        finally:
            source.close()
            target.close()
        return
    args, env = _pg_env(db)
    command = [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += [*args, "--single-transaction", "--exit-on-error", "--dbname", str(db["NAME"])]
    command.append(str(path))
    # A list of arguments, no shell; the paths and names come from settings and the operator.
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
