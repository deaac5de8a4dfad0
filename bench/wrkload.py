"""Run wrk (Debian package `wrk`, see scripts/system-deps.sh) and read its figures; the
small server helpers the benches share (a free port, waiting for gunicorn). Not a bench
itself: `make bench` skips it.

Every run goes through one Lua script that sends a list of jobs (method, path, one
header, JSON body) and counts the answers by status code, because wrk alone counts a
redirect to the login page as a success. With `once`, each job is sent exactly once:
thread t of n sends jobs t, t + n, t + 2n ... and stops when its share is done, so a
write (a submission, a help request) is never repeated; otherwise the list is sent
round and round until the time is up.
"""

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

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

JOBS_SCRIPT = r"""
-- WRK_JOBS: one job a line, tab-separated: method, path, one "Name: value" header or
-- nothing, JSON body or nothing. WRK_ONCE=1: each job once (see bench/wrkload.py).
local jobs = {}
for line in io.lines(os.getenv("WRK_JOBS")) do
  local method, path, header, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
  table.insert(jobs, {method, path, header, body})
end
local once = os.getenv("WRK_ONCE") == "1"
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

-- Globals of each thread, read back by done().
statuses = {}
fillers = 0
local sent = 0
local answered = 0
local formatted = {}

local function format(i)
  if formatted[i] == nil then
    local job = jobs[i]
    local headers = {}
    local name, value = job[3]:match("^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
    local body = nil
    if job[4] ~= "" then
      headers["Content-Type"] = "application/json"
      body = job[4]
    end
    formatted[i] = wrk.format(job[1], job[2], headers, body)
  end
  return formatted[i]
end

function request()
  local n = tonumber(os.getenv("WRK_THREADS"))
  local i = (tid or 0) + sent * n
  sent = sent + 1
  if i >= #jobs then
    if once then
      -- This thread's share is sent: the connections still asking get the cheapest
      -- request there is (counted apart) until every job of the share is answered.
      fillers = fillers + 1
      return wrk.format("GET", "/api/v1/version")
    end
    i = i % #jobs
  end
  return format(i + 1)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answered = answered + 1
  if once and fillers > 0 and answered >= sent - fillers then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total, filled = {}, 0
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + n
    end
    filled = filled + thread:get("fillers")
  end
  for code, n in pairs(total) do
    io.write(string.format("STATUS %d %d\n", code, n))
  end
  io.write(string.format("FILLERS %d\n", filled))
end
"""


class Job(NamedTuple):
    method: str
    path: str
    header: str = ""  # one "Name: value" header, e.g. a bearer token or a cookie
    body: str = ""  # JSON


@dataclass
class Result:
    name: str
    rate: float
    p50: float
    p99: float
    requests: int
    seconds: float
    statuses: dict[int, int] = field(default_factory=dict)
    fillers: int = 0
    socket_errors: str = ""

    @property
    def failed(self) -> int:
        """Answers outside 2xx (wrk alone would count a 3xx as a success)."""
        return sum(n for code, n in self.statuses.items() if not 200 <= code < 300)

    def codes(self) -> str:
        return " ".join(f"{code}×{n}" for code, n in sorted(self.statuses.items()))

    HEADER = f"  {'phase':<32} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'× floor':>8}  answers"

    def line(self, floor: float | None = None) -> str:
        """One row under HEADER: the ratio is to `floor` (requests/s), none for the floor."""
        ratio = f"{self.rate / floor:.2f} ×" if floor else "floor"
        return (
            f"  {self.name:<32} {self.rate:7.0f} {self.p50:8.1f} {self.p99:8.1f} {ratio:>8}  "
            f"{self.codes()}"
        )

    def notes(self) -> list[str]:
        out = []
        if self.failed:
            out.append(f"{self.failed} of {sum(self.statuses.values())} answers were not 2xx")
        if self.fillers:
            out.append(
                f"the jobs ran out before {self.seconds:.0f} s (then {self.fillers} filler "
                "GETs of /api/v1/version, in the counts): the rate is a lower bound"
            )
        if self.socket_errors:
            out.append(f"socket errors: {self.socket_errors}")
        return out


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
    base: str,
    jobs: list[Job],
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    once: bool = False,
) -> Result:
    """Send `jobs` to `base` (http://host:port) for `seconds`, or until each was sent once."""
    if not jobs:
        sys.exit(f"{name}: nothing to send")
    cmd = [wrk_path(), "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    cmd += ["--latency", "--timeout", "10s"]
    tmp = Path(tempfile.mkdtemp(prefix="rangkul-wrk-"))
    try:
        (tmp / "jobs.tsv").write_text("".join("\t".join(job) + "\n" for job in jobs))
        (tmp / "jobs.lua").write_text(JOBS_SCRIPT)
        env = dict(os.environ)
        env |= {
            "WRK_JOBS": str(tmp / "jobs.tsv"),
            "WRK_THREADS": str(threads),
            "WRK_ONCE": "1" if once else "0",
        }
        cmd += ["-s", str(tmp / "jobs.lua"), base]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = parse(name, out.stdout)
    if result is None:
        sys.exit(f"wrk failed for {name}:\n{out.stdout}\n{out.stderr}")
    return result


def parse(name: str, text: str) -> Result | None:
    """The figures of wrk's report with the lines JOBS_SCRIPT adds; None if it has none."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    total = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", text)
    p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
    errors = re.search(r"Socket errors: (.+)", text)
    fillers = re.search(r"^FILLERS (\d+)$", text, re.M)
    if not rate or not total:
        return None
    return Result(
        name,
        float(rate.group(1)),
        _ms(p50.group(1)) if p50 else 0.0,
        _ms(p99.group(1)) if p99 else 0.0,
        int(total.group(1)),
        _ms(total.group(2) + total.group(3)) / 1000,
        {int(c): int(n) for c, n in re.findall(r"^STATUS (\d+) (\d+)$", text, re.M)},
        int(fillers.group(1)) if fillers else 0,
        errors.group(1).strip() if errors else "",
    )
