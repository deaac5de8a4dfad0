"""The periodic jobs. The scheduler process only enqueues; workers run the tasks.

Each entry: (task, trigger kind, trigger arguments). Cron triggers run in the server's
time zone setting; jobs that belong to an organisation's day resolve its zone themselves.
"""

from typing import Any

from django.conf import settings

from rangkul.activities.tasks import send_appointment_reminders
from rangkul.cases.tasks import reroute_offers
from rangkul.notifications.tasks import retry_due_deliveries
from rangkul.peers.tasks import remind_expiring_certificates
from rangkul.people.tasks import remind_consent_exception_reviews
from rangkul.privacy.tasks import apply_retention_periods
from rangkul.referrals.tasks import remind_overdue_referrals
from rangkul.reports.tasks import delete_expired_exports, refresh_rollups
from rangkul.safety.tasks import escalate_overdue_alerts
from rangkul.screenings.tasks import open_peer_checkins, unlink_expired_anonymous_drafts
from rangkul.system.tasks import prune_rate_counts, prune_tokens, worker_heartbeat
from rangkul.violence.tasks import prune_report_attempts, remind_violence_steps


def periodic_jobs() -> list[tuple[Any, str, dict[str, Any]]]:
    return [
        (worker_heartbeat, "interval", {"seconds": settings.WORKER_HEARTBEAT_INTERVAL_SECONDS}),
        (retry_due_deliveries, "interval", {"minutes": 1}),
        (send_appointment_reminders, "interval", {"minutes": 15}),
        (reroute_offers, "interval", {"minutes": 5}),
        (escalate_overdue_alerts, "interval", {"minutes": 1}),
        (remind_consent_exception_reviews, "interval", {"minutes": 15}),
        (remind_overdue_referrals, "interval", {"hours": 1}),
        (remind_violence_steps, "interval", {"minutes": 15}),
        (prune_report_attempts, "interval", {"hours": 1}),
        (prune_tokens, "cron", {"hour": 3, "minute": 15}),
        (prune_rate_counts, "interval", {"minutes": 15}),
        (unlink_expired_anonymous_drafts, "cron", {"hour": 3, "minute": 30}),
        (remind_expiring_certificates, "cron", {"hour": 7, "minute": 0}),
        (open_peer_checkins, "cron", {"hour": 7, "minute": 10}),
        (apply_retention_periods, "cron", {"hour": 2, "minute": 30}),
        (delete_expired_exports, "cron", {"hour": 3, "minute": 45}),
        (refresh_rollups, "interval", {"minutes": 5}),
    ]
