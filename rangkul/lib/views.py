"""Small helpers shared by the views of every app (Django only, no domain imports)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


def current_org(request: HttpRequest) -> Any:
    """The organisation the request works in (set by the middleware, or by API token
    authentication); 404 when the user belongs to none."""
    org = getattr(request, "organisation", None)
    if org is None:
        raise Http404
    return org


def attach_errors(form: Form, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Show a service's validation error on the form, by field where it names one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.error_dict.items():
        name = (rename or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def error_text(exc: Exception) -> str:
    """A service's refusal as one line for a flash message."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You may not do this.")
