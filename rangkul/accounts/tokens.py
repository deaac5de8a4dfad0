"""Ending a user's API tokens.

The one write that both `User.save()` (a new password, however it was set) and the account
services (a lost role, a sign-out, a reset) need. It reaches the tokens through the user's
`api_tokens` relation and imports no other accounts module, so the models can call it
without importing the services.
"""

from typing import Any

from django.utils import timezone

from rangkul.audit import services as audit


def revoke_tokens_of(user: Any, *, reason: str) -> int:
    """End every live API token of `user` (after a new password, a lost role, a sign-out);
    audited when there was one. Returns how many ended."""
    count: int = user.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if count:
        audit.record(user, "auth.tokens_revoked", user, data={"count": count, "reason": reason})
    return count
