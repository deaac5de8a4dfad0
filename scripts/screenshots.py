"""Screenshots of the main screens at 360 and 1280 px for docs/design.md and the guides.

Run by `make screenshots`: prepares a fresh demo database in var/, serves it on a free port of
127.0.0.1, signs in as each demo persona in Debian's Chromium and writes PNG files under
docs/img/. Nothing leaves this machine.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
PASSWORD = "rangkul-demo-2026"

# (file name, persona, path, widths)
SHOTS: list[tuple[str, str, str, tuple[int, ...]]] = [
    ("login", "", "/login/", (360, 1280)),
    ("student-home", "siswa1-04", "/", (360, 1280)),
    ("student-ask", "siswa1-04", "/help/", (360,)),
    ("student-requests", "siswa1-05", "/my/requests/", (360,)),
    ("peer-home", "siswa1-01", "/", (360,)),
    ("counselor-home", "konselor1a", "/", (360, 1280)),
    ("counselor-triage", "konselor1a", "/triage/", (360, 1280)),
    ("coordinator-home", "koordinator1", "/", (1280,)),
    ("principal-home", "kepsek1", "/", (360, 1280)),
    ("admin-members", "admin1", "/members/", (1280,)),
    ("components", "konselor1a", "/design/components/", (360, 1280)),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    base = os.environ.get("SCREENSHOT_BASE_URL")
    if base:  # a demo server that is already running
        shoot(base, set(sys.argv[1:]))
        return 0
    from playwright.sync_api import sync_playwright  # noqa: F401 (fail early without it)

    env = dict(os.environ, DJANGO_DEBUG="1", SQLITE_PATH=str(ROOT / "var" / "screenshots.sqlite3"))
    env.pop("DATABASE_URL", None)
    Path(env["SQLITE_PATH"]).unlink(missing_ok=True)
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [py, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    port = free_port()
    server = subprocess.Popen(
        [py, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=1)  # noqa: S310 (local)
                break
            except OSError:
                time.sleep(0.2)
        shoot(base, set(sys.argv[1:]))
    finally:
        server.terminate()
        server.wait()
    return 0


def shoot(base: str, wanted: set[str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        for name, persona, path, widths in SHOTS:
            if wanted and name not in wanted:
                continue
            for width in widths:
                context = browser.new_context(
                    locale="id-ID", viewport={"width": width, "height": 800}
                )
                page = context.new_page()
                if persona:
                    page.goto(f"{base}/login/")
                    page.fill("#id_username", persona)
                    page.fill("#id_password", PASSWORD)
                    page.locator("main form button[type=submit]").first.click()
                    page.wait_for_load_state()
                page.goto(f"{base}{path}")
                page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=width == 360)
                context.close()
                print(f"docs/img/{name}-{width}.png")
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
