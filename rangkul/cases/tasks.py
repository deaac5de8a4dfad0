from django_tasks import task

from rangkul.cases.services.requests import reroute_stale_offers


@task()
def reroute_offers() -> int:
    """Periodic: offers nobody answered in time, or whose helper lost the role, go back to
    matching (and to triage after the second miss), so no student waits on a silent peer."""
    return reroute_stale_offers()
