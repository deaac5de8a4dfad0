"""Background work of the screenings app (the scheduler enqueues; workers run)."""

from django_tasks import task

from rangkul.screenings.services import forget_expired_drafts


@task()
def unlink_expired_anonymous_drafts() -> int:
    """Daily: erase the draft keys of anonymous campaigns past their closing date."""
    return forget_expired_drafts()
