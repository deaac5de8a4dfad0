from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

from conftest import WORKER, run_worker
from rangkul.system.models import Heartbeat
from rangkul.system.services import beat
from rangkul.system.tasks import worker_heartbeat


def test_health_is_503_until_the_worker_has_beaten(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "never_seen"


@WORKER
def test_the_real_worker_runs_the_scheduled_heartbeat_and_health_turns_green(client, db):
    worker_heartbeat.enqueue()
    run_worker()
    assert Heartbeat.objects.filter(name="worker").exists()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["healthy"] is True


def test_a_heartbeat_older_than_two_minutes_is_unhealthy(client, db):
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - timedelta(minutes=3))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "stale"


def test_health_is_503_when_the_database_is_down(client, db, monkeypatch):
    beat()

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "ensure_connection", down)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_the_scheduler_knows_its_periodic_jobs(db):
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    listing = out.getvalue()
    assert "worker_heartbeat" in listing
    assert "retry_due_deliveries" in listing
    assert "prune_tokens" in listing
    assert "remind_violence_steps" in listing


@pytest.mark.parametrize("debug", [False])
def test_demo_data_is_refused_when_debug_is_off(db, settings, debug):
    from django.core.management.base import CommandError

    settings.DEBUG = debug
    with pytest.raises(CommandError):
        call_command("seed_demo")
