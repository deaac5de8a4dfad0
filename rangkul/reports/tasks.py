from django_tasks import task

from rangkul.reports import services


@task()
def run_export(export_id: str) -> None:
    """Build one requested export in the background."""
    services.run_export(export_id)


@task()
def delete_expired_exports() -> int:
    """Periodic (daily): exports live for 7 days."""
    return services.delete_expired_exports()


@task()
def refresh_rollups() -> int:
    """Periodic (every 5 minutes): fold new screening responses into the semester rollup
    and count again the days with newly done activities. Returns how many responses and
    days were read."""
    from rangkul.reports.rollups import refresh_activity_days, refresh_score_series

    return refresh_score_series() + refresh_activity_days()
