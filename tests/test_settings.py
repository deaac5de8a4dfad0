"""Production settings: a secret key is required and the secure defaults are on."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_value(expr: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    code = f"import rangkul.settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_a_secret_key_is_required_outside_debug():
    result = settings_value("s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_secure_defaults_outside_debug():
    result = settings_value(
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_SSL_REDIRECT",
        DJANGO_SECRET_KEY="k",
        FIELD_ENCRYPTION_KEYS="pNysWdprAAlzZ8WuEebuO8aaVlziiKsWKh5LFniRHO0=",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True True True"


def test_sqlite_by_default_postgres_from_database_url():
    sqlite = settings_value(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['OPTIONS']['transaction_mode']",
        DJANGO_DEBUG="1",
    )
    assert sqlite.stdout.strip() == "django.db.backends.sqlite3 IMMEDIATE"
    pg = settings_value(
        "s.DATABASES['default']['ENGINE']",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://u@127.0.0.1:5432/x",
    )
    assert pg.stdout.strip() == "django.db.backends.postgresql"


def test_a_malformed_boolean_setting_is_refused_with_its_name():
    result = settings_value("s.DEBUG", DJANGO_DEBUG="kadang")
    assert result.returncode != 0 and "DJANGO_DEBUG must be a boolean" in result.stderr
