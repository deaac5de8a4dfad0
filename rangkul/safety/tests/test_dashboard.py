"""The alert dashboard: open, acknowledged and resolved counts, time to acknowledge,
escalations, and a filtered list."""

from datetime import timedelta

from django.test import Client

from rangkul.safety import services
from rangkul.safety.queries import alert_stats, visible_alerts
from rangkul.safety.tasks import escalate_overdue_alerts


def raise_one(school, severity="urgent", source="request"):
    return services.raise_alert(
        organisation=school.org, severity=severity, source=source, person=school.siswa_person
    )


def test_counts_and_time_to_acknowledge(school, other_school, clock, client: Client):
    fast, slow, never, resolved = (raise_one(school) for _ in range(4))
    concern = raise_one(school, severity="concern", source="message")
    raise_one(other_school)  # another school's alert counts nowhere here
    clock.shift(timedelta(minutes=4))
    services.acknowledge_alert(by=school.konselor, alert=fast)
    services.resolve_alert(by=school.konselor, alert=resolved)
    clock.shift(timedelta(minutes=16))
    escalate_overdue_alerts.call()  # slow and never escalate once; concern waits longer
    services.acknowledge_alert(by=school.koordinator, alert=slow)

    stats = alert_stats(visible_alerts(school.koordinator, school.org.id))
    assert (stats.open, stats.acknowledged, stats.resolved) == (2, 2, 1)
    assert (stats.escalated_alerts, stats.escalations) == (2, 2)
    # Acknowledged after 4, 4 (resolving acknowledges) and 20 minutes.
    assert stats.median_minutes_to_acknowledge == 4.0
    assert stats.mean_minutes_to_acknowledge == 9.3

    client.force_login(school.konselor)
    page = client.get("/safety/alerts/")
    assert page.status_code == 200 and page.context["stats"] == stats
    html = page.content.decode()
    assert html.count('data-testid="alert-row"') == 5
    assert str(never.pk) in html and str(concern.pk) in html


def test_the_list_filters(school, clock, client: Client):
    urgent = raise_one(school)
    raise_one(school, severity="concern", source="message")
    clock.shift(timedelta(minutes=15))
    escalate_overdue_alerts.call()
    client.force_login(school.konselor)

    def rows(query):
        return (
            client.get(f"/safety/alerts/?{query}").content.decode().count('data-testid="alert-row"')
        )

    assert rows("severity=urgent") == 1
    assert rows("source=message") == 1
    assert rows("status=open&escalated=1") == 1
    assert rows("status=resolved") == 0
    assert rows("days=7&source=nonsense") == 2
    stats = client.get("/api/v1/alerts/stats?days=30").json()
    assert stats["open"] == 2 and stats["escalations"] == 1
    assert client.get("/api/v1/alerts?severity=urgent").json()["items"][0]["id"] == str(urgent.pk)


def test_the_alert_page_shows_who_was_told(school, arrangements, clock, client: Client):
    alert = raise_one(school)
    clock.shift(timedelta(minutes=15))
    escalate_overdue_alerts.call()
    client.force_login(school.konselor)
    html = client.get(f"/safety/alerts/{alert.pk}/").content.decode()
    assert html.count('data-testid="escalation"') == 2
    detail = client.get(f"/api/v1/alerts/{alert.pk}").json()
    assert [(e["rung"], e["reason"]) for e in detail["escalations"]] == [
        ("coordinator", "raised"),
        ("out_of_hours", "not_acknowledged"),
    ]


def test_listing_alerts_is_a_view_and_is_audited(school, clock, client: Client):
    from rangkul.audit.models import AuditEvent

    shown = raise_one(school)
    client.force_login(school.konselor)
    listed = client.get("/api/v1/alerts?limit=10").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == str(shown.pk)
    assert client.get("/safety/alerts/").status_code == 200
    events = AuditEvent.objects.filter(actor=school.konselor, verb="alert.listed")
    assert events.count() == 2
    for event in events:
        assert event.data == {"count": 1, "alerts": [str(shown.pk)]}
        assert event.organisation_id == school.org.pk
    # An empty page is no view of anyone.
    assert client.get("/api/v1/alerts?status=resolved").json()["count"] == 0
    assert events.count() == 2
