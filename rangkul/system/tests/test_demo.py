from django.core.management import call_command
from django.utils import timezone

from rangkul.accounts.models import Membership, Organisation, User
from rangkul.accounts.roles import Role
from rangkul.peers.models import PeerProfile
from rangkul.people.models import Person
from rangkul.training.models import Enrolment


def test_demo_data_has_every_role_and_loading_twice_changes_nothing(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    counts = (User.objects.count(), Membership.objects.count(), Person.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (User.objects.count(), Membership.objects.count(), Person.objects.count()) == counts

    schools = Organisation.objects.filter(kind="school")
    assert schools.count() == 2
    for school in schools:
        assert school.npsn and school.region_code and school.parent.kind == "authority"
        roles = list(Membership.objects.filter(organisation=school).values_list("role", flat=True))
        assert roles.count(Role.COORDINATOR) == 1
        assert roles.count(Role.COUNSELOR) == 2
        # Three active peers; the first school also has two candidates in training.
        in_training = 2 if school.npsn == "20219031" else 0
        assert roles.count(Role.PEER_SUPPORTER) == 3 + in_training
        # Demo peers went through the programme's services: history rows, matchable today.
        profiles = PeerProfile.objects.filter(organisation=school)
        matchable = [p for p in profiles if p.is_matchable_on(timezone.localdate())]
        assert len(matchable) == 3
        assert all(p.history.count() == 5 for p in matchable)
        assert profiles.filter(status="in_training").count() == in_training
        assert Enrolment.objects.filter(programme__organisation=school).count() == in_training
        assert roles.count(Role.STUDENT) == 30
        assert roles.count(Role.HOMEROOM_TEACHER) == 1
        assert roles.count(Role.PRINCIPAL) == 1
        assert roles.count(Role.ADMIN) == 1
        assert Person.objects.filter(organisation=school, cohort__isnull=False).count() == 30
    assert Organisation.objects.filter(kind="community").exists()
    assert Organisation.objects.filter(kind="provider").exists()
    present = set(Membership.objects.values_list("role", flat=True))
    assert present == set(Role.values)


def test_the_first_demo_school_has_a_tppk_and_a_report_waiting_for_it(db, settings):
    from rangkul.violence.models import Matter, TeamMember

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    school = Organisation.objects.get(npsn="20219031")
    roles = dict(
        TeamMember.objects.filter(organisation=school).values_list("user__username", "role")
    )
    assert roles == {"walikelas1": "lead", "konselor1b": "member"}
    assert TeamMember.objects.filter(organisation=school.parent, user__username="analis").exists()
    matter = Matter.objects.get(organisation=school)
    assert [u.username for u in matter.handlers.all()] == ["walikelas1"]
