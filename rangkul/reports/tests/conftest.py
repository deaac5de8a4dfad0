import datetime as dt
import importlib

import pytest


@pytest.fixture(autouse=True)
def _mid_semester(time_machine):
    """Reports default to the current semester to date: the tests run on a fixed day in the
    middle of one (20 November 2026, 10:00 WIB), so data made "30 days ago" is inside it."""
    time_machine.move_to(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=True)


@pytest.fixture
def indicators(db):
    """The seeded indicators (a test that ran the worker flushed the migration's rows)."""
    from django.apps import apps

    importlib.import_module("rangkul.reports.migrations.0002_seed_indicators").seed(apps, None)
