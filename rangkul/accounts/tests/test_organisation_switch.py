from datetime import UTC, datetime

import time_machine
from django.test import Client

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import OrganisationFactory, member
from rangkul.audit.models import AuditEvent


def test_a_person_with_two_memberships_switches_organisation(school, client: Client):
    papua = OrganisationFactory(
        name="SMA Negeri 1 Jayapura", kind=OrganisationKind.SCHOOL, time_zone="Asia/Jayapura"
    )
    member(papua, Role.COUNSELOR, user=school.konselor)
    client.force_login(school.konselor)
    page = client.get("/").content.decode()
    assert "SMA Negeri 1 Jayapura" in page  # offered in the switcher
    response = client.post("/organisation/switch/", {"organisation": str(papua.id), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").context["current_organisation"] == papua
    assert AuditEvent.objects.filter(verb="auth.organisation_switched").count() == 1


def test_switching_to_a_foreign_organisation_is_a_404(school, other_school, client: Client):
    client.force_login(school.konselor)
    response = client.post("/organisation/switch/", {"organisation": str(other_school.org.id)})
    assert response.status_code == 404


def test_pages_show_times_in_the_organisations_time_zone(school, client: Client):
    papua = OrganisationFactory(name="Sekolah Papua", time_zone="Asia/Jayapura")
    member(papua, Role.ADMIN, user=school.konselor)
    member(papua, Role.COORDINATOR)
    client.force_login(school.konselor)
    client.post("/organisation/switch/", {"organisation": str(papua.id)})
    with time_machine.travel(datetime(2026, 11, 28, 1, 0, tzinfo=UTC), tick=False):
        other = member(papua, Role.COUNSELOR)
        client.post(
            "/members/", {"action": "grant", "username": other.username, "role": "peer_supporter"}
        )
    page = client.get("/members/log/").content.decode()
    assert "10:00" in page  # 01:00 UTC is 10:00 WIT


def test_the_switcher_offers_active_organisations_by_name_without_a_query_of_its_own(
    school, client: Client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(school.konselor)
    client.get("/notifications/")
    with CaptureQueriesContext(connection) as alone:
        page = client.get("/notifications/").content.decode()
    assert 'id="org-switch"' not in page  # one organisation: nothing to switch to
    for name, active in (("Zebra SMA", True), ("Closed SMP", False), ("Alpha SMK", True)):
        org = OrganisationFactory(name=name, kind=OrganisationKind.SCHOOL, is_active=active)
        member(org, Role.COUNSELOR, user=school.konselor)
    with CaptureQueriesContext(connection) as several:
        page = client.get("/notifications/").content.decode()
    switcher = page[page.index('id="org-switch"') :]
    assert "Closed SMP" not in switcher
    alpha, own, zebra = (switcher.index(n) for n in ("Alpha SMK", school.org.name, "Zebra SMA"))
    assert alpha < own < zebra
    assert len(several.captured_queries) == len(alone.captured_queries)
    # The organisations come with the memberships: no query reads them on their own.
    own_reads = [
        q["sql"]
        for q in alone.captured_queries + several.captured_queries
        if 'FROM "accounts_organisation"' in q["sql"]
    ]
    assert own_reads == []
