"""Home tiles: a way to report violence for every member of a school, and the matters the
user handles or oversees, overdue ones first."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.models import OrganisationKind
from rangkul.accounts.roles import Role
from rangkul.lib.tiles import Tile, TileFn
from rangkul.violence import permissions
from rangkul.violence.models import MatterStatus
from rangkul.violence.queries import my_offers, visible_matters


def report_tile(user: Any, org: Any) -> Tile | None:
    if org.kind != OrganisationKind.SCHOOL:
        return None
    return Tile(
        "violence_report",
        _("Report violence or bullying"),
        "violence/tiles/report.html",
        {"npsn": org.npsn},
        reverse("violence_report"),
    )


def matters_tile(user: Any, org: Any) -> Tile | None:
    if not (permissions.is_team_member(user, org.id) or org.id in permissions.principal_orgs(user)):
        return None
    open_matters = visible_matters(user).filter(status=MatterStatus.OPEN)
    overdue = (
        open_matters.filter(steps__completed_at__isnull=True, steps__due_at__lt=timezone.now())
        .distinct()
        .count()
    )
    return Tile(
        "violence_matters",
        _("Violence matters (TPPK)"),
        "violence/tiles/matters.html",
        {"open": open_matters.count(), "overdue": overdue},
        reverse("violence_matters"),
        urgent=bool(overdue),
    )


def offers_tile(user: Any, org: Any) -> Tile | None:
    offers = my_offers(user).filter(organisation=org).count()
    if not offers:
        return None
    return Tile(
        "violence_offers",
        _("An offer of support"),
        "violence/tiles/offers.html",
        {"count": offers},
        reverse("violence_offers"),
        urgent=True,
    )


_EVERYONE: list[TileFn] = [offers_tile, matters_tile, report_tile]

_ROLES = (
    Role.STUDENT,
    Role.PEER_SUPPORTER,
    Role.COUNSELOR,
    Role.COORDINATOR,
    Role.HOMEROOM_TEACHER,
    Role.PRINCIPAL,
    Role.FIELD_WORKER,
    Role.ADMIN,
    Role.AUTHORITY_ANALYST,
)
TILES: dict[str, list[TileFn]] = dict.fromkeys(_ROLES, _EVERYONE)
