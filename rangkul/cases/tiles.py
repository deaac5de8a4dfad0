"""Home tiles of the pathway, per role."""

from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.roles import Role
from rangkul.cases import queries
from rangkul.cases.models import OPEN_STATUSES, Tier
from rangkul.lib.tiles import Tile, TileFn
from rangkul.people.models import Person

STAFFING_NORM = 150  # students per counselor (Permendikbud 111/2014)


def ask_for_help_tile(user: Any, org: Any) -> Tile:
    requests = list(queries.my_requests(user, org.id)[:3])
    return Tile(
        "ask_for_help",
        _("Want to talk to someone?"),
        "cases/tiles/ask_for_help.html",
        {"requests": requests},
        reverse("my_requests"),
    )


def offers_tile(user: Any, org: Any) -> Tile:
    offers = queries.offers_for(user, org.id).count()
    cases = queries.caseload(user, org.id, status="open").count()
    return Tile(
        "offers",
        _("Peer support"),
        "cases/tiles/offers.html",
        {"offers": offers, "cases": cases},
        reverse("offers"),
    )


def counselor_tile(user: Any, org: Any) -> Tile:
    students = Person.objects.filter(cohort__counselors=user, organisation_id=org.id).count()
    open_cases = queries.caseload(user, org.id, status="open").count()
    return Tile(
        "caseload",
        _("My caseload"),
        "cases/tiles/caseload.html",
        {
            "open_cases": open_cases,
            "triage": queries.triage_queue(user, org.id).count(),
            "waiting_cases": queries.counselor_queue(user, org.id).count(),
            "students": students,
            "norm": STAFFING_NORM,
            "over_norm": students > STAFFING_NORM,
        },
        reverse("cases"),
    )


def coordinator_tile(user: Any, org: Any) -> Tile:
    by_tier = (
        queries.visible_cases(user, org.id)
        .filter(status__in=OPEN_STATUSES)
        .values("tier")
        .annotate(n=Count("id"))
        .order_by("tier")
    )
    return Tile(
        "all_cases",
        _("Open cases in the organisation"),
        "cases/tiles/all_cases.html",
        {
            "by_tier": [(Tier(row["tier"]).label, row["n"]) for row in by_tier],
            "triage": queries.triage_queue(user, org.id).count(),
        },
        reverse("cases") + "?scope=all&status=open",
    )


def referral_tile(user: Any, org: Any) -> Tile:
    referrals = queries.with_referral_status(queries.my_referrals(user, org.id)[:5])
    return Tile(
        "referrals",
        _("Refer a student to BK"),
        "cases/tiles/referrals.html",
        {"referrals": referrals},
        reverse("refer"),
    )


TILES: dict[str, list[TileFn]] = {
    Role.STUDENT: [ask_for_help_tile],
    Role.PEER_SUPPORTER: [offers_tile, ask_for_help_tile],
    Role.COUNSELOR: [counselor_tile],
    Role.COORDINATOR: [coordinator_tile, counselor_tile],
    Role.HOMEROOM_TEACHER: [referral_tile],
    Role.FIELD_WORKER: [counselor_tile],
}
