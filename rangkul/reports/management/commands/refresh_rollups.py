"""Run the rollup job now: `manage.py refresh_rollups`, or `--rebuild` after a bulk load."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from rangkul.reports import rollups


class Command(BaseCommand):
    help = (
        "Fold new responses and activities into the report rollups now. --rebuild counts "
        "every activity day again (after generate_data or an import that wrote past rows)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        responses = rollups.refresh_score_series()
        if options["rebuild"]:
            rollups.rebuild_activity_days()
            self.stdout.write(f"responses read: {responses}; every activity day counted again")
            return
        days = rollups.refresh_activity_days()
        self.stdout.write(f"responses read: {responses}; activity days counted again: {days}")
