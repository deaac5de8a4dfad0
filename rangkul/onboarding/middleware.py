from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from rangkul.accounts.services import first_login_pending

# Pages a login with a pending first step may still open (besides its own steps).
_OPEN_NAMES = ("logout", "exit_and_log_out", "neutral")
_OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz")


class FirstLoginMiddleware:
    """A login with a one-time password first chooses its own password, then reads and
    acknowledges the privacy notice; until then every page leads there and the API
    answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not first_login_pending(user):
            return self.get_response(request)
        step = "first_password" if user.must_change_password else "privacy_notice"
        path = request.path
        if path.startswith(_OPEN_PREFIXES) or path in {reverse(n) for n in _OPEN_NAMES}:
            return self.get_response(request)
        if path in (reverse("first_password"), reverse("privacy_notice")):
            if path == reverse(step):
                return self.get_response(request)
            return redirect(step)
        if path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Choose your own password and read the privacy notice first.")},
                status=403,
            )
        return redirect(step)
