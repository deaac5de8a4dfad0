"""Callbacks that higher apps register for role changes.

`accounts` sits low in the layer order and must not import the apps that care about a role
(the peer programme creates a profile when the peer supporter role is granted). Those apps
register a function here in their `AppConfig.ready()`; `grant_role` and `revoke_role` call
every registered function inside their transaction, so a failure rolls the grant back.
"""

from collections.abc import Callable
from typing import Any

# role -> functions called as fn(membership, by=actor)
RoleCallback = Callable[..., None]
_on_granted: dict[str, list[RoleCallback]] = {}
_on_revoked: dict[str, list[RoleCallback]] = {}


def on_role_granted(role: str, fn: RoleCallback) -> None:
    if fn not in _on_granted.setdefault(role, []):
        _on_granted[role].append(fn)


def on_role_revoked(role: str, fn: RoleCallback) -> None:
    if fn not in _on_revoked.setdefault(role, []):
        _on_revoked[role].append(fn)


def role_granted(membership: Any, *, by: Any) -> None:
    for fn in _on_granted.get(membership.role, []):
        fn(membership, by=by)


def role_revoked(membership: Any, *, by: Any) -> None:
    for fn in _on_revoked.get(membership.role, []):
        fn(membership, by=by)
