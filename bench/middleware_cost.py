"""What each middleware costs per request, in process (no network, no server).

    .venv/bin/python bench/middleware_cost.py [--requests 3000]

Builds Django's WSGI handler with the full MIDDLEWARE, then once without each middleware
in turn, and times GET /api/v1/version (no database) through each, as a browser would
call it (with a session cookie) and as an integration would (with a bearer token, which
takes the short chain of rangkul/lib/wsgi.py). Prints microseconds per request and what
each middleware adds. DEBUG off; a temporary SQLite file; talks to nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import benchenv  # noqa: E402

os.environ.pop("DATABASE_URL", None)
benchenv.apply(SQLITE_PATH=str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from rangkul.lib.wsgi import Application

    def environ(**extra: str) -> dict[str, Any]:
        env = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/api/v1/version",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443",
            "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "https",
            "wsgi.input": io.BytesIO(b""),
            "REMOTE_ADDR": "127.0.0.1",
        }
        env.update(extra)
        return env

    def start_response(*_a: Any) -> None:
        return None

    def timed(app: Any, **extra: str) -> float:
        """Median of five rounds, microseconds per request."""
        rounds = []
        for _ in range(5):
            n = args.requests // 5
            started = time.perf_counter()
            for _i in range(n):
                result = app(environ(**extra), start_response)
                b"".join(result)
                result.close()
            rounds.append((time.perf_counter() - started) / n * 1e6)
        return statistics.median(rounds)

    def handler(middleware: list[str]) -> WSGIHandler:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = middleware
        try:
            return WSGIHandler()
        finally:
            settings.MIDDLEWARE = full

    cookie = {"HTTP_COOKIE": "sessionid=x; csrftoken=y"}
    bearer = {"HTTP_AUTHORIZATION": "Bearer not-a-real-token"}
    none = timed(handler([]))
    full = timed(handler(list(settings.MIDDLEWARE)), **cookie)
    app = Application()
    short = timed(app, **bearer)
    print(f"GET /api/v1/version in process, {args.requests} requests a measurement (µs/request)")
    print(f"{'no middleware':<58} {none:8.0f}")
    print(f"{'full MIDDLEWARE (browser, session cookie)':<58} {full:8.0f}  +{full - none:.0f}")
    print(f"{'bearer-token chain (API_TOKEN_MIDDLEWARE)':<58} {short:8.0f}  +{short - none:.0f}")
    print()
    print(f"{'without this one middleware (browser call)':<58} {'µs':>8}  saves")
    for name in settings.MIDDLEWARE:
        rest = [m for m in settings.MIDDLEWARE if m != name]
        t = timed(handler(rest), **cookie)
        print(f"{name:<58} {t:8.0f}  {full - t:5.0f}")


if __name__ == "__main__":
    main()
