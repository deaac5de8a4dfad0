from django_tasks import task

from rangkul.accounts.services import prune_expired_tokens
from rangkul.lib import ratelimit
from rangkul.system.services import beat


@task()
def worker_heartbeat() -> str:
    """Enqueued by the scheduler, run by a worker: its timestamp proves both are alive."""
    return beat().isoformat()


@task()
def prune_tokens() -> int:
    return prune_expired_tokens()


@task()
def prune_rate_counts() -> int:
    """Rate-limit windows that have ended are of no use to anyone."""
    return ratelimit.prune()
