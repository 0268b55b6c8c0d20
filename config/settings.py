"""Settings, read from the environment. One file: every knob has a default for local use, except
the secret key, which production must give (DEBUG is off unless DJANGO_DEBUG=1)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LIANYI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"


def read_secret_key() -> str:
    """DJANGO_SECRET_KEY, else the file named by DJANGO_SECRET_KEY_FILE (`make run` writes a random
    one to var/secret_key). With DEBUG off a missing or development key is refused."""
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    key_file = os.environ.get("DJANGO_SECRET_KEY_FILE", "").strip()
    if not key and key_file:
        try:
            key = Path(key_file).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"DJANGO_SECRET_KEY_FILE={key_file} cannot be read ({exc.strerror})."
            ) from None
    if DEBUG:
        return key or DEVELOPMENT_SECRET_KEY
    if not key or key == DEVELOPMENT_SECRET_KEY or len(key) < 32:
        raise ImproperlyConfigured(
            "DEBUG is off and no secret key is set (or it is the development key, or shorter "
            "than 32 characters). Set DJANGO_SECRET_KEY to a random value, e.g. the output of "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`, or "
            "DJANGO_SECRET_KEY_FILE to a file holding one (`make run` keeps one in "
            "var/secret_key); or set DJANGO_DEBUG=1 for development."
        )
    return key


SECRET_KEY = read_secret_key()
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # the API docs page's scripts from our own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "lianyi.core",
    "lianyi.org",
    "lianyi.customers",
    "lianyi.journey",
    "lianyi.gatherings",
    "lianyi.sales",
    "lianyi.aftercare",
    "lianyi.oversight",
    "lianyi.web",
    "lianyi.api",
    "lianyi.demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lianyi.web.middleware.RequestTooLargeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lianyi.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get(
    "DATABASE_SERVER_SIDE_BINDING", "1"
) not in ("", "0"):
    # psycopg sends the parameters apart from the statement, and prepares a statement that a
    # connection ran 5 times (prepare_threshold; Django turns preparing off unless it is set):
    # PostgreSQL plans it once per connection, not on every run (issue 6, point 12). Set
    # DATABASE_SERVER_SIDE_BINDING=0 behind a pooler in transaction mode (pgbouncer), where a
    # prepared statement may meet another server connection.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a write is under way; the timeout waits out a lock.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
# Reporting (the dashboards) reads from a read replica when one is given, so that it never
# slows the reps' writes: lianyi.core.db.reporting_alias() names the alias the reads use.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
    DATABASES["replica"].setdefault("OPTIONS", {}).update(DATABASES["default"].get("OPTIONS", {}))
LIANYI_REPORTING_DATABASE = "replica" if "replica" in DATABASES else "default"
# The most rows one export may hold; a larger one is refused (never cut short).
LIANYI_EXPORT_MAX_ROWS = int(os.environ.get("LIANYI_EXPORT_MAX_ROWS", "100000"))
# Background work: django-tasks with the database backend; `manage.py db_worker` runs it.
# The tests switch to the immediate backend (tests/conftest.py) except where a real worker runs.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("LIANYI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:today"
LOGOUT_REDIRECT_URL = "web:login"

# Login protection (django-axes): 10 failures within 15 minutes lock the account, and 50 from
# one address (whatever accounts they tried) lock the address, for 15 minutes; the login page
# says so (web.views.auth.locked_out). The two limits: web.login_throttle.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lianyi.org.auth_backends.ModelBackendWithCompany",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LIANYI_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LIANYI_LOGIN_LOCKOUT_MINUTES", "15")))
LIANYI_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LIANYI_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "lianyi.web.login_throttle.AccountAndAddressHandler"
AXES_LOCKOUT_CALLABLE = "lianyi.web.views.auth.locked_out"
# A success forgives only the failures of that account from that address (org.signals), never
# axes' own reset: it deletes every attempt matching any lockout parameter, so logging into
# one's own account from an address wiped the failures guessed there on everyone else's.
AXES_RESET_ON_SUCCESS = False
# Locked means 15 minutes from the locking failure, not from the last try while locked.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy: name how many proxies sit in front
# (X-Forwarded-For) so that the per-address lock counts the client, not the proxy.
LIANYI_PROXY_COUNT = int(os.environ.get("LIANYI_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "lianyi.web.views.auth.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "src" / "lianyi" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
# whitenoise serves STATIC_ROOT, filled by `manage.py collectstatic` (make run does it): names
# carry a content hash and come gzip/brotli-compressed, so they can be cached for a year. A
# missing manifest entry is an error (a page that forgot collectstatic fails loudly, it does not
# serve stale files); with DEBUG on the plain names are served from the apps. The tests render
# pages without collectstatic and use plain storage: config/settings_test.py.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Source maps (the API docs' scripts bring 5 MB of them) are served uncompressed: compressing them
# at every collectstatic costs far more than it saves. Only the hashed names are kept.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

SESSION_COOKIE_HTTPONLY = True


def session_seconds() -> int:
    raw = os.environ.get("DJANGO_SESSION_HOURS", "12")
    try:
        hours = float(raw)
    except ValueError:
        hours = 0.0
    if not 0 < hours <= 24 * 366:
        raise ImproperlyConfigured(f"DJANGO_SESSION_HOURS={raw!r}: give a number of hours > 0.")
    return int(hours * 3600)


SESSION_COOKIE_AGE = session_seconds()
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Served over HTTPS (behind a proxy that terminates TLS and sets X-Forwarded-Proto): secure
# cookies, HSTS, redirect to https, and the site's origins trusted for CSRF.
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    # A host ".example.com" (a domain and its subdomains) trusts https://*.example.com.
    CSRF_TRUSTED_ORIGINS = [
        f"https://*{host}" if host.startswith(".") else f"https://{host}"
        for host in ALLOWED_HOSTS
        if host and host != "*"
    ]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
