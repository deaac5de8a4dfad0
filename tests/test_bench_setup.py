"""The benches' shared set-up: the application starts with their settings, and their
reading of wrk's report does not take a redirect for a success."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import benchenv  # noqa: E402
import wrkload  # noqa: E402

REPORT = """Running 10s test @ http://127.0.0.1:41234
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   410.22ms  120.90ms   1.30s    84.45%
  Latency Distribution
     50%  396.54ms
     75%  444.64ms
     90%  568.07ms
     99%    1.13s
  1534 requests in 10.02s, 9.40MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    153.09
Transfer/sec:     96.03KB
STATUS 200 1500
STATUS 302 30
STATUS 500 4
FILLERS 0
"""


def test_the_application_starts_with_the_bench_settings() -> None:
    # DEBUG off needs a secret key and encryption keys: a bench without them stops at once.
    env = benchenv.production_env(drop=("DATABASE_URL", "FIELD_ENCRYPTION_KEYS"))
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


def test_a_key_of_the_environment_is_kept(monkeypatch) -> None:
    monkeypatch.setenv("FIELD_ENCRYPTION_KEYS", "a-real-key")
    assert benchenv.settings()["FIELD_ENCRYPTION_KEYS"] == "a-real-key"


def test_redirects_and_errors_count_as_failed_answers() -> None:
    result = wrkload.parse("GET /triage/", REPORT)
    assert result is not None
    assert result.rate == 153.09
    assert (result.p50, result.p99) == (396.54, 1130.0)
    assert result.failed == 34  # wrk itself reports 4: it counts the redirects as successes
    assert result.codes() == "200×1500 302×30 500×4"
    assert "timeout 2" in " ".join(result.notes())


def test_a_failed_wrk_run_is_not_read_as_figures() -> None:
    assert wrkload.parse("GET /", "unable to connect to 127.0.0.1:1 Connection refused") is None
