"""Every Indonesian and English catalogue entry is translated, none fuzzy."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po"))


def test_both_languages_have_a_catalogue():
    assert {p.parts[-3] for p in CATALOGUES} >= {"id", "en"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: "/".join(p.parts[-3:]))
def test_catalogue_is_complete(po: Path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (make setup installs it)"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """Catches user-facing text added without running `make makemessages`."""
    work = tmp_path / "src"
    ignore = shutil.ignore_patterns(".venv", "var", "__pycache__", "*.mo", ".git", "node_modules")
    for name in ("rangkul", "templates", "locale"):
        shutil.copytree(ROOT / name, work / name, ignore=ignore)
    shutil.copy(ROOT / "manage.py", work / "manage.py")
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "makemessages", "-l", "id", "-v0"],
        cwd=work,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_DEBUG": "1", "PYTHONPATH": str(work)},
    )
    fresh = work / "locale/id/LC_MESSAGES/django.po"
    result = subprocess.run(
        ["msgcmp", "--use-untranslated", str(ROOT / "locale/id/LC_MESSAGES/django.po"), str(fresh)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )
    assert result.returncode == 0, "Run `make makemessages` and translate:\n" + result.stderr
