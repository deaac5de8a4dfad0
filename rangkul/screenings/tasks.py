"""Background work of the screenings app (the scheduler enqueues; workers run)."""

from django_tasks import task

from rangkul.screenings import peer_checks
from rangkul.screenings.services import forget_expired_drafts


@task()
def unlink_expired_anonymous_drafts() -> int:
    """Daily: erase the draft keys of anonymous campaigns past their closing date."""
    return forget_expired_drafts()


@task()
def open_peer_checkins() -> int:
    """Daily: ask active peer supporters how they are, every two weeks each."""
    return peer_checks.open_wellbeing_checkins()
