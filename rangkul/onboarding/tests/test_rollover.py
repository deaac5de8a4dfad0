import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from rangkul.accounts.roles import Role
from rangkul.accounts.tests.factories import member
from rangkul.onboarding.models import Enrolment, EnrolmentStatus, Rollover
from rangkul.onboarding.services import rollover
from rangkul.people.tests.factories import CohortFactory, PersonFactory


@pytest.fixture
def three_grades(school):
    """X-1 (the fixture's class), XI-1 and XII-1 of 2026/2027, two students each."""
    school.cohort.grade = 10
    school.cohort.save()
    school.cohort.counselors.add(school.konselor)
    xi = CohortFactory(organisation=school.org, name="XI-1", grade=11)
    xii = CohortFactory(organisation=school.org, name="XII-1", grade=12)
    n = 0
    for cohort in (xi, xii):
        for _i in range(2):
            n += 1
            PersonFactory(organisation=school.org, cohort=cohort, full_name=f"Siswa {cohort} {n}")
    for person in school.org.people.all():
        n += 1
        Enrolment.objects.create(organisation=school.org, person=person, nisn=f"{n:010d}")
    return school


def test_the_preview_shows_each_class_moving_up_and_changes_nothing(three_grades):
    school = three_grades
    plan = rollover.plan_rollover(by=school.koordinator, organisation=school.org)
    assert (plan.from_year, plan.to_year, plan.final_grade) == ("2026/2027", "2027/2028", 12)
    moves = {m.cohort.name: (m.to_name, m.students, m.graduates) for m in plan.moves}
    assert moves == {"X-1": ("XI-1", 2, False), "XI-1": ("XII-1", 2, False), "XII-1": ("", 2, True)}
    assert plan.moving == 4 and plan.graduating == 2
    assert not Rollover.objects.exists()
    assert school.org.cohorts.filter(academic_year="2027/2028").count() == 0


def test_applying_moves_classes_up_graduates_the_last_and_renews_counselors(
    three_grades, client: Client
):
    school = three_grades
    client.force_login(school.koordinator)
    page = client.get("/onboarding/rollover/")
    assert page.status_code == 200 and "XII-1" in page.content.decode()
    assert (
        client.post(
            "/onboarding/rollover/", {"final_grade": 12, "from_year": "2026/2027"}
        ).status_code
        == 302
    )
    school.siswa_person.refresh_from_db()
    new_xi = school.siswa_person.cohort
    assert (new_xi.name, new_xi.grade, new_xi.academic_year) == ("XI-1", 11, "2027/2028")
    assert list(new_xi.counselors.all()) == [school.konselor]
    graduates = Enrolment.objects.filter(status=EnrolmentStatus.GRADUATED)
    assert graduates.count() == 2
    assert all(e.last_cohort_name == "XII-1 (2026/2027)" for e in graduates)
    assert all(e.person.cohort is None for e in graduates)  # archived, the record stays
    # The old classes stay as history of the year.
    assert school.org.cohorts.filter(academic_year="2026/2027").count() == 3
    done = Rollover.objects.get()
    assert done.summary["moved"] == 4 and done.summary["graduated"] == 2
    with pytest.raises(ValidationError):
        rollover.apply_rollover(
            by=school.koordinator, organisation=school.org, from_year="2026/2027"
        )
    # A second press of the same preview moves nobody again.
    assert client.post("/onboarding/rollover/", {"final_grade": 12, "from_year": "2026/2027"})
    assert Rollover.objects.count() == 1
    assert school.siswa_person.__class__.objects.get(pk=school.siswa_person.pk).cohort == new_xi


def test_a_graduate_loses_their_login(three_grades):
    school = three_grades
    xii = school.org.cohorts.get(name="XII-1")
    graduate = xii.members.first()
    graduate.user = member(school.org, Role.STUDENT, username="lulusan")
    graduate.save()
    rollover.apply_rollover(by=school.admin, organisation=school.org, from_year="2026/2027")
    graduate.user.refresh_from_db()
    assert not graduate.user.is_active


def test_only_coordinator_and_admin_roll_over(three_grades, client: Client):
    school = three_grades
    for user in (school.konselor, school.walikelas, school.kepsek, school.siswa):
        client.force_login(user)
        assert client.get("/onboarding/rollover/").status_code == 404
        assert client.post("/onboarding/rollover/", {"final_grade": 12}).status_code == 404
    assert not Rollover.objects.exists()
