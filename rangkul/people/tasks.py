from django_tasks import task

from rangkul.people import services


@task()
def remind_consent_exception_reviews() -> int:
    """Periodic (every 15 minutes): remind reviewers of consent exceptions due within six
    hours, and once more when a review is late."""
    return services.remind_exception_reviews()
