"""Logins, logouts and failed logins are recorded. Django offers only signals for these."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rangkul.audit.services import record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, "auth.logged_in", user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(user, "auth.logged_out", user)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Django has already masked the password in `credentials`. What was typed as the
    # username may be a password typed into the wrong field: it is kept only when it names
    # an existing account.
    username = str(credentials.get("username", ""))[:150]
    known = bool(username) and get_user_model()._default_manager.filter(username=username).exists()
    record(None, "auth.login_failed", data={"username": username} if known else {"known": False})
