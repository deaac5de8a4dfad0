from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone

from rangkul.system.models import Heartbeat

WORKER = "worker"


def beat(name: str = WORKER) -> datetime:
    now = timezone.now()
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})
    return now


def health() -> dict[str, object]:
    """Database reachable and the worker's heartbeat fresh; raises nothing."""
    report: dict[str, object] = {"database": "ok", "worker": "ok"}
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        last = Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    except Exception:  # any database failure means unhealthy
        report["database"] = "down"
        report["worker"] = "unknown"
        report["healthy"] = False
        return report
    if last is None:
        report["worker"] = "never_seen"
    else:
        age = timezone.now() - last
        report["worker_heartbeat_age_seconds"] = int(age.total_seconds())
        if age > settings.WORKER_HEARTBEAT_MAX_AGE:
            report["worker"] = "stale"
    report["healthy"] = report["worker"] == "ok"
    return report
