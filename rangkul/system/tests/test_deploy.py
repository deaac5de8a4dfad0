"""The parts of a several-host deployment that can be shown without starting it: the
setting that puts tasks on Redis, the one-scheduler lock and the nginx site. The whole
topology is exercised by bench/topology.py."""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from conftest import WORKER
from rangkul.system import scheduler
from rangkul.system.models import Heartbeat
from rangkul.system.nginx import Site, main_config, render
from rangkul.system.tasks import worker_heartbeat

ROOT = Path(settings.BASE_DIR)
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


def settings_under(**env: str) -> subprocess.CompletedProcess[str]:
    """Load the settings module in a fresh interpreter with these environment variables."""
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'tasks': s.TASKS['default']['BACKEND'], "
        "'rq': getattr(s, 'RQ_QUEUES', None), 'apps': s.INSTALLED_APPS, "
        "'cache': s.CACHES['default']['BACKEND'], 'sessions': s.SESSION_ENGINE}))"
    )
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TASK_QUEUE", "TASKS_BACKEND", "REDIS_URL", "CACHE_STORE", "SESSION_STORE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "rangkul.settings", "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_tasks_stay_in_the_database_unless_the_redis_queue_is_chosen():
    plain = json.loads(settings_under().stdout)
    assert plain["tasks"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in plain["apps"]
    assert plain["cache"].endswith("LocMemCache")
    assert plain["sessions"] == "rangkul.lib.sessions"  # Django's database sessions

    redis = json.loads(
        settings_under(
            TASK_QUEUE="redis",
            REDIS_URL="redis://queue.internal:6379/0",
            CACHE_STORE="redis",
            SESSION_STORE="cached_db",
        ).stdout
    )
    assert redis["tasks"] == "django_tasks_rq.RQBackend"
    assert "django_rq" in redis["apps"]
    assert redis["rq"]["default"]["URL"] == "redis://queue.internal:6379/0"
    assert redis["cache"].endswith("RedisCache")
    assert redis["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_the_redis_queue_without_an_address_is_refused_at_start():
    done = settings_under(TASK_QUEUE="redis")
    assert done.returncode != 0
    assert "need REDIS_URL" in done.stderr
    done = settings_under(TASK_QUEUE="rabbit")
    assert done.returncode != 0
    assert "TASK_QUEUE must be one of database, redis" in done.stderr


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")
    return client


@WORKER
def test_a_task_enqueued_on_the_redis_queue_is_run_by_an_rq_worker(settings):
    _redis_or_skip()
    import django_rq
    from django_tasks_rq import Job
    from rq import SimpleWorker

    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    result = worker_heartbeat.enqueue()
    assert queue.count == 1
    assert not Heartbeat.objects.exists()  # nothing ran at enqueue time

    worker = SimpleWorker([queue], connection=queue.connection, job_class=Job)
    worker.work(burst=True)

    assert queue.count == 0
    assert Heartbeat.objects.filter(name="worker").exists()
    assert Job.fetch(result.id, connection=queue.connection).get_status() == "finished"


@WORKER
def test_run_worker_works_the_database_queue_by_default():
    worker_heartbeat.enqueue()
    assert not Heartbeat.objects.exists()
    call_command("run_worker", "--burst", verbosity=0)
    assert Heartbeat.objects.filter(name="worker").exists()


# --- the scheduler lock ---------------------------------------------------------------------


@pytest.fixture
def lock_file(settings, tmp_path):
    settings.SCHEDULER_LOCK_FILE = str(tmp_path / "scheduler.lock")
    settings.SCHEDULER_STANDBY_SECONDS = 0.1
    return settings.SCHEDULER_LOCK_FILE


@WORKER
def test_a_second_lock_is_refused_until_the_first_is_released(lock_file):
    first, second = scheduler.scheduler_lock(), scheduler.scheduler_lock()
    expected = scheduler.AdvisoryLock if connection.vendor == "postgresql" else scheduler.FileLock
    assert isinstance(first, expected)
    try:
        assert first.acquire()
        assert first.held()
        assert not second.acquire()
        first.release()
        assert second.acquire()
        assert second.held()
        assert not first.acquire()
    finally:
        first.release()
        second.release()


class Probe:
    """A task stand-in that counts how often schedulers enqueue it."""

    name = "probe"

    def __init__(self) -> None:
        self.enqueued = 0
        self.lock = threading.Lock()

    def enqueue(self) -> SimpleNamespace:
        with self.lock:
            self.enqueued += 1
        return SimpleNamespace(id=str(self.enqueued))


def wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@WORKER
def test_a_second_scheduler_stands_by_and_never_runs_a_job_twice(lock_file):
    probe = Probe()
    # An interval job runs once when a scheduler starts, then hourly: each scheduler that
    # schedules enqueues it exactly once during this test.
    jobs = [(probe, "interval", {"hours": 1})]
    first_stop, second_stop = threading.Event(), threading.Event()
    said: list[str] = []
    errors: list[BaseException] = []

    def run(stop: threading.Event) -> None:
        try:
            scheduler.run(jobs, stop=stop, say=said.append)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    first = threading.Thread(target=run, args=(first_stop,))
    first.start()
    assert wait_for(lambda: probe.enqueued == 1)
    second = threading.Thread(target=run, args=(second_stop,))
    second.start()
    assert wait_for(lambda: "Another scheduler holds the lock; standing by." in said)
    time.sleep(0.5)  # several standby rounds of the second copy
    assert probe.enqueued == 1, "the second scheduler enqueued the job again"

    first_stop.set()
    first.join(timeout=10)
    # The standby copy takes over when the first one stops, and schedules once.
    assert wait_for(lambda: probe.enqueued == 2)
    time.sleep(0.3)
    second_stop.set()
    second.join(timeout=10)
    assert probe.enqueued == 2
    assert said.count("Scheduler lock taken; scheduling.") == 2
    assert not errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's")
@WORKER
def test_a_scheduler_whose_database_session_ends_stops_scheduling():
    lock = scheduler.AdvisoryLock()
    other = scheduler.AdvisoryLock()
    try:
        assert lock.acquire()
        with lock.connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert wait_for(lambda: not lock.held())
        # The server dropped the lock with the session: another copy may take it.
        assert other.acquire()
    finally:
        lock.release()
        other.release()


# --- the nginx site -------------------------------------------------------------------------


EXAMPLE = [
    "--upstream",
    "10.0.0.11:8000",
    "--upstream",
    "10.0.0.12:8000",
    "--server-name",
    "rangkul.disdik.example.go.id",
    "--static-root",
    "/srv/rangkul/app/var/static",
    "--tls-certificate",
    "/etc/ssl/rangkul/fullchain.pem",
    "--tls-certificate-key",
    "/etc/ssl/rangkul/privkey.pem",
]


def test_the_shipped_nginx_site_is_what_the_command_writes():
    out = StringIO()
    call_command("nginx_site", *EXAMPLE, stdout=out)
    shipped = (ROOT / "deploy" / "nginx" / "rangkul.conf").read_text()
    assert out.getvalue() == shipped, "regenerate deploy/nginx/rangkul.conf (docs/deploy.md)"


def nginx_test(tmp_path: Path, site: str) -> subprocess.CompletedProcess[str]:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        pytest.skip("nginx is not installed (scripts/system-deps.sh installs it)")
    (tmp_path / "logs").mkdir(exist_ok=True)
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        main_config(
            str(tmp_path / "site.conf"),
            pid=str(tmp_path / "nginx.pid"),
            error_log=str(tmp_path / "logs" / "error.log"),
        )
    )
    return subprocess.run(
        [nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-e", str(tmp_path / "logs" / "error.log")],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip


def self_signed(tmp_path: Path) -> tuple[str, str]:
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=rangkul.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return str(cert), str(key)


def test_the_generated_nginx_site_with_tls_is_valid(tmp_path):
    cert, key = self_signed(tmp_path)
    static = tmp_path / "static"
    static.mkdir()
    site = render(
        Site(
            upstreams=["127.0.0.1:8001", "127.0.0.1:8002"],
            server_name="rangkul.test",
            static_root=str(static),
            tls_certificate=cert,
            tls_certificate_key=key,
            listen="127.0.0.1:8080",
            https_listen="127.0.0.1:8443",
        )
    )
    done = nginx_test(tmp_path, site)
    assert done.returncode == 0, done.stderr
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in site
    assert "return 301 https://$host$request_uri;" in site


def test_the_loopback_nginx_site_of_the_benchmark_is_valid_and_a_broken_one_is_not(tmp_path):
    site = render(Site(upstreams=["127.0.0.1:8001"], listen="127.0.0.1:8080"))
    done = nginx_test(tmp_path, site)
    assert done.returncode == 0, done.stderr
    broken = nginx_test(tmp_path, site.replace("proxy_pass", "proxy_passs", 1))
    assert broken.returncode != 0
    assert "proxy_passs" in broken.stderr
    with pytest.raises(ValueError):
        render(Site(upstreams=[]))
