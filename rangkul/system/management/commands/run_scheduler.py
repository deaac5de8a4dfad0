import contextlib
import logging
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from rangkul.system.schedule import periodic_jobs

log = logging.getLogger(__name__)


def _enqueue(task: Any) -> None:
    close_old_connections()
    result = task.enqueue()
    log.info("Enqueued %s as %s", task.name, result.id)


class Command(BaseCommand):
    help = "Run the scheduler that enqueues Rangkul's periodic jobs (run exactly one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--list", action="store_true", help="Print the jobs and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        scheduler = BlockingScheduler(timezone=settings.TIME_ZONE)
        for task, trigger, kwargs in periodic_jobs():
            if trigger == "interval":
                # Interval jobs run once at start-up too, so health is known at once.
                kwargs = {**kwargs, "next_run_time": timezone.now()}
            scheduler.add_job(
                _enqueue,
                trigger,
                args=[task],
                id=task.name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=60,
                **kwargs,
            )
        if options["list"]:
            for job in scheduler.get_jobs():
                self.stdout.write(f"{job.id}: {job.trigger}")
            return
        self.stdout.write("Scheduler started; Ctrl+C stops it.")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
