from django_tasks import task

from rangkul.safety.escalation import escalate_overdue


@task()
def escalate_overdue_alerts() -> int:
    """Periodic (every minute): move unacknowledged alerts up the ladder."""
    return escalate_overdue()
