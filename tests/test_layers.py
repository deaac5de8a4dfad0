"""The layer contract of docs/architecture.md, checked by import-linter in `make lint`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """The Python sources and the contract, outside the working tree."""
    shutil.copytree(
        ROOT / "rangkul",
        tmp_path / "rangkul",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.html", "*.yaml", "*.json"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contract_holds_for_the_code_as_it_is(tree_copy):
    result = _lint(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("peers/models.py", "rangkul.cases.models"),
        ("cases/queries.py", "rangkul.activities.queries"),
        ("lib/views.py", "rangkul.accounts.models"),
        ("people/views.py", "rangkul.cases.queries"),
    ],
)
def test_a_back_import_breaks_the_contract(tree_copy, lower, higher):
    module = tree_copy / "rangkul" / lower
    module.write_text(module.read_text() + f"\nimport {higher}  # noqa: E402,F401\n")
    result = _lint(tree_copy)
    assert result.returncode != 0
    lower_app = "rangkul." + lower.split("/")[0]
    higher_app = ".".join(higher.split(".")[:2])
    assert f"{lower_app} is not allowed to import {higher_app}" in result.stdout
