"""`manage.py restore FILE --yes [--database-url URL]`: replace a database with a backup.

Without `--database-url` the configured database is replaced: stop the web server, the
worker and the scheduler first.
"""

from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from rangkul.system import backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (replaces the database's contents)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the configured one "
            "(sqlite:///path or postgres://...), e.g. to check a backup.",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the database may be replaced."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("Restoring replaces the database's contents: add --yes.")
        if options["database_url"]:
            target = dict(dj_database_url.parse(options["database_url"]))
        else:
            target = dict(connections["default"].settings_dict)
            connections.close_all()
        backup.restore(Path(options["path"]), target)
        self.stdout.write(f"Restored {options['path']} into {target['NAME']}.")
