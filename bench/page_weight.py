"""Bytes on the wire per page, at 360 px in Chromium, with production settings.

    .venv/bin/python bench/page_weight.py

Collects the static files (hashed, compressed: whitenoise's manifest storage), prepares a
fresh SQLite demo database in a temporary folder, serves it with gunicorn on a free
127.0.0.1 port with DJANGO_DEBUG off, and signs in as demo personas in Debian's Chromium.
For every page it measures, through the DevTools protocol, the bytes transferred (headers
and compressed bodies of the page and everything it loads):

- first load: with an empty browser cache (the session cookie is kept);
- repeat load: the same page again, with the cache the first load filled;
- slow 3G (student pages): a cold load with 400 ms round trips and 400 kbit/s each way,
  time until the load event.

Goals (issue: "a design a frightened student and a busy counselor can use on a cheap
phone"): first load ≤ 40 KB, repeat ≤ 10 KB, student pages on slow 3G < 2 s. Prints a
table and exits 1 when a goal is missed. Talks to 127.0.0.1 only; bounded in pages and time.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import benchenv  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
PASSWORD = "rangkul-demo-2026"
FIRST_GOAL = 40 * 1024
REPEAT_GOAL = 10 * 1024
SLOW_GOAL_S = 2.0

# persona, path ("campaign" is the first campaign on the screenings page), student page?
PAGES: list[tuple[str, str, bool]] = [
    ("", "/login/", True),
    ("siswa1-04", "/", True),
    ("siswa1-04", "/help/", True),
    ("siswa1-04", "/my/requests/", True),
    ("siswa1-04", "/activities/my/", True),
    ("siswa1-04", "/screenings/mine/", True),
    ("siswa1-01", "/offers/", True),
    ("konselor1a", "/", False),
    ("konselor1a", "/triage/", False),
    ("konselor1a", "/cases/", False),
    ("konselor1a", "/safety/alerts/", False),
    ("konselor1a", "/screenings/", False),
    ("konselor1a", "campaign", False),
    ("kepsek1", "/", False),
    ("analis", "/", False),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(workdir: Path) -> dict[str, str]:
    env = benchenv.production_env(
        drop=("DATABASE_URL",),
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        AXES_ENABLED="0",
    )
    run = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], **run)  # type: ignore[call-overload]
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], **run)  # type: ignore[call-overload]
    subprocess.run([PYTHON, "manage.py", "seed_demo", "--force"], **run)  # type: ignore[call-overload]
    return env


class Meter:
    """Sums encodedDataLength of every finished request of a page, via CDP."""

    def __init__(self, page: Any) -> None:
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.bytes = 0
        self.cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def measure(self, page: Any, url: str, *, cold: bool) -> tuple[int, float]:
        if cold:
            self.cdp.send("Network.clearBrowserCache")
        self.bytes = 0
        start = time.perf_counter()
        page.goto(url, wait_until="load")
        elapsed = time.perf_counter() - start
        page.wait_for_timeout(150)  # late loadingFinished events
        return self.bytes, elapsed


def main() -> int:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="rangkul-weight-"))
    env = prepare(workdir)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "rangkul.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    failures = 0
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=1)  # noqa: S310 (local)
                break
            except OSError:
                time.sleep(0.2)
        executable = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
            print(f"{'persona':<12} {'page':<22} {'first':>8} {'repeat':>8} {'slow 3G':>8}")
            contexts: dict[str, Any] = {}
            for persona, path, student in PAGES:
                if persona not in contexts:
                    context = browser.new_context(
                        viewport={"width": 360, "height": 740}, locale="id-ID"
                    )
                    page = context.new_page()
                    if persona:
                        page.goto(f"{base}/login/")
                        page.fill("#id_username", persona)
                        page.fill("#id_password", PASSWORD)
                        page.locator("main form button[type=submit]").first.click()
                        page.wait_for_url(f"{base}/")
                    contexts[persona] = (page, Meter(page))
                page, meter = contexts[persona]
                if path == "campaign":
                    page.goto(f"{base}/screenings/")
                    link = page.locator("main a[href*='/screenings/campaigns/']").first
                    path = link.get_attribute("href") or "/screenings/"
                url = f"{base}{path}"
                first, _t = meter.measure(page, url, cold=True)
                repeat, _t = meter.measure(page, url, cold=False)
                slow = ""
                if student:
                    meter.cdp.send(
                        "Network.emulateNetworkConditions",
                        {
                            "offline": False,
                            "latency": 400,
                            "downloadThroughput": 400_000 / 8,
                            "uploadThroughput": 400_000 / 8,
                        },
                    )
                    _b, seconds = meter.measure(page, url, cold=True)
                    meter.cdp.send(
                        "Network.emulateNetworkConditions",
                        {
                            "offline": False,
                            "latency": 0,
                            "downloadThroughput": -1,
                            "uploadThroughput": -1,
                        },
                    )
                    slow = f"{seconds:.2f} s"
                    failures += seconds >= SLOW_GOAL_S
                failures += first > FIRST_GOAL or repeat > REPEAT_GOAL
                mark = "" if first <= FIRST_GOAL and repeat <= REPEAT_GOAL else "  <- over"
                print(
                    f"{persona or 'anonymous':<12} {path[:22]:<22} {first / 1024:>6.1f}KB "
                    f"{repeat / 1024:>6.1f}KB {slow:>8}{mark}"
                )
            browser.close()
        print(
            f"goals: first load <= {FIRST_GOAL // 1024} KB, repeat <= {REPEAT_GOAL // 1024} KB, "
            f"student pages on slow 3G < {SLOW_GOAL_S:.0f} s; missed: {failures}"
        )
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
