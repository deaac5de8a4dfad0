"""A web worker reads the detector as it starts, so no student's help request waits for it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import rangkul.wsgi
from rangkul.safety.detection.learned import default_model
from rangkul.safety.detection.loading import default_ruleset
print(default_model.cache_info().currsize, default_ruleset.cache_info().currsize,
      default_model() is not None)
"""


def test_the_worker_has_the_model_and_phrases_before_its_first_request() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DJANGO_DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1", "1", "True"]
