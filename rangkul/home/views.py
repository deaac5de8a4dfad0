import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from rangkul.accounts.roles import STAFF_ROLES
from rangkul.home.tiles import tiles_for
from rangkul.lib import markdown
from rangkul.safety.roster import settings_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    roles = request.roles  # type: ignore[attr-defined]
    tiles = tiles_for(request.user, org, roles) if org is not None else []
    return render(request, "home/home.html", {"tiles": tiles})


def neutral(request: HttpRequest) -> HttpResponse:
    """An ordinary page with nothing about counseling (kept for old bookmarks)."""
    return render(request, "home/neutral.html")


@require_POST
def exit_and_log_out(request: HttpRequest) -> HttpResponse:
    """Quick exit that also ends the session: log out, then leave for the outside site.

    The page's script calls this with fetch and then replaces the page itself, so that no
    history entry of Rangkul is added; without the script the redirect does the same job.
    """
    org = getattr(request, "organisation", None)
    target = settings_for(org).quick_exit_target if org is not None else settings.QUICK_EXIT_URL
    logout(request)
    return HttpResponseRedirect(target)


GUIDES = ("student", "peer", "counselor", "coordinator", "admin")
GUIDE_DIR = settings.BASE_DIR / "docs" / "guides"
IMAGE_DIR = settings.BASE_DIR / "docs" / "img"


def help_guide(request: HttpRequest, name: str) -> HttpResponse:
    """A role's user guide (docs/guides/<name>.<lang>.md), in the page's language."""
    if name not in GUIDES:
        raise Http404
    lang = "en" if (get_language() or "id").startswith("en") else "id"
    source = (GUIDE_DIR / f"{name}.{lang}.md").read_text(encoding="utf-8")
    body = markdown.render(
        source, image_url=lambda path: reverse("help_image", args=[Path(path).name])
    )
    return render(request, "home/guide.html", {"body": mark_safe(body), "guides": GUIDES})  # noqa: S308 (escaped by the renderer)


def help_image(request: HttpRequest, name: str) -> FileResponse:
    """Screenshots of the guides (demo data only), from docs/img."""
    if not re.fullmatch(r"[a-z0-9-]+\.png", name) or not (IMAGE_DIR / name).is_file():
        raise Http404
    response = FileResponse((IMAGE_DIR / name).open("rb"), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def components(request: HttpRequest) -> HttpResponse:
    """Every component of the design system on one page: for staff, and only in debug."""
    if not settings.DEBUG or not (request.roles & STAFF_ROLES):  # type: ignore[attr-defined]
        raise Http404
    bars = [
        {"label": _("Minimal"), "count": 12, "share": 48},
        {"label": _("Mild"), "count": 8, "share": 32},
        {"label": _("Moderate"), "count": "<5", "share": 0},
    ]
    swatches = [
        "ink",
        "ink-muted",
        "primary",
        "primary-strong",
        "primary-soft",
        "info",
        "success",
        "warning",
        "danger",
        "surface-soft",
        "border",
        "focus",
    ]
    return render(request, "home/components.html", {"bars": bars, "swatches": swatches})
