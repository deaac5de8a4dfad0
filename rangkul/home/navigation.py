"""What the header, the menu and the side navigation show to the person signed in.

One context processor for base.html: the links of each role (in the order of ROLE_ORDER, each
link once), whether the page carries quick exit, and where quick exit leads. Links name only
pages the role may open; the pages check again.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rangkul.accounts.roles import STAFF_ROLES, Role
from rangkul.notifications import queries as notification_queries
from rangkul.safety.roster import settings_for


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: Any
    icon: str


HOME = NavLink("home", _("Home"), "home")
ASK = NavLink("ask_for_help", _("Talk to someone"), "chat")
MY_REQUESTS = NavLink("my_requests", _("My requests"), "list")
MY_APPOINTMENTS = NavLink("my_appointments", _("My appointments"), "calendar")
MY_QUESTIONNAIRES = NavLink("my_questionnaires", _("My questionnaires"), "clipboard")
OFFERS = NavLink("offers", _("Requests for me"), "heart")
CASES = NavLink("cases", _("Cases"), "list")
ALERTS = NavLink("alerts", _("Alerts"), "alert")
TRIAGE = NavLink("triage", _("Triage"), "shield")
AGENDA = NavLink("agenda", _("Agenda"), "calendar")
ACTIVITIES = NavLink("activities", _("Activities"), "list")
GROUPS = NavLink("groups", _("Groups"), "people")
SCREENINGS = NavLink("screenings", _("Screenings"), "clipboard")
PEOPLE = NavLink("people", _("Students and beneficiaries"), "people")
MEMBERS = NavLink("members", _("Members"), "people")
ROSTER = NavLink("duty_roster", _("Duty roster"), "calendar")
SAFETY_SETTINGS = NavLink("safety_settings", _("Safety settings"), "shield")
REFER = NavLink("refer", _("Refer a student"), "chat")
MY_REFERRALS = NavLink("my_referrals", _("My referrals"), "list")
ORG_LOG = NavLink("organisation_log", _("Membership changes"), "list")
ONBOARDING = NavLink("onboarding", _("Classes and logins"), "people")
PROGRAMME = NavLink("programmes", _("BK programme"), "clipboard")
INFORMATION = NavLink("articles", _("Information"), "list")
REPORTS = NavLink("reports", _("Effectiveness"), "list")
DISTRICT_REPORTS = NavLink("reports_district", _("Effectiveness"), "list")

LINKS_BY_ROLE: dict[str, list[NavLink]] = {
    Role.STUDENT: [HOME, ASK, MY_REQUESTS, MY_APPOINTMENTS, MY_QUESTIONNAIRES, INFORMATION],
    Role.PEER_SUPPORTER: [HOME, OFFERS, CASES, ASK, MY_REQUESTS, MY_QUESTIONNAIRES],
    Role.COUNSELOR: [
        HOME,
        ALERTS,
        TRIAGE,
        CASES,
        AGENDA,
        ACTIVITIES,
        GROUPS,
        SCREENINGS,
        PEOPLE,
        PROGRAMME,
        ONBOARDING,
    ],
    Role.COORDINATOR: [
        HOME,
        ALERTS,
        TRIAGE,
        CASES,
        AGENDA,
        ACTIVITIES,
        GROUPS,
        SCREENINGS,
        PEOPLE,
        MEMBERS,
        ROSTER,
        SAFETY_SETTINGS,
        PROGRAMME,
        REPORTS,
        ONBOARDING,
    ],
    Role.FIELD_WORKER: [HOME, CASES, AGENDA, ACTIVITIES, GROUPS, SCREENINGS, PEOPLE],
    Role.HOMEROOM_TEACHER: [HOME, REFER, MY_REFERRALS],
    Role.PRINCIPAL: [HOME, PROGRAMME, REPORTS],
    Role.PROVIDER: [HOME],
    Role.AUTHORITY_ANALYST: [HOME, DISTRICT_REPORTS],
    Role.ADMIN: [HOME, MEMBERS, ORG_LOG, SAFETY_SETTINGS, ONBOARDING],
}

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

# The guide a role's help link opens (docs/guides/<name>.<lang>.md).
GUIDE_BY_ROLE = {
    Role.STUDENT: "student",
    Role.PEER_SUPPORTER: "peer",
    Role.COUNSELOR: "counselor",
    Role.FIELD_WORKER: "counselor",
    Role.COORDINATOR: "coordinator",
    Role.ADMIN: "admin",
}


# Each link's URL, reversed once per URLconf and script prefix: every page renders the
# menu, and reversing its dozen links again on each request cost more than the rest of it.
_URLS: dict[tuple[Any, ...], str] = {}


@receiver(setting_changed)
def _forget_urls(**kwargs: Any) -> None:
    _URLS.clear()
    _LISTS.clear()


def _url(name: str, *args: str) -> str:
    key = (get_urlconf(), get_script_prefix(), name, *args)
    url = _URLS.get(key)
    if url is None:
        url = _URLS[key] = reverse(name, args=args)
    return url


def links_for(roles: frozenset[str], path: str) -> list[dict[str, Any]]:
    seen: set[str] = set()
    links: list[dict[str, Any]] = []
    for role in ROLE_ORDER:
        for link in LINKS_BY_ROLE.get(role, []) if role in roles else []:
            if link.url_name in seen:
                continue
            seen.add(link.url_name)
            url = _url(link.url_name)
            current = path == url if url == "/" else path.startswith(url)
            links.append({"url": url, "label": link.label, "icon": link.icon, "current": current})
    return links


# The menu's list of links as HTML, per language and set of links: the header's menu and
# the side navigation show the same list, on every page, and the variants are few (roles ×
# the page that is current × languages). Bounded all the same.
_LISTS: dict[tuple[Any, ...], str] = {}
_LISTS_KEPT = 512


def nav_list(links: list[dict[str, Any]], icons_url: str) -> str:
    """templates/_nav_links.html for these links, rendered once per language and links."""
    key = (get_language(), icons_url, *((link["url"], link["current"]) for link in links))
    html = _LISTS.get(key)
    if html is None:
        if len(_LISTS) >= _LISTS_KEPT:
            _LISTS.clear()
        html = _LISTS[key] = get_template("_nav_links.html").render(
            {"nav_links": links, "icons_url": icons_url}
        )
    return html


def guide_for(roles: frozenset[str]) -> str:
    for role in ROLE_ORDER:
        if role in roles and role in GUIDE_BY_ROLE:
            return GUIDE_BY_ROLE[role]
    return "student" if student_facing(roles) else "coordinator"


def student_facing(roles: frozenset[str]) -> bool:
    """Pages a student or peer supporter reads: quick exit, and "kamu" in every text."""
    return bool(roles & {Role.STUDENT, Role.PEER_SUPPORTER}) and not (roles & STAFF_ROLES)


def _unread(user: Any) -> dict[str, Any]:
    """The bell's badge: how many unread, and "99+" past that."""
    count = notification_queries.unread_count(user)
    return {
        "unread_notifications": count,
        "unread_badge": notification_queries.unread_label(count),
        "unread_many": count > notification_queries.UNREAD_SHOWN,
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles: frozenset[str] = getattr(request, "roles", frozenset())
    org = getattr(request, "organisation", None)
    links = links_for(roles, request.path)
    guide = guide_for(roles)
    # The icon sprite's URL, found once for the icons of the header and the menus.
    icons_url = static("img/icons.svg")
    context: dict[str, Any] = {
        "nav_links": links,
        "nav_list": nav_list(links, icons_url),
        "icons_url": icons_url,
        "guide": guide,
        # The menu's other links, reversed once like the navigation's.
        "menu_urls": {
            "notifications": _url("notifications"),
            "help": _url("help_guide", guide),
            "password_change": _url("password_change"),
            "switch_organisation": _url("switch_organisation"),
            "exit_and_log_out": _url("exit_and_log_out"),
            "logout": _url("logout"),
        },
        **_unread(user),
        "show_quick_exit": student_facing(roles),
        "wide_layout": bool(roles & STAFF_ROLES),
    }
    if context["show_quick_exit"]:
        context["quick_exit_url"] = (
            settings_for(org).quick_exit_target if org is not None else settings.QUICK_EXIT_URL
        )
    return context
