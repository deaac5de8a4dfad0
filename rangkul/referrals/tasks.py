from django_tasks import task

from rangkul.referrals import services


@task()
def remind_overdue_referrals() -> int:
    """Periodic (hourly): remind counselors of referrals whose next step is late."""
    return services.remind_overdue_referrals()
