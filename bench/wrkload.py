"""Run wrk (Debian package `wrk`, see scripts/system-deps.sh) and read its figures; the
small server helpers the benches share (a free port, waiting for gunicorn)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, server: subprocess.Popen[bytes], tries: int = 300) -> None:
    """Until the app answers /api/v1/version; exits the bench if gunicorn dies or stalls."""
    for _ in range(tries):
        if server.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/v1/version")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

PAIRS_SCRIPT = r"""
-- Each request takes the next line of WRK_JOBS: method, path, token, body (tab-separated);
-- thread t takes lines t, t + n, t + 2n ... so no two threads send the same job.
local jobs = {}
for line in io.lines(os.getenv("WRK_JOBS")) do
  local method, path, token, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  table.insert(jobs, {method, path, token, body})
end
local counter = 0
local created = 0
function setup(thread)
  thread:set("tid", created)
  created = created + 1
end
function request()
  local n = tonumber(os.getenv("WRK_THREADS"))
  local job = jobs[((tid or 0) + counter * n) % #jobs + 1]
  counter = counter + 1
  local headers = {}
  if job[3] ~= "" then headers["Authorization"] = "Bearer " .. job[3] end
  if job[4] ~= "" then headers["Content-Type"] = "application/json" end
  return wrk.format(job[1], job[2], headers, job[4] ~= "" and job[4] or nil)
end
"""


@dataclass
class Result:
    name: str
    rate: float
    p50: float
    p99: float
    requests: int
    non_2xx: int

    def line(self, floor: float | None = None) -> str:
        ratio = f"  {self.rate / floor:5.2f} × version" if floor else ""
        errors = f"  non-2xx {self.non_2xx}" if self.non_2xx else ""
        return (
            f"  {self.name:<34} {self.rate:8.0f}/s  p50 {self.p50:7.1f} ms  "
            f"p99 {self.p99:7.1f} ms{ratio}{errors}"
        )


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is missing: run scripts/system-deps.sh (Debian package wrk)")
    return found


def _ms(text: str) -> float:
    m = re.match(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * _UNITS[m.group(2)] if m else 0.0


def run(
    name: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    jobs: list[tuple[str, str, str, str]] | None = None,
) -> Result:
    """GET `url` over and over, or send `jobs` (method, path, token, body) in turn."""
    cmd = [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    cmd += ["--latency", "--timeout", "10s"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    env = dict(os.environ)
    tmp = Path(tempfile.mkdtemp(prefix="rangkul-wrk-"))
    try:
        if jobs is not None:
            (tmp / "jobs.tsv").write_text("\n".join("\t".join(j) for j in jobs) + "\n")
            (tmp / "jobs.lua").write_text(PAIRS_SCRIPT)
            env |= {"WRK_JOBS": str(tmp / "jobs.tsv"), "WRK_THREADS": str(threads)}
            cmd += ["-s", str(tmp / "jobs.lua")]
        cmd.append(url)
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = out.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if not rate:
        sys.exit(f"wrk failed for {name}:\n{text}\n{out.stderr}")
    return Result(
        name,
        float(rate.group(1)),
        _ms(p50.group(1)) if p50 else 0.0,
        _ms(p99.group(1)) if p99 else 0.0,
        int(total.group(1)) if total else 0,
        int(bad.group(1)) if bad else 0,
    )
