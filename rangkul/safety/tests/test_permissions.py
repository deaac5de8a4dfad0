"""Permission matrix for alerts, the duty roster, phrase lists, crisis resources and
safety settings: every persona × view and edit, across two schools and a community
organisation. What a persona may not see is a 404 in HTML and in the API; what they may
see but not change is a 403.

Pages of the current organisation (lists, settings) answer for the persona's own
organisation: the other school's counselor ("outsider") sees their own school's roster,
never school 1's shifts.
"""

from datetime import date

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.safety import permissions, queries
from rangkul.safety.models import Alert, CrisisResource, OrganisationPhrase, SafetySettings
from rangkul.safety.tests.conftest import shift

ALERT_VIEW = {"konselor", "koordinator"}
LIST_VIEW = {"konselor", "koordinator"}  # roster, phrases, crisis resources
LIST_EDIT = {"koordinator"}
SETTINGS_VIEW = {"konselor", "koordinator", "admin"}
SETTINGS_EDIT = {"koordinator", "admin"}
# Whose own organisation's pages answer like which school 1 persona's.
OWN_ORG_LIKE = {"outsider": "konselor"}


def page_status(persona, allowed):
    """The status of a current-organisation page: 200 when the persona (or, for the
    outsider, a counselor of their own school) may see it."""
    return 200 if OWN_ORG_LIKE.get(persona, persona) in allowed else 404


def write_status(persona, view, edit, ok=302):
    return ok if persona in edit else (403 if persona in view else 404)


