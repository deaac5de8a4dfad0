"""Rangkul settings: one module, configured only by environment variables.

Defaults are safe for production; `DJANGO_DEBUG=1` relaxes them for local work.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rangkul.lib.client_ip import parse_networks
from rangkul.lib.crypto import parse_keys
from rangkul.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key-only"  # noqa: S105

# Encryption at rest of confided free text (rangkul/lib/crypto.py): Fernet keys, newest
# first; every key decrypts, the newest encrypts. `manage.py rotate_keys --new-key` makes one.
FIELD_ENCRYPTION_KEYS = parse_keys(env_list("FIELD_ENCRYPTION_KEYS", []))
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is required when DJANGO_DEBUG is off: notes, messages and "
            "requests are stored encrypted. Make a key with `DJANGO_DEBUG=1 python manage.py "
            "rotate_keys --new-key` and keep it safe (without it the data cannot be read)."
        )
    # Development and tests only: a fixed, public key.
    FIELD_ENCRYPTION_KEYS = [b"cmFuZ2t1bC1sb2NhbC1kZXZlbG9wbWVudC1rZXktMDA="]

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "rangkul.audit",
    "rangkul.regions",
    "rangkul.accounts",
    "rangkul.people",
    "rangkul.cases",
    "rangkul.activities",
    "rangkul.peers",
    "rangkul.training",
    "rangkul.safety",
    "rangkul.screenings",
    "rangkul.referrals",
    "rangkul.violence",
    "rangkul.onboarding",
    "rangkul.privacy",
    "rangkul.programmes",
    "rangkul.psychosocial",
    "rangkul.reports",
    "rangkul.notifications",
    "rangkul.system",
    "rangkul.home",
    "rangkul.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rangkul.lib.middleware.NoStoreMiddleware",
    "rangkul.lib.middleware.ApiJsonBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed; static files come compressed already from whitenoise.
    "rangkul.lib.compression.HtmlGZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rangkul.audit.middleware.AuditContextMiddleware",
    "rangkul.accounts.middleware.CurrentOrganisationMiddleware",
    # A one-time password or an unread privacy notice: nothing else until it is done.
    "rangkul.onboarding.middleware.FirstLoginMiddleware",
    "rangkul.accounts.middleware.StaffSessionMiddleware",
    "rangkul.lib.middleware.RateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The chain of an API call with a bearer token (rangkul/lib/wsgi.py): no session, CSRF,
# messages, HTML compression, CSP, framing, htmx or login lockout work, which such a call
# never needs. Same order as MIDDLEWARE.
API_TOKEN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rangkul.lib.middleware.NoStoreMiddleware",
    "rangkul.lib.middleware.ApiJsonBodyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "rangkul.audit.middleware.AuditContextMiddleware",
    "rangkul.accounts.middleware.CurrentOrganisationMiddleware",
    "rangkul.lib.middleware.RateLimitMiddleware",
]

ROOT_URLCONF = "rangkul.urls"
WSGI_APPLICATION = "rangkul.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rangkul.accounts.context_processors.organisation",
                "rangkul.home.navigation.navigation",
            ],
        },
    },
]

# Database: SQLite unless DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    # PostgreSQL: parameters are bound on the server, so psycopg prepares a statement its
    # connection has run a few times and PostgreSQL no longer plans it on every request
    # (decision 0061). Off for a pooler that cannot carry prepared statements.
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
        "DB_SERVER_SIDE_BINDING", True
    ):
        # Django leaves psycopg's prepared statements off unless a threshold is given: a
        # statement is prepared on its fifth run on a connection (psycopg's own default).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "rangkul.sqlite3")),
            # Concurrent use: WAL lets readers run beside the writer, the busy timeout makes
            # writers wait instead of failing, and IMMEDIATE transactions take the write lock
            # up front so two writers never deadlock on a lock upgrade.
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=10000;"
                    "PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's rules with Rangkul's words (students are addressed as "kamu").
    {"NAME": "rangkul.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "rangkul.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "rangkul.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "rangkul.accounts.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout (django-axes): the login page and the API token endpoint share it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_CLIENT_IP_CALLABLE = "rangkul.lib.client_ip.axes_client_ip"
# The API answers a lockout in JSON, the pages with the lockout page.
AXES_LOCKOUT_CALLABLE = "rangkul.accounts.lockout.lockout_response"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g.
# "10.0.0.5,172.16.0.0/12"). Empty: the client is REMOTE_ADDR and the header is ignored.
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", [])
try:
    TRUSTED_PROXY_NETWORKS = parse_networks(TRUSTED_PROXY_IPS)
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_IPS: {exc}") from exc

# Limits on repeated submissions (rangkul/lib/ratelimit.py); off only for load tests.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)

# Caches. "limits" (rate-limit counts) exists only with REDIS_URL: without it the counts
# live in a database table, one statement a count (rangkul/lib/ratelimit.py). "default"
# (organisation phrase lists) is per process on one machine; with several app servers set
# CACHE_STORE to "database" or "redis" so a change is seen by all of them at once
# (docs/deploy.md).
REDIS_URL = env_str("REDIS_URL")
CACHE_STORE = env_str("CACHE_STORE", "local")
TASK_QUEUE = env_str("TASK_QUEUE", "database")
SESSION_STORE = env_str("SESSION_STORE", "database")
for _name, _value, _choices in (
    ("CACHE_STORE", CACHE_STORE, ("local", "database", "redis")),
    ("TASK_QUEUE", TASK_QUEUE, ("database", "redis")),
    ("SESSION_STORE", SESSION_STORE, ("database", "cached_db")),
):
    if _value not in _choices:
        raise ImproperlyConfigured(f"{_name} must be one of {', '.join(_choices)}; got {_value!r}")
if "redis" in (CACHE_STORE, TASK_QUEUE) and not REDIS_URL:
    raise ImproperlyConfigured("CACHE_STORE=redis and TASK_QUEUE=redis need REDIS_URL.")
_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "rangkul_cache",
}
_REDIS_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL,
    "KEY_PREFIX": "rangkul",
}
CACHES = {
    "default": {
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "database": _DATABASE_CACHE,
        "redis": _REDIS_CACHE,
    }[CACHE_STORE],
}
if REDIS_URL:
    CACHES["limits"] = _REDIS_CACHE
# Sessions live in the database, which every app server shares; "cached_db" reads them
# through the default cache first (set CACHE_STORE to a shared store with it). The database
# store is Django's with its read prepared (rangkul/lib/sessions.py).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SESSION_STORE == "cached_db"
    else "rangkul.lib.sessions"
)

# Internationalisation: Indonesian first, English complete.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
ORGANISATION_TIME_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files (exports, consent forms): local files by default. An
# S3-compatible store: install django-storages[s3], set FILE_STORAGE_BACKEND to
# "storages.backends.s3.S3Storage" and its AWS_* variables (see docs/reports.md).
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
WHITENOISE_USE_FINDERS = DEBUG
# Read by django-storages when FILE_STORAGE_BACKEND is its S3 backend; the keys come from
# the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables. Files stay private: they
# are only ever served through Rangkul's audited views.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
AWS_DEFAULT_ACL = None
# Report tables up to this many rows download at once; larger ones are built by the worker.
REPORTS_DIRECT_ROWS = env_int("REPORTS_DIRECT_ROWS", 2000)

# Background work: tasks stored in the database by default (no extra server); with
# TASK_QUEUE=redis they go through RQ on REDIS_URL (`manage.py run_worker` runs either).
# TASKS_BACKEND, a dotted backend path, overrides both.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks_rq.RQBackend"
            if TASK_QUEUE == "redis"
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
if TASK_QUEUE == "redis":
    INSTALLED_APPS.append("django_rq")
    # A task runs at most this long before the worker stops it (RQ's job timeout).
    RQ_QUEUES = {
        "default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env_int("TASK_TIMEOUT_SECONDS", 600)}
    }
# Only one scheduler runs the periodic jobs: a PostgreSQL advisory lock, or on SQLite (one
# machine) a lock on this file. A second copy waits and takes over when the first stops.
SCHEDULER_LOCK_FILE = env_str("SCHEDULER_LOCK_FILE", str(BASE_DIR / "var" / "scheduler.lock"))
SCHEDULER_STANDBY_SECONDS = env_int("SCHEDULER_STANDBY_SECONDS", 15)
WORKER_HEARTBEAT_MAX_AGE = timedelta(seconds=env_int("WORKER_HEARTBEAT_MAX_AGE_SECONDS", 120))
WORKER_HEARTBEAT_INTERVAL_SECONDS = env_int("WORKER_HEARTBEAT_INTERVAL_SECONDS", 30)

# Notifications leave Rangkul only as "something new is waiting" with a link.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds before a silent mail server is given up on (the delivery is retried later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rangkul <noreply@rangkul.invalid>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
# Urgent alerts by SMS or WhatsApp go through an HTTP gateway (the provider's or a relay):
# a JSON POST {"channel", "to", "text"} with a bearer token. Empty URL: no text messages.
TEXT_GATEWAY_URL = env_str("TEXT_GATEWAY_URL", "")
TEXT_GATEWAY_TOKEN = env_str("TEXT_GATEWAY_TOKEN", "")
TEXT_GATEWAY_TIMEOUT_SECONDS = env_int("TEXT_GATEWAY_TIMEOUT_SECONDS", 10)
# An offer a peer supporter has not answered in this time goes back to matching.
OFFER_TIMEOUT_MINUTES = env_int("OFFER_TIMEOUT_MINUTES", 120)

# Where quick exit leads when an organisation has not chosen its own outside site.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.bmkg.go.id/cuaca/prakiraan-cuaca")

# Staff sign-in: a staff session ends after this many idle minutes (students keep the
# session lifetime above); the TOTP issuer name shown in authenticator apps.
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Rangkul")
# The WebAuthn relying party (passkeys): the site's host name; empty means the request's host.
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")

# API tokens.
API_TOKEN_LIFETIME = timedelta(days=env_int("API_TOKEN_LIFETIME_DAYS", 30))

# Security defaults outside debug.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Paths that a plain-HTTP load balancer probes must not be redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Demo data may be loaded only in debug unless forced.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "rangkul-demo-2026")
CSRF_FAILURE_VIEW = "rangkul.system.views.csrf_failure"
