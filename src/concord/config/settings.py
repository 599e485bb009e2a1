"""Settings, all driven by the environment.

CONCORD_VAR_DIR     where the embedded database and local secrets live (default ./var)
DATABASE_URL        e.g. postgres://user:pass@host:5432/concord (default: SQLite in CONCORD_VAR_DIR)
CONCORD_SECRET_KEY  required in production; a local key file is made for development and the demo
CONCORD_DEBUG       "1" for development error pages
CONCORD_ALLOWED_HOSTS  comma-separated host names
CONCORD_MEDIA_DIR   where uploaded national files and built packs are kept
                    (default CONCORD_VAR_DIR/media)
CONCORD_ACCOUNTABILITY_AUTO_REFRESH  "0" to stop imports and computations refreshing commitment
                    status when they commit (a bulk load then runs `concord accountability refresh`
                    once at the end); default on
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONCORD_VAR_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    if key := os.environ.get("CONCORD_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CONCORD_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("CONCORD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CONCORD_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "concord.access",
    "concord.organisations",
    "concord.indicators",
    "concord.analytics",
    "concord.governance",
    "concord.pathways",
    "concord.contracts",
    "concord.accountability",
    "concord.web",
    "ninja",  # serves the API docs page with its own copy of Swagger UI, no CDN
    "concord.api",
    "concord.demo",
    "django_tasks",
    "django_tasks_db",  # the task queue's table; `concord worker` runs what is queued
    "concord.jobs",
    "concord.notifications",  # emails owed by changes, sent by the worker
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "concord.config.urls"
WSGI_APPLICATION = "concord.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concord.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'concord.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # IMMEDIATE: a transaction takes the write lock when it begins, waiting up to the timeout
    # for another writer, instead of failing with "database is locked" when it first writes
    # (two imports at once: the second's status refresh failed after its data had committed).
    # WAL: readers never block the writer nor the writer them (a page being read no longer makes
    # a position being recorded fail); the timeout is SQLite's busy timeout, in seconds.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
    # Connections persist (CONN_MAX_AGE above) on SQLite too, one per server thread: a new one
    # per request read the whole schema again before its first query (about 4 ms of CPU a page).

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every import, computation and roll-up that changes measurements refreshes commitment status
# once it commits (concord.accountability.refresh.after_measurements_changed); off, it only
# records the refresh it is owed, which `concord accountability refresh` then runs.
CONCORD_ACCOUNTABILITY_AUTO_REFRESH = os.environ.get("CONCORD_ACCOUNTABILITY_AUTO_REFRESH") != "0"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "concord.access.oidc.ProviderBackend",  # does nothing while CONCORD_OIDC_CLIENT_ID is unset
]
# Every form that sets a password (changing it, resetting it, an administrator giving a login)
# checks it with these.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # an emailed reset link works for three days, once

# Signing in with the organisation's OpenID Connect provider (Microsoft Entra ID, NHS CIS2):
# concord.access.oidc. Without a client id, the sign-in page offers passwords only.
# The provider's issuer URL; its endpoints are read from ISSUER/.well-known/openid-configuration.
CONCORD_OIDC_ISSUER = os.environ.get("CONCORD_OIDC_ISSUER", "")
# The client id and secret this service is registered with at the provider.
CONCORD_OIDC_CLIENT_ID = os.environ.get("CONCORD_OIDC_CLIENT_ID", "")
CONCORD_OIDC_CLIENT_SECRET = os.environ.get("CONCORD_OIDC_CLIENT_SECRET", "")
# The provider's name on the sign-in button: "Sign in with <name>".
CONCORD_OIDC_PROVIDER_NAME = os.environ.get("CONCORD_OIDC_PROVIDER_NAME", "your NHS account")
# Scopes asked for: the email claims (email, email_verified) are needed to match a person.
CONCORD_OIDC_SCOPES = os.environ.get("CONCORD_OIDC_SCOPES", "openid email")
# Seconds to wait for the provider's discovery, token, keys and userinfo endpoints.
CONCORD_OIDC_TIMEOUT = int(os.environ.get("CONCORD_OIDC_TIMEOUT", "10"))
# Explicit endpoints, each used instead of the discovered one when set (all four without an
# issuer): CONCORD_OIDC_AUTHORIZATION_ENDPOINT, _TOKEN_ENDPOINT, _USERINFO_ENDPOINT, _JWKS_URI.
CONCORD_OIDC_ENDPOINTS = {
    "authorization_endpoint": os.environ.get("CONCORD_OIDC_AUTHORIZATION_ENDPOINT", ""),
    "token_endpoint": os.environ.get("CONCORD_OIDC_TOKEN_ENDPOINT", ""),
    "userinfo_endpoint": os.environ.get("CONCORD_OIDC_USERINFO_ENDPOINT", ""),
    "jwks_uri": os.environ.get("CONCORD_OIDC_JWKS_URI", ""),
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

# Uploaded national files and built packs: outside the source tree, never served as static files
# (the pages that offer them check who asks).
MEDIA_ROOT = Path(os.environ.get("CONCORD_MEDIA_DIR", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads go to a temporary file first

# Background work (concord.jobs): the queue is a table in the same database; `concord worker`
# (started by `concord serve`) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email (notifications, password reset): SMTP when CONCORD_EMAIL_HOST is set, else printed to
# the console, so the demo needs no mail server.
EMAIL_HOST = os.environ.get("CONCORD_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("CONCORD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CONCORD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CONCORD_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CONCORD_EMAIL_TLS") == "1"
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("CONCORD_EMAIL_FROM", "Concord <concord@localhost>")
# The address people reach Concord at: the links in emails sent by the worker start with it.
CONCORD_SITE_URL = os.environ.get("CONCORD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONCORD_LOG_LEVEL", "WARNING")},
}

if not DEBUG and os.environ.get("CONCORD_SECURE_COOKIES") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