@pytest.fixture
def world(school, other_school):
    alert = Alert.objects.create(
        organisation=school.org, person=school.siswa_person, severity="urgent", source="staff"
    )
    return {
        "alert": alert,
        "shift": shift(school.org, school.konselor, "2026-12-01 07:00", "2026-12-01 15:00"),
        "phrase": OrganisationPhrase.objects.create(
            organisation=school.org, pattern="ora kuat urip", category="suicide", level="urgent"
        ),
        "resource": CrisisResource.objects.create(
            organisation=school.org,
            name="Puskesmas Sukajadi",
            contact="022 111 222",
            serves="Psikolog puskesmas",
            hours="Senin–Jumat 08.00–14.00",
            last_verified=date(2026, 11, 1),
        ),
        "settings": SafetySettings.objects.create(organisation=school.org),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_alert_matrix(persona, personas, world, client: Client):
    user, alert = personas[persona], world["alert"]
    allowed = persona in ALERT_VIEW
    assert permissions.can_view_alert(user, alert) is allowed
    assert permissions.can_handle_alert(user, alert) is allowed
    assert queries.visible_alerts(user).filter(pk=alert.pk).exists() is allowed
    client.force_login(user)
    assert client.get(f"/safety/alerts/{alert.pk}/").status_code == (200 if allowed else 404)
    assert client.get(f"/api/v1/alerts/{alert.pk}").status_code == (200 if allowed else 404)
    listed = client.get("/api/v1/alerts").json()["items"]
    assert any(item["id"] == str(alert.pk) for item in listed) is allowed
    assert client.get("/safety/alerts/").status_code == page_status(persona, ALERT_VIEW)
    acknowledged = client.post(f"/safety/alerts/{alert.pk}/acknowledge/")
    assert acknowledged.status_code == (302 if allowed else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_roster_matrix(persona, personas, world, school, client: Client):
    user, item = personas[persona], world["shift"]
    assert permissions.can_view_org_object(user, item) is (persona in LIST_VIEW)
    assert permissions.can_edit_org_object(user, item) is (persona in LIST_EDIT)
    assert queries.visible_shifts(user, school.org.id).filter(pk=item.pk).exists() is (
        persona in LIST_VIEW
    )
    client.force_login(user)
    page = client.get("/safety/roster/?week=2026-12-01")
    assert page.status_code == page_status(persona, LIST_VIEW)
    assert ('data-testid="shift"' in page.content.decode()) is (persona in LIST_VIEW)
    api = client.get("/api/v1/safety/shifts?week=2026-12-01")
    assert api.status_code == page_status(persona, LIST_VIEW)
    shown = api.json() if api.status_code == 200 else []
    assert any(s["id"] == str(item.pk) for s in shown) is (persona in LIST_VIEW)
    removed = client.post(f"/safety/roster/shifts/{item.pk}/remove/")
    assert removed.status_code == write_status(persona, LIST_VIEW, LIST_EDIT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_roster_writes(persona, personas, world, school, client: Client):
    user, item = personas[persona], world["shift"]
    client.force_login(user)
    api = client.delete(f"/api/v1/safety/shifts/{item.pk}")
    assert api.status_code == write_status(persona, LIST_VIEW, LIST_EDIT, ok=204)
    added = client.post(
        "/safety/roster/",
        {
            "user": str(school.konselor.public_id),
            "day": "2026-12-02",
            "starts": "07:00",
            "ends": "15:00",
        },
    )
    own = OWN_ORG_LIKE.get(persona, persona)
    assert added.status_code in (
        {302} if own in LIST_EDIT else {403} if own in LIST_VIEW else {404}
    )
    assert client.post("/safety/roster/copy/", {"week": "2026-12-07"}).status_code == (
        302 if own in LIST_EDIT else 403 if own in LIST_VIEW else 404
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_phrase_matrix(persona, personas, world, school, client: Client):
    user, item = personas[persona], world["phrase"]
    assert permissions.can_view_org_object(user, item) is (persona in LIST_VIEW)
    assert queries.visible_phrases(user, school.org.id).filter(pk=item.pk).exists() is (
        persona in LIST_VIEW
    )
    client.force_login(user)
    page = client.get("/safety/phrases/")
    assert page.status_code == page_status(persona, LIST_VIEW)
    assert ("ora kuat urip" in page.content.decode()) is (persona in LIST_VIEW)
    api = client.get("/api/v1/safety/phrases")
    assert api.status_code == page_status(persona, LIST_VIEW)
    off = client.post(f"/api/v1/safety/phrases/{item.pk}/deactivate")
    assert off.status_code == write_status(persona, LIST_VIEW, LIST_EDIT, ok=200)
    item.refresh_from_db()
    assert item.active is (persona not in LIST_EDIT)
    html_off = client.post(f"/safety/phrases/{item.pk}/deactivate/")
    assert html_off.status_code == write_status(persona, LIST_VIEW, LIST_EDIT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_crisis_resource_matrix(persona, personas, world, school, client: Client):
    user, item = personas[persona], world["resource"]
    assert permissions.can_view_org_object(user, item) is (persona in LIST_VIEW)
    assert queries.visible_resources(user, school.org.id).filter(pk=item.pk).exists() is (
        persona in LIST_VIEW
    )
    client.force_login(user)
    page = client.get("/safety/resources/")
    assert page.status_code == page_status(persona, LIST_VIEW)
    assert ("Puskesmas Sukajadi" in page.content.decode()) is (persona in LIST_VIEW)
    edit = client.get(f"/safety/resources/{item.pk}/")
    assert edit.status_code == write_status(persona, LIST_VIEW, LIST_EDIT, ok=200)
    body = {
        "name": "Puskesmas Sukajadi",
        "contact": "022 111 333",
        "serves": "Psikolog",
        "hours": "Senin–Jumat",
        "last_verified": "2026-11-20",
    }
    changed = client.put(
        f"/api/v1/safety/resources/{item.pk}", body, content_type="application/json"
    )
    assert changed.status_code == write_status(persona, LIST_VIEW, LIST_EDIT, ok=200)
    item.refresh_from_db()
    assert (item.contact == "022 111 333") is (persona in LIST_EDIT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_settings_matrix(persona, personas, world, school, client: Client):
    user, item = personas[persona], world["settings"]
    assert permissions.can_view_settings(user, school.org.id) is (persona in SETTINGS_VIEW)
    assert permissions.can_edit_settings(user, school.org.id) is (persona in SETTINGS_EDIT)
    visible = SafetySettings.objects.filter(permissions.settings_filter(user), pk=item.pk)
    assert visible.exists() is (persona in SETTINGS_VIEW)
    own = OWN_ORG_LIKE.get(persona, persona)
    client.force_login(user)
    assert client.get("/safety/settings/").status_code == page_status(persona, SETTINGS_VIEW)
    assert client.get("/api/v1/safety/settings").status_code == page_status(persona, SETTINGS_VIEW)
    saved = client.put(
        "/api/v1/safety/settings", {"ack_minutes_urgent": 10}, content_type="application/json"
    )
    assert saved.status_code == (
        200 if own in SETTINGS_EDIT else 403 if own in SETTINGS_VIEW else 404
    )
    item.refresh_from_db()
    assert (item.ack_minutes_urgent == 10) is (persona in SETTINGS_EDIT)


def test_peer_supporters_never_see_another_students_alert(school, world, client: Client):
    client.force_login(school.sebaya)
    assert client.get(f"/safety/alerts/{world['alert'].pk}/").status_code == 404
    assert client.get("/api/v1/alerts").json()["count"] == 0
