from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rangkul.system.demo import seed


class Command(BaseCommand):
    help = "Load the demo organisations, users and people (idempotent; for local use)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Load even though DEBUG is off.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo data has known passwords; refusing because DEBUG is off. "
                "Use --force only on a machine nobody else can reach."
            )
        logins = seed()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Logins (one per role):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.role:<18} {login.organisation}")
        self.stdout.write(f"Password for every demo account: {settings.DEMO_PASSWORD}")
