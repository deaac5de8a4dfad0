"""Small helpers shared by the views of every app (Django only, no domain imports)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _


def current_org(request: HttpRequest, named: Any = None) -> Any:
    """The organisation the request works in, from the authenticated membership (set by the
    middleware, or by API token authentication); 404 when the user belongs to none. Pages
    and API calls never pick another one: an organisation `named` in a query or a body
    must be this one, or the answer is 404 like any object out of scope."""
    org = getattr(request, "organisation", None)
    if org is None or (named is not None and str(named) != str(org.pk)):
        raise Http404
    return org


def language_of(request: HttpRequest) -> str:
    """The two-letter language of the request (Indonesian unless chosen otherwise)."""
    code = (getattr(request, "LANGUAGE_CODE", "") or "id")[:2]
    return code if code in ("id", "en") else "id"


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


def refuse(request: HttpRequest, exc: Exception) -> None:
    """The one rule for an action refused on a page. Out of scope is a 404 and never gets
    here; an object the user may see but an action they may not take shows the service's
    reason as a message, and the caller renders the page again with status 403 (the API
    answers the same refusal as 403 with a JSON detail)."""
    messages.error(request, error_text(exc))
