"""Settings, all driven by the environment.

Every CONCORD_* variable is read here and nowhere else, each beside a comment saying what it does
and its default (README's "Settings" lists them); the rest of Concord reads django.conf.settings.
The analytics core and concord.stats do not import Django: the commands and jobs that call them
pass these values in. DATABASE_URL, e.g. postgres://user:pass@host:5432/concord, names the
database (default: SQLite in CONCORD_VAR_DIR).
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# CONCORD_VAR_DIR: where the embedded database, local secrets, static files and the analytics
# store live (default ./var).
VAR_DIR = Path(os.environ.get("CONCORD_VAR_DIR", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    # CONCORD_SECRET_KEY: required in production; without it a key file is made in VAR_DIR for
    # development and the demo.
    if key := os.environ.get("CONCORD_SECRET_KEY"):
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# CONCORD_DEBUG: "1" for development error pages (default off).
DEBUG = os.environ.get("CONCORD_DEBUG", "") == "1"
# CONCORD_ALLOWED_HOSTS: comma-separated host names served (default 127.0.0.1,localhost,testserver).
ALLOWED_HOSTS = os.environ.get("CONCORD_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
# CONCORD_CSRF_TRUSTED_ORIGINS: comma-separated origins trusted for forms posted over HTTPS
# through a proxy, e.g. https://concord.example.nhs.uk (default none).
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
    "concord.cli",  # the `concord` command; holds `concord serve`
    "axes",  # throttles password sign-in and keeps every failed attempt (concord.access.throttle)
    "csp",  # the Content-Security-Policy header, with a nonce for our inline scripts
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "concord.web.bad_input.RefuseBadInput",  # NUL, control characters, ids past 64 bits: 4xx
    "axes.middleware.AxesMiddleware",  # turns a locked-out sign-in into the locked-out page
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
                "csp.context_processors.nonce",  # {{ CSP_NONCE }} for an inline <script>
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

# CONCORD_ACCOUNTABILITY_AUTO_REFRESH: "0" to stop imports, computations, roll-ups and published
# submissions refreshing commitment status when they commit (default on). Every writer of
# measurements calls concord.accountability.refresh.after_measurements_changed; off, it only
# records the refresh it is owed, which `concord accountability refresh` then runs (after a
# bulk load, once at the end).
CONCORD_ACCOUNTABILITY_AUTO_REFRESH = os.environ.get("CONCORD_ACCOUNTABILITY_AUTO_REFRESH") != "0"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in before any check
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

# Password sign-in (the sign-in page and the admin's) is throttled by django-axes: after
# CONCORD_SIGN_IN_ATTEMPTS wrong passwords (default 5) for one username from one address, that
# pair is locked out for CONCORD_SIGN_IN_LOCKOUT_MINUTES (default 15) from the last attempt
# (concord.access.throttle).
# `concord axes_reset` unlocks everyone; failed attempts are listed in Django's admin.
AXES_FAILURE_LIMIT = int(os.environ.get("CONCORD_SIGN_IN_ATTEMPTS", "5"))
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=int(os.environ.get("CONCORD_SIGN_IN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a right password (while not locked out) clears the count
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed attempt kept, for the admin to see
AXES_USERNAME_CALLABLE = "concord.access.throttle.username"
# CONCORD_TRUSTED_PROXIES: behind proxies, how many add to X-Forwarded-For: the browser's address
# is the one the outermost added. 0 (the default): REMOTE_ADDR, and behind a proxy every browser
# shares the proxy's.
CONCORD_TRUSTED_PROXIES = int(os.environ.get("CONCORD_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "concord.access.throttle.client_address"
AXES_WHITELIST_CALLABLE = "concord.access.throttle.not_a_password"
AXES_LOCKOUT_CALLABLE = "concord.access.throttle.locked_out"
AXES_VERBOSE = False

# Signing in with the organisation's OpenID Connect provider (Microsoft Entra ID, NHS CIS2):
# concord.access.oidc. Without a client id, the sign-in page offers passwords only.
# CONCORD_OIDC_ISSUER: the provider's issuer URL (default none); its endpoints are read from
# ISSUER/.well-known/openid-configuration.
CONCORD_OIDC_ISSUER = os.environ.get("CONCORD_OIDC_ISSUER", "")
# CONCORD_OIDC_CLIENT_ID, CONCORD_OIDC_CLIENT_SECRET: the client id and secret this service is
# registered with at the provider (default none: passwords only).
CONCORD_OIDC_CLIENT_ID = os.environ.get("CONCORD_OIDC_CLIENT_ID", "")
CONCORD_OIDC_CLIENT_SECRET = os.environ.get("CONCORD_OIDC_CLIENT_SECRET", "")
# CONCORD_OIDC_PROVIDER_NAME: the provider's name on the sign-in button, "Sign in with <name>".
CONCORD_OIDC_PROVIDER_NAME = os.environ.get("CONCORD_OIDC_PROVIDER_NAME", "your NHS account")
# CONCORD_OIDC_SCOPES: scopes asked for (default "openid email"): the email claims (email,
# email_verified) are needed to match a person.
CONCORD_OIDC_SCOPES = os.environ.get("CONCORD_OIDC_SCOPES", "openid email")
# CONCORD_OIDC_TIMEOUT: seconds to wait for the provider's discovery, token, keys and userinfo
# endpoints (default 10).
CONCORD_OIDC_TIMEOUT = int(os.environ.get("CONCORD_OIDC_TIMEOUT", "10"))
# Explicit endpoints, each used instead of the discovered one when set (all four without an
# issuer; default none): CONCORD_OIDC_AUTHORIZATION_ENDPOINT, CONCORD_OIDC_TOKEN_ENDPOINT,
# CONCORD_OIDC_USERINFO_ENDPOINT, CONCORD_OIDC_JWKS_URI.
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

# CONCORD_MEDIA_DIR: where uploaded national files and built packs are kept (default
# CONCORD_VAR_DIR/media): outside the source tree, never served as static files (the pages that
# offer them check who asks); the worker must see it too.
MEDIA_ROOT = Path(os.environ.get("CONCORD_MEDIA_DIR", VAR_DIR / "media")).resolve()
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads go to a temporary file first

# Background work (concord.jobs): the queue is a table in the same database; `concord worker`
# (started by `concord serve`) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email (notifications, password reset): SMTP when CONCORD_EMAIL_HOST is set, else printed to
# the console, so the demo needs no mail server. CONCORD_EMAIL_PORT (default 25),
# CONCORD_EMAIL_USER and CONCORD_EMAIL_PASSWORD (default none), CONCORD_EMAIL_TLS ("1" for
# STARTTLS, default off) and CONCORD_EMAIL_FROM (default Concord <concord@localhost>) go with it.
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
# CONCORD_SITE_URL: the address people reach Concord at (default http://127.0.0.1:8000): the
# links in emails sent by the worker start with it.
CONCORD_SITE_URL = os.environ.get("CONCORD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# CONCORD_LOG_LEVEL: the level logged to the console (default WARNING).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refusal (403) is one line, who and where, not a traceback: it is the rules working.
    "filters": {"refusals": {"()": "concord.config.logs.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONCORD_LOG_LEVEL", "WARNING")},
}

# Content-Security-Policy on every page, the admin's included: everything from this site only
# (but the NHS.UK font); scripts only from its files or an inline <script nonce="{{ CSP_NONCE }}">,
# never inline code otherwise, eval or another site. <style> elements need the nonce too; style
# attributes are allowed (the charts' SVG and a few layouts carry them), which cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        # the NHS.UK stylesheet's Frutiger, from the NHS's own asset host
        "font-src": [SELF, "https://assets.nhs.uk"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if DEBUG:  # Django's error pages carry inline styles and scripts: only report, never block
    CONTENT_SECURITY_POLICY_REPORT_ONLY, CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY, None

# Served over HTTPS (CONCORD_HTTPS=1, production): plain HTTP is redirected, browsers are told to
# keep to HTTPS (HSTS), and cookies go over HTTPS only. The TLS-terminating proxy in front must set
# X-Forwarded-Proto (and overwrite one sent by the client). Off by default so the demo runs on
# http://127.0.0.1:8000; CONCORD_SECURE_COOKIES=1 alone still marks the cookies secure.
# CONCORD_HSTS_SECONDS: how long browsers keep to HTTPS (default a year; start lower when first
# turning HTTPS on).
CONCORD_HTTPS = not DEBUG and os.environ.get("CONCORD_HTTPS") == "1"
if CONCORD_HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("CONCORD_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True  # hosts under Concord's own name, not its parent's
    # Preloading (security.W021) commits the whole registered domain (an NHS organisation's)
    # to HTTPS in every browser: that is the domain owner's decision, not Concord's.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
if CONCORD_HTTPS or (not DEBUG and os.environ.get("CONCORD_SECURE_COOKIES") == "1"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# `concord serve`: CONCORD_HOST, the address it listens on (default 127.0.0.1), and CONCORD_PORT,
# its port (default 8000); --host and --port override them.
CONCORD_HOST = os.environ.get("CONCORD_HOST", "127.0.0.1")
CONCORD_PORT = int(os.environ.get("CONCORD_PORT", "8000"))

# The analytics store (concord.analytics; `concord analytics`). CONCORD_PSEUDONYM_KEY, the secret
# (at least 32 characters) NHS numbers are pseudonymised under, or CONCORD_PSEUDONYM_KEY_FILE, a
# file holding it: without either (the default), ingestion refuses to run.
CONCORD_PSEUDONYM_KEY = os.environ.get("CONCORD_PSEUDONYM_KEY", "")
CONCORD_PSEUDONYM_KEY_FILE = os.environ.get("CONCORD_PSEUDONYM_KEY_FILE", "")
# CONCORD_ANALYTICS_STAGING_MEMORY: the memory an ingest's staging keeps to before it spills to
# disk (default 4GB).
CONCORD_ANALYTICS_STAGING_MEMORY = os.environ.get("CONCORD_ANALYTICS_STAGING_MEMORY", "4GB")
# CONCORD_SPARK_MASTER: the Spark master URL `concord analytics compute --engine spark` uses
# (default none: a local session); CONCORD_SPARK_EXCHANGE: a folder every Spark worker can read,
# for the store's tables (default none: the system's temporary folder).
CONCORD_SPARK_MASTER = os.environ.get("CONCORD_SPARK_MASTER", "")
CONCORD_SPARK_EXCHANGE = os.environ.get("CONCORD_SPARK_EXCHANGE", "")
