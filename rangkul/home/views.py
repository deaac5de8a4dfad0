from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rangkul.home.tiles import tiles_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    roles = request.roles  # type: ignore[attr-defined]
    tiles = tiles_for(request.user, org, roles) if org is not None else []
    return render(request, "home/home.html", {"tiles": tiles})


def neutral(request: HttpRequest) -> HttpResponse:
    """Where the quick-exit button leads: an ordinary page with nothing about counseling."""
    return render(request, "home/neutral.html")
