"""Each role lands on a home page made for it, with real numbers from the database."""

from django.test import Client

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import UserFactory, member


def tiles(client: Client, user) -> dict[str, dict]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {t.key: t.context for t in response.context["tiles"]}


def test_student_sees_own_details_and_notifications(school, client: Client):
    home = tiles(client, school.siswa)
    assert {"my_record", "notifications", "ask_for_help"} <= set(home)
    assert not {"people", "members", "open_alerts", "caseload"} & set(home)
    assert home["my_record"]["person"] == school.siswa_person


def test_counselor_sees_people_and_class_sizes(school, client: Client):
    home = tiles(client, school.konselor)
    assert home["people"]["total"] == 2
    assert [(c.name, c.size) for c in home["people"]["cohorts"]] == [("X-1", 2)]
    assert "members" not in home


def test_coordinator_sees_people_and_members_by_role(school, client: Client):
    home = tiles(client, school.koordinator)
    assert home["members"]["total"] == 8  # 7 personas, one of them with two roles
    assert dict(home["members"]["rows"])[Role.PEER_SUPPORTER.label] == 1


def test_homeroom_teacher_sees_only_their_class_sizes(school, client: Client):
    home = tiles(client, school.walikelas)
    assert {"homeroom", "notifications", "referrals"} <= set(home)
    assert not {"people", "aggregates", "open_alerts", "caseload"} & set(home)
    assert [(c.name, c.size) for c in home["homeroom"]["cohorts"]] == [("X-1", 2)]


def test_principal_sees_aggregates_without_names(school, client: Client):
    client.force_login(school.kepsek)
    page = client.get("/").content.decode()
    assert "Siswa Satu 1" not in page
    home = tiles(client, school.kepsek)
    assert home["aggregates"]["total"] == 2
    assert home["aggregates"]["rows"] == [{"name": "X-1", "size": 2}]


def test_analyst_sees_the_schools_under_the_office(school, other_school, analis, client: Client):
    home = tiles(client, analis)
    rows = {org.name: n for org, n in home["child_organisations"]["rows"]}
    assert rows == {school.org.name: 2, other_school.org.name: 2}


def test_admin_sees_members_and_recent_changes(school, client: Client):
    newcomer = UserFactory()
    client.force_login(school.admin)
    client.post(
        "/members/", {"action": "grant", "username": newcomer.username, "role": "counselor"}
    )
    home = tiles(client, school.admin)
    assert [e.verb for e in home["org_log"]["events"]] == ["membership.granted"]


def test_field_worker_sees_beneficiaries(relawan, beneficiary, client: Client):
    home = tiles(client, relawan)
    assert home["people"]["total"] == 1


def test_provider_sees_their_organisation(db, client: Client):
    from rangkul.accounts.tests.factories import OrganisationFactory

    org = OrganisationFactory(kind="provider", npsn="", name="Biro Psikologi Uji")
    provider = member(org, Role.PROVIDER)
    home = tiles(client, provider)
    assert home["organisation"]["org"] == org


def test_a_user_without_membership_is_told_what_to_do(db, client: Client):
    client.force_login(UserFactory())
    response = client.get("/")
    assert response.context["tiles"] == []


def test_students_get_a_quick_exit_and_staff_do_not(school, client: Client):
    client.force_login(school.siswa)
    assert 'data-testid="quick-exit"' in client.get("/").content.decode()
    client.force_login(school.konselor)
    assert 'data-testid="quick-exit"' not in client.get("/").content.decode()


def test_an_open_alert_stays_on_top_of_the_counselors_home_until_acknowledged(school, client):
    from rangkul.safety import services as safety

    alert = safety.raise_alert(
        organisation=school.org, severity="urgent", source="staff", person=school.siswa_person
    )
    client.force_login(school.konselor)
    first = client.get("/").context["tiles"][0]
    assert first.key == "open_alerts" and first.context["alerts"] == [alert]
    safety.acknowledge_alert(by=school.koordinator, alert=alert)
    home = {t.key: t for t in client.get("/").context["tiles"]}
    assert home["open_alerts"].context["alerts"] == []
