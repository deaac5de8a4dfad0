from django_tasks import task

from rangkul.violence import throttle
from rangkul.violence.services import remind_and_escalate


@task()
def remind_violence_steps() -> list[int]:
    """Periodic (every 15 minutes): remind owners of steps falling due; escalate overdue
    steps to the principal and the district task force."""
    return list(remind_and_escalate())


@task()
def prune_report_attempts() -> int:
    """Periodic (hourly): forget rate-limit counts older than their window."""
    return throttle.prune()
