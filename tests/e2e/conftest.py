"""End-to-end tests in a real browser: Playwright driving Debian's Chromium."""

import os
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _journey_starts_clean(request: Any) -> None:
    """Each live-server journey starts with no attempts counted and the region table filled.

    A test's flush empties the counts' table, but not a Redis "limits" cache (with REDIS_URL
    set), where the suite's many sign-ins as the same persona would reach the per-person login
    limit whenever the e2e tests run faster than its window. The same flush empties the region
    table, which `post_migrate` refills only when the flush emits it; a journey that followed
    one that did not found the village picker empty."""
    if "live_server" not in request.fixturenames:
        return
    from rangkul.lib import ratelimit
    from rangkul.regions.data import load as load_regions

    request.getfixturevalue("transactional_db")
    ratelimit.reset()
    load_regions()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is needed (make setup installs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A 360 px wide phone with an Indonesian browser."""
    context = browser.new_context(
        locale="id-ID", viewport={"width": 360, "height": 740}, device_scale_factor=2
    )
    stub_outside_sites(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


OUTSIDE_PAGE = "<!doctype html><title>Prakiraan cuaca</title><h1>Prakiraan cuaca</h1>"


def stub_outside_sites(context: Any) -> None:
    """The tests never leave this machine: every https:// site (where quick exit leads)
    answers with a plain weather page from the browser itself."""
    context.route(
        re.compile(r"^https://"),
        lambda route: route.fulfill(status=200, content_type="text/html", body=OUTSIDE_PAGE),
    )


def open_menu(page: Any) -> None:
    menu = page.get_by_test_id("menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()


def logout(page: Any) -> None:
    """Log out from the header menu; a student's "exit and log out" leaves for the outside
    site, so come back to the login page afterwards."""
    open_menu(page)
    if page.get_by_test_id("log-out").count():
        page.get_by_test_id("log-out").click()
        page.wait_for_url(re.compile(r"/login/"))
    else:
        page.get_by_test_id("exit-and-log-out").click()
        page.wait_for_url(re.compile(r"^https://"))


def page_width(page: Any) -> int:
    """The page's layout width once its style sheets apply. Measured as soon as an element
    appears, a page whose CSS is still arriving is unstyled for a moment, and an unstyled
    menu or picture reads as overflow that a user never sees."""
    page.wait_for_load_state("load")
    page.wait_for_function(
        "[...document.querySelectorAll('link[rel=stylesheet]')]"
        ".every(link => link.sheet && link.sheet.cssRules.length > 0)"
    )
    return int(page.evaluate("document.documentElement.scrollWidth"))


def login(page: Any, base_url: str, username: str, password: str) -> None:
    # The live server's first request imports the URL configuration and every view module,
    # which can take longer than the default wait on a busy machine.
    page.goto(f"{base_url}/login/", timeout=60_000)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
