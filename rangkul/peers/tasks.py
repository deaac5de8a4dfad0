from django_tasks import task

from rangkul.peers.services import send_expiry_reminders


@task()
def remind_expiring_certificates() -> int:
    """Daily: tell peers and coordinators that a peer's certificate expires soon."""
    return send_expiry_reminders()
