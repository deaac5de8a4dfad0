"""`manage.py backup [--output FILE]`: a consistent copy of the whole database."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from rangkul.system import backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup, or pg_dump for PostgreSQL)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", help="The file to write (default: var/backups/...).")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
        default = Path(settings.BASE_DIR) / "var" / "backups" / f"rangkul-{stamp}.{suffix}"
        path = backup.backup(Path(options["output"]) if options["output"] else default)
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size} bytes).")
