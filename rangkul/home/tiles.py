"""The home page is made of tiles; each role gets the tiles that concern it.

Every tile reads real data through the owning app's scoped queries. Later capabilities add
their own tile functions to TILES_BY_ROLE.
"""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rangkul.accounts import permissions as account_permissions
from rangkul.accounts import queries as account_queries
from rangkul.accounts.roles import Capability, Role
from rangkul.activities.tiles import TILES as ACTIVITY_TILES
from rangkul.cases.tiles import TILES as CASE_TILES
from rangkul.home.service_figures import child_service_tile, own_service_tile
from rangkul.lib.tiles import Tile, TileFn
from rangkul.notifications import queries as notification_queries
from rangkul.peers.tiles import TILES as PEER_TILES
from rangkul.people import queries as people_queries
from rangkul.referrals.tiles import TILES as REFERRAL_TILES
from rangkul.safety.tiles import TILES as SAFETY_TILES
from rangkul.screenings.tiles import TILES as SCREENING_TILES
from rangkul.training.tiles import TILES as TRAINING_TILES
from rangkul.violence.tiles import TILES as VIOLENCE_TILES


def notifications_tile(user: Any, org: Any) -> Tile:
    unread = notification_queries.unread_label(notification_queries.unread_count(user))
    latest = list(notification_queries.inbox(user)[:5])
    return Tile(
        "notifications",
        _("Notifications"),
        "home/tiles/notifications.html",
        {"unread": unread, "latest": latest},
        reverse("notifications"),
    )


def my_record_tile(user: Any, org: Any) -> Tile:
    person = people_queries.own_person(user, org.id)
    return Tile("my_record", _("My details"), "home/tiles/my_record.html", {"person": person})


def people_tile(user: Any, org: Any) -> Tile | None:
    if not account_permissions.has_capability(user, org.id, Capability.VIEW_PEOPLE):
        return None
    total = people_queries.visible_people(user, org.id).count()
    cohorts = list(people_queries.visible_cohorts(user, org.id))
    return Tile(
        "people",
        _("Students and beneficiaries"),
        "home/tiles/people.html",
        {"total": total, "cohorts": cohorts},
        reverse("people"),
    )


def homeroom_tile(user: Any, org: Any) -> Tile:
    cohorts = list(people_queries.homeroom_cohorts(user, org.id))
    return Tile("homeroom", _("My classes"), "home/tiles/homeroom.html", {"cohorts": cohorts})


def members_tile(user: Any, org: Any) -> Tile | None:
    counts = account_queries.role_counts(user, org.id)
    if not counts:
        return None
    rows = [(Role(role).label, counts.get(role, 0)) for role in Role.values if counts.get(role)]
    can_manage = account_permissions.can_manage_any_role(user, org.id) or (
        account_permissions.has_capability(user, org.id, Capability.VIEW_MEMBERS)
    )
    return Tile(
        "members",
        _("Members by role"),
        "home/tiles/members.html",
        {"rows": rows, "total": sum(counts.values())},
        reverse("members") if can_manage else "",
    )


def aggregates_tile(user: Any, org: Any) -> Tile | None:
    if not account_permissions.has_capability(user, org.id, Capability.VIEW_AGGREGATES):
        return None
    return Tile(
        "aggregates",
        _("Students per class"),
        "home/tiles/aggregates.html",
        {
            "rows": people_queries.cohort_sizes(org.id),
            "total": people_queries.people_count(org.id),
            "with_login": people_queries.people_count(org.id, with_login=True),
        },
    )


def child_organisations_tile(user: Any, org: Any) -> Tile | None:
    if not account_permissions.has_capability(user, org.id, Capability.VIEW_CHILD_AGGREGATES):
        return None
    children = list(account_queries.visible_organisations(user).filter(parent_id=org.id))
    counts = people_queries.people_count_by_org([c.id for c in children])
    rows = [(c, counts.get(c.id, 0)) for c in children]
    return Tile(
        "child_organisations",
        _("Organisations under this office"),
        "home/tiles/child_organisations.html",
        {"rows": rows, "total": sum(n for _c, n in rows)},
    )


def org_log_tile(user: Any, org: Any) -> Tile | None:
    events = list(account_queries.org_audit_events(user, org.id)[:5])
    if not account_permissions.can_view_org_audit(user, org.id):
        return None
    return Tile(
        "org_log",
        _("Recent membership changes"),
        "home/tiles/org_log.html",
        {"events": events},
        reverse("organisation_log"),
    )


def organisation_tile(user: Any, org: Any) -> Tile:
    return Tile(
        "organisation", _("Your organisation"), "home/tiles/organisation.html", {"org": org}
    )


TILES_BY_ROLE: dict[str, list[TileFn]] = {
    Role.STUDENT: [my_record_tile],
    Role.PEER_SUPPORTER: [my_record_tile],
    Role.COUNSELOR: [people_tile],
    Role.COORDINATOR: [people_tile, members_tile],
    Role.HOMEROOM_TEACHER: [homeroom_tile],
    Role.PRINCIPAL: [own_service_tile, aggregates_tile],
    Role.FIELD_WORKER: [people_tile],
    Role.PROVIDER: [organisation_tile],
    Role.AUTHORITY_ANALYST: [child_service_tile, child_organisations_tile],
    Role.ADMIN: [members_tile, org_log_tile],
}

# Order in which roles contribute tiles when a person holds several in one organisation.
ROLE_ORDER = [
    Role.COORDINATOR,
    Role.COUNSELOR,
    Role.FIELD_WORKER,
    Role.PEER_SUPPORTER,
    Role.STUDENT,
    Role.HOMEROOM_TEACHER,
    Role.PRINCIPAL,
    Role.PROVIDER,
    Role.AUTHORITY_ANALYST,
    Role.ADMIN,
]


# Each app's tiles, in the order they appear for a role: safety first.
APP_TILES = [
    SAFETY_TILES,
    VIOLENCE_TILES,
    CASE_TILES,
    ACTIVITY_TILES,
    SCREENING_TILES,
    PEER_TILES,
    TRAINING_TILES,
    REFERRAL_TILES,
]


def _tile_functions(role: str) -> list[TileFn]:
    functions: list[TileFn] = []
    for app_tiles in APP_TILES:
        functions.extend(app_tiles.get(role, []))
    return functions + TILES_BY_ROLE.get(role, [])


def tiles_for(user: Any, org: Any, roles: frozenset[str]) -> list[Tile]:
    seen: set[str] = set()
    tiles: list[Tile] = []
    for role in ROLE_ORDER:
        if role not in roles:
            continue
        for fn in _tile_functions(role):
            tile = fn(user, org)
            if tile is not None and tile.key not in seen:
                seen.add(tile.key)
                tiles.append(tile)
    tiles.append(notifications_tile(user, org))
    return sorted(tiles, key=lambda t: not t.urgent)
