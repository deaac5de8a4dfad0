"""Demo screenings, called by the demo loader after the schools exist. Idempotent.

Both demo schools switch on PHQ-A, GAD-7 and WHO-5 (their coordinator does it, as in
real use, so it is audited); school 1 has one open GAD-7 campaign for class X-1 with
a few answers already sent, so the distribution and the follow-up list show something.
"""

from datetime import timedelta

from django.db import transaction

from rangkul.accounts.models import Membership, Organisation
from rangkul.accounts.roles import Role
from rangkul.people.models import Cohort
from rangkul.screenings import queries, services
from rangkul.screenings.models import ScreeningCampaign

DEMO_INSTRUMENTS = ("phqa", "gad7", "who5")
DEMO_SCHOOLS = ("SMA Negeri 31 Bandung", "SMP Negeri 52 Bandung")
CAMPAIGN_TITLE = "GAD-7 kelas X-1"
# Sent answers (GAD-7 item values) for the first students of X-1 who are not peers.
DEMO_ANSWERS = (3, 2, 1, 0, 0, 1)


def _first(org: Organisation, role: str) -> object:
    membership = (
        Membership.objects.filter(organisation=org, role=role)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def seed_screenings(school_names: tuple[str, ...] = DEMO_SCHOOLS) -> None:
    schools = list(Organisation.objects.filter(name__in=school_names).order_by("name"))
    for org in schools:
        coordinator = _first(org, Role.COORDINATOR)
        if coordinator is None:
            continue
        available = {a.code: a for a in queries.available_instruments(org.id)}
        for code in DEMO_INSTRUMENTS:
            if not available[code].enabled:
                services.configure_instrument(
                    by=coordinator, organisation=org, code=code, enabled=True
                )
    first = next((o for o in schools if o.name == school_names[0]), None)
    if (
        first is None
        or ScreeningCampaign.objects.filter(organisation=first, title=CAMPAIGN_TITLE).exists()
    ):
        return
    cohort = Cohort.objects.filter(organisation=first, name="X-1").first()
    counselor = _first(first, Role.COUNSELOR)
    if cohort is None or counselor is None:
        return
    today = first.today()
    campaign = services.create_campaign(
        by=counselor,
        organisation=first,
        instrument="gad7",
        title=CAMPAIGN_TITLE,
        opens_on=today,
        closes_on=today + timedelta(days=14),
        cohort=cohort,
    )
    peers = set(
        Membership.objects.filter(organisation=first, role=Role.PEER_SUPPORTER).values_list(
            "user_id", flat=True
        )
    )
    assignments = [
        a
        for a in campaign.assignments.select_related("person", "campaign").order_by(
            "person__user__username"
        )
        if a.person.user_id not in peers
    ]
    for assignment, value in zip(assignments, DEMO_ANSWERS, strict=False):
        answers = {f"q{i}": value for i in range(1, 8)}
        services.submit_answers(
            by=assignment.person.user, assignment=assignment, answers=answers, lang="id"
        )
