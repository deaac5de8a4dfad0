"""Permission matrix for people (konseli / beneficiaries) and cohorts.

Every persona × every action, across two schools and a community organisation. The
predicate, the scoped queryset, the HTML page and the API must all agree; what a persona
may not see is a 404.
"""

import pytest
from django.test import Client

from conftest import PERSONAS
from rangkul.people import permissions, queries
from rangkul.people.models import Cohort, Person
from rangkul.people.tests.factories import PersonFactory

# Who may open the record of a student of school 1.
PERSON_VIEW = {"siswa", "konselor", "koordinator"}
# Who may open the access log of that record.
PERSON_ACCESS_LOG = {"koordinator"}
# Who may open the record of a beneficiary of the community organisation.
BENEFICIARY_VIEW = {"relawan"}
# Who may see school 1's cohort.
COHORT_VIEW = {"konselor", "koordinator", "walikelas"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_person_record_matrix(persona, personas, school, client: Client):
    user = personas[persona]
    person = school.siswa_person
    allowed = persona in PERSON_VIEW
    assert permissions.can_view_person(user, person) is allowed
    assert queries.visible_people(user).filter(pk=person.pk).exists() is allowed

    client.force_login(user)
    assert client.get(f"/people/{person.pk}/").status_code == (200 if allowed else 404)
    assert client.get(f"/api/v1/people/{person.pk}").status_code == (200 if allowed else 404)
    listed = {p["id"] for p in client.get("/api/v1/people?limit=100").json()["items"]}
    assert (str(person.pk) in listed) is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_person_access_log_matrix(persona, personas, school, client: Client):
    user = personas[persona]
    allowed = persona in PERSON_ACCESS_LOG
    assert permissions.can_view_access_log(user, school.siswa_person) is allowed
    client.force_login(user)
    response = client.get(f"/people/{school.siswa_person.pk}/access-log/")
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_beneficiary_record_matrix(persona, personas, beneficiary: Person, client: Client):
    user = personas[persona]
    allowed = persona in BENEFICIARY_VIEW
    assert permissions.can_view_person(user, beneficiary) is allowed
    assert queries.visible_people(user).filter(pk=beneficiary.pk).exists() is allowed
    client.force_login(user)
    assert client.get(f"/people/{beneficiary.pk}/").status_code == (200 if allowed else 404)


def test_a_field_worker_sees_only_the_people_they_work_with(
    community, relawan, beneficiary: Person, client: Client
):
    from rangkul.activities.tests.factories import make_case

    stranger = PersonFactory(organisation=community, full_name="Warga Lain")
    client.force_login(relawan)
    # Not in a programme of their team, not on a case of theirs: not visible anywhere.
    assert permissions.can_view_person(relawan, stranger) is False
    assert client.get(f"/people/{stranger.pk}/").status_code == 404
    listed = {p["id"] for p in client.get("/api/v1/people?limit=100").json()["items"]}
    assert listed == {str(beneficiary.pk)}
    # On the team of the stranger's case, the field worker works with them.
    case = make_case(community, stranger)
    case.team.add(relawan)
    assert client.get(f"/people/{stranger.pk}/").status_code == 200
    listed = {p["id"] for p in client.get("/api/v1/people?limit=100").json()["items"]}
    assert listed == {str(beneficiary.pk), str(stranger.pk)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_cohort_matrix(persona, personas, school):
    user = personas[persona]
    cohort: Cohort = school.cohort
    allowed = persona in COHORT_VIEW
    assert permissions.can_view_cohort(user, cohort) is allowed
    assert queries.visible_cohorts(user).filter(pk=cohort.pk).exists() is allowed


def test_a_malformed_or_unknown_id_is_a_plain_404(school, client: Client):
    client.force_login(school.konselor)
    assert client.get("/people/not-a-uuid/").status_code == 404
    assert client.get("/people/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get("/api/v1/people/not-a-uuid").json() == {"detail": "Tidak ditemukan."}
