from django_tasks import task

from rangkul.accounts.services import prune_expired_tokens
from rangkul.system.services import beat


@task()
def worker_heartbeat() -> str:
    """Enqueued by the scheduler, run by a worker: its timestamp proves both are alive."""
    return beat().isoformat()


@task()
def prune_tokens() -> int:
    return prune_expired_tokens()
