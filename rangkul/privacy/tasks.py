from django_tasks import task

from rangkul.privacy import services


@task()
def apply_retention_periods() -> int:
    """Periodic (nightly): anonymise or remove what each organisation's retention periods
    say has expired, leaving a run record and an audit event per organisation."""
    return services.apply_all()
