"""The one settings module: every knob comes from an environment variable with a safe default.

SANGKIEN_MODE=production (what `sangkien serve` uses) turns on every deployment safeguard and
requires SECRET_KEY; the default, development, is what the demo and the tests run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sangkien.core.env import (
    ConfigError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_required,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent
MODE = env_choice("SANGKIEN_MODE", "development", ("development", "production"))
PRODUCTION = MODE == "production"
DATA_DIR = Path(os.environ.get("SANGKIEN_DATA_DIR") or Path.cwd() / "data").resolve()

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY", "production mode needs a long random secret key")
    if DEBUG:
        raise ConfigError("DEBUG=true is refused in production mode")
else:
    SECRET_KEY = env_str("SECRET_KEY") or "development-only-key-never-use-in-production"
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])


def _database_from_url(url: str) -> dict[str, Any]:
    try:
        parsed = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except (ValueError, KeyError) as exc:
        raise ConfigError(
            f"DATABASE_URL is malformed ({exc}); expected e.g. "
            "postgres://user:password@host:5432/name or sqlite:///path/db.sqlite3"
        ) from exc
    config: dict[str, Any] = dict(parsed)
    engine = config.get("ENGINE", "")
    if not engine.endswith(("postgresql", "sqlite3")):
        raise ConfigError(f"DATABASE_URL: unsupported database {engine or url!r}; "
                          "use postgres:// or sqlite://")
    if engine.endswith("sqlite3"):
        config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
                             "transaction_mode": "IMMEDIATE"}
    else:
        config["OPTIONS"] = {"connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5)}
    config["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
    return config


DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{DATA_DIR / 'sangkien.sqlite3'}"
DATABASES = {"default": _database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # its Swagger UI assets, served locally: no CDN
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "sangkien.core",
    "sangkien.geo",
    "sangkien.accounts",
    "sangkien.initiatives",
    "sangkien.registry",
    "sangkien.review",
    "sangkien.matching",
    "sangkien.ioc",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "sangkien.urls"
WSGI_APPLICATION = "sangkien.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sangkien.core.context_processors.platform",
            ],
        },
    },
]

# --- accounts --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:me"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_ADAPTER = "sangkien.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sáng Kiến] "
# Failed logins: 10 per minute per IP and 5 per 5 minutes per email (stricter than 5/min);
# password resets: 5 per minute per email. Counters live in the shared cache below.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sáng Kiến"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True

# Rate-limit counters must be shared by every web process, so the cache lives in the database.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sangkien_cache",
    }
}

# --- background work -------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- email -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sáng Kiến <no-reply@sangkien.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- language and time -----------------------------------------------------------------
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "vi", ("vi", "en"))
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

# --- static files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Development serves files straight from the apps; whitenoise still expects the folder.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- security --------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- attachments -------------------------------------------------------------------------
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 20)

# --- registry (proof of priority) ---------------------------------------------------------
# The log's name in its checkpoints, and the Ed25519 key that signs them: never in the
# database. In development a key is made once in the data folder; production passes one.
REGISTRY_ORIGIN = env_str("REGISTRY_ORIGIN") or next(
    (f"{host.lstrip('.')}/registry" for host in ALLOWED_HOSTS if "*" not in host),
    "localhost/registry")
REGISTRY_SIGNING_KEY = env_str("REGISTRY_SIGNING_KEY")
REGISTRY_KEY_FILE = DATA_DIR / "registry-signing.key"

# --- search and matching ---------------------------------------------------------------
# Built indexes live here (shared by every web process and worker on the machine); what
# changed since the last build is read from the database, and a rebuild folds it in once
# this many documents have changed.
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR") or DATA_DIR / "search-index")
SEARCH_MERGE_AFTER = env_int("SEARCH_MERGE_AFTER", 1000)

# --- operations centre ----------------------------------------------------------------------
# A dashboard's event stream lasts this long before the browser reconnects; the roll-ups'
# progress is checked this often, so figures arrive within about this delay plus the worker's.
IOC_STREAM_SECONDS = env_int("IOC_STREAM_SECONDS", 25)
IOC_STREAM_POLL_SECONDS = 0.5
IOC_STREAM_RETRY_MS = 1000
