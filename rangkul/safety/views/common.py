from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest


def current_org(request: HttpRequest) -> Any:
    org = getattr(request, "organisation", None)
    if org is None:
        raise Http404
    return org


def attach_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's validation error on the form, by field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
