"""What a locked-out login attempt is answered with (django-axes' AXES_LOCKOUT_CALLABLE)."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Too many failed attempts. Wait a while and try again.")}, status=429
        )
    return render(request, "registration/locked_out.html", status=429)
