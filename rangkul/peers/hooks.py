"""Callbacks that higher apps register for a peer's moves through the programme.

The competency self-assessment is a questionnaire of the screenings app, which sits above
this one: it registers a function here in its `AppConfig.ready()`, and `services.transition`
calls every registered function inside its transaction (a failure rolls the move back).
"""

from collections.abc import Callable
from typing import Any

# Called as fn(profile, from_status, to_status, by=actor).
StatusCallback = Callable[..., None]
_on_status_changed: list[StatusCallback] = []


def on_status_changed(fn: StatusCallback) -> None:
    if fn not in _on_status_changed:
        _on_status_changed.append(fn)


def status_changed(profile: Any, old: str, new: str, *, by: Any) -> None:
    for fn in _on_status_changed:
        fn(profile, old, new, by=by)
