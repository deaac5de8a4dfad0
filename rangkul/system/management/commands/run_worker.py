from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run a task worker on the configured queue: the database (TASK_QUEUE=database) or "
        "Redis through RQ (TASK_QUEUE=redis). Run as many as needed, on any host."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Run until the queue is empty, then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend == "django_tasks_rq.RQBackend":
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=options["burst"],
            )
        else:
            call_command(
                "db_worker",
                queue_name="*",
                batch=options["burst"],
                startup_delay=False,
                reload=False,
            )
