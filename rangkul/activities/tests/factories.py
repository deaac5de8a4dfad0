from datetime import timedelta

import factory
from django.utils import timezone

from rangkul.activities.models import Activity, ActivityStatus, Group, Kind, Participant, TimeSlot
from rangkul.cases.models import Case, SupportRequest, Tier


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    kind = Kind.INDIVIDUAL_COUNSELING
    status = ActivityStatus.DONE
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    duration_minutes = 45
    created_by = factory.SelfAttribute("facilitator")


class TimeSlotFactory(factory.django.DjangoModelFactory[TimeSlot]):
    class Meta:
        model = TimeSlot

    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
    duration_minutes = 45
    place = "Ruang BK"


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Kelompok {n + 1}")
    kind = "counseling"


def take_part(activity: Activity, *people: object, attended: bool | None = None) -> Activity:
    for person in people:
        Participant.objects.create(activity=activity, person=person, attended=attended)
    return activity


def make_case(
    org: object, person: object, *, lead: object = None, tier: str = Tier.COUNSELING
) -> Case:
    return Case.objects.create(
        organisation=org, person=person, tier=tier, lead=lead, domain="personal"
    )


def make_peer_case(org: object, person: object, peer: object, *, show_name: bool = False) -> Case:
    """A peer-tier case led by `peer`, from a request whose student may hide their name."""
    request = SupportRequest.objects.create(
        organisation=org,
        person=person,
        created_by=person.user,  # type: ignore[attr-defined]
        source="student",
        domain="social",
        text="Aku merasa sendirian di kelas",
        urgency="low",
        pseudonym="Bintang Biru",
        show_name_to_peer=show_name,
        status="accepted",
        offered_to=peer,
    )
    case = make_case(org, person, lead=peer, tier=Tier.PEER)
    case.request = request
    case.save(update_fields=["request"])
    return case
