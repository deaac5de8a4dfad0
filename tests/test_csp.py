"""The Content Security Policy allows scripts only from the site's own files, and no
template contains a script the policy would block (inline code or event handlers)."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "rangkul"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _templates() -> list[Path]:
    found = []
    for root in TEMPLATE_DIRS:
        found += [p for p in root.rglob("*.html") if ".venv" not in p.parts]
    return found


def test_pages_carry_a_policy_without_inline_scripts(db) -> None:
    response = Client().get("/login/")
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_holds_inline_script_or_event_handlers() -> None:
    templates = _templates()
    assert len(templates) > 50
    problems = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JS_URL):
            for match in pattern.finditer(text):
                problems.append(f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)[:60]}")
    assert problems == []


def test_the_checks_find_what_they_look_for() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/rangkul.js" defer></script>')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert JS_URL.search('<a href="javascript:void(0)">')
