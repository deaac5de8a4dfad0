"""The settings every bench gives Rangkul, in one place: production settings (DEBUG off)
with what a loopback run without TLS needs.

A bench that starts processes passes `production_env()` to them; a bench that runs the
application in its own process calls `apply()` before importing Django. Not a bench
itself: `make bench` skips it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# The fixed development key of rangkul/settings.py: `generate_data` and `seed_demo` run
# with DJANGO_DEBUG=1 write with it, so a production-like process must read with it too.
# A key set in the environment (data written with a real key) is kept.
DEVELOPMENT_ENCRYPTION_KEY = "cmFuZ2t1bC1sb2NhbC1kZXZlbG9wbWVudC1rZXktMDA="


def settings(**overrides: str) -> dict[str, str]:
    """The variables a bench sets; `overrides` replace or add to them."""
    values = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "rangkul.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "bench-" + uuid.uuid4().hex,
        "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS")
        or DEVELOPMENT_ENCRYPTION_KEY,
        # "testserver" for Django's test client, which the query budget table uses.
        "DJANGO_ALLOWED_HOSTS": f"{HOST},testserver",
        # Plain HTTP on loopback: no redirect to https, cookies sent without TLS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        # WhiteNoise warns when static files are not collected; the API needs none.
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    return values | overrides


def production_env(*, drop: tuple[str, ...] = (), **overrides: str) -> dict[str, str]:
    """The whole environment of a child process: this one's, without `drop`, plus
    `settings(**overrides)`."""
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return env | settings(**overrides)


def apply(**overrides: str) -> None:
    """Set `settings(**overrides)` in this process, before Django is imported."""
    os.environ.update(settings(**overrides))


def phqa_answers(i: int) -> dict[str, int]:
    """Complete PHQ-A answers for the i-th submission of a bench; every tenth set has a
    critical item 9 answer (so it raises an alert)."""
    base = i % 3
    items = {f"q{k}": (base + k) % 4 for k in range(1, 9)}
    items["q9"] = 1 if i % 10 == 0 else 0
    items |= {"s1": i % 2, "s3": 0, "s4": 0}
    if any(items[f"q{k}"] for k in range(1, 10)):
        items["s2"] = 1
    return items
