import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from rangkul.system.schedule import periodic_jobs
from rangkul.system.scheduler import LostLock, build, run


class Command(BaseCommand):
    help = (
        "Run the scheduler that enqueues Rangkul's periodic jobs. Only the copy holding the "
        "scheduler lock schedules; other copies stand by."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="Print the jobs and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in build(periodic_jobs()).get_jobs():
                self.stdout.write(f"{job.id}: {job.trigger}")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        self.stdout.write("Scheduler started; Ctrl+C stops it.")
        try:
            run(periodic_jobs(), stop=stop, say=self.stdout.write)
        except KeyboardInterrupt:
            stop.set()
        except LostLock as exc:
            raise CommandError(str(exc)) from exc
