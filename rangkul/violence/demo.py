"""Demo data of this app: the TPPK of the first demo school (its homeroom teacher as lead,
one counselor as member), the district task force (the analyst), and one anonymous report
of bullying waiting for the team. Idempotent."""

from django.db import transaction

from rangkul.accounts.models import Organisation, User
from rangkul.violence import services
from rangkul.violence.models import Channel, Report, TeamMember, TeamRole


def _seat(org: Organisation, username: str, role: str) -> None:
    user = User.objects.filter(username=username).first()
    if user is not None:
        TeamMember.objects.get_or_create(
            organisation=org, user=user, removed_at=None, defaults={"role": role}
        )


@transaction.atomic
def seed(school: Organisation) -> None:
    _seat(school, "walikelas1", TeamRole.LEAD)
    _seat(school, "konselor1b", TeamRole.MEMBER)
    if school.parent is not None:
        _seat(school.parent, "analis", TeamRole.LEAD)
    if not Report.objects.filter(organisation=school).exists():
        services.submit_report(
            organisation=school,
            channel=Channel.PUBLIC_FORM,
            kind="bullying",
            online=True,
            standing="witness",
            what="Di grup kelas ada yang terus mengejek dan menyebarkan foto seorang siswa.",
            where="Grup WhatsApp kelas X-2",
            when="Minggu ini",
            anonymous=True,
        )
