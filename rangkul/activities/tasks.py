from django_tasks import task

from rangkul.activities.services import send_due_reminders


@task()
def send_appointment_reminders() -> int:
    """Periodic: remind people of appointments in the next 24 hours, once each."""
    return send_due_reminders()
