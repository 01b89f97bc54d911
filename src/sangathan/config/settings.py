"""One settings module, driven by the environment.

A district office runs Sangathan on a laptop with no configuration at all (SQLite in ./data,
a generated secret key kept beside the database); a state runs it on PostgreSQL behind a
proxy with ``SANGATHAN_PRODUCTION=1`` and every secret in the environment.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = env_bool("SANGATHAN_PRODUCTION")
DEBUG = env_bool("SANGATHAN_DEBUG", default=False) and not PRODUCTION

DATA_DIR = Path(os.environ.get("SANGATHAN_DATA_DIR", "data")).resolve()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY") or os.environ.get("SANGATHAN_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
    # A laptop install keeps a generated key beside its database so sessions survive restarts.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "ninja",
    "axes",
    "csp",
    "django_htmx",
    "sangathan.core",
    "sangathan.people",
    "sangathan.units",
    "sangathan.nominations",
    "sangathan.meetings",
    "sangathan.relief",
    "sangathan.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sangathan.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sangathan.config.urls"
WSGI_APPLICATION = "sangathan.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "sangathan.core.context_processors.sangathan",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'sangathan.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
_db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] and _db["NAME"] != ":memory:":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing half-way with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    _db["TEST"] = {"NAME": os.environ.get("SANGATHAN_TEST_SQLITE") or None}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sangathan.core.auth.UsernameOrPhoneBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AXES_FAILURE_LIMIT = int(os.environ.get("SANGATHAN_LOGIN_FAILURE_LIMIT", "5"))

# The organisation's name as a press note opens with it ("भारतीय जनता पार्टी कानपुर महानगर
# उत्तर के ..."); empty: the note names the unit alone.
SANGATHAN_ORGANISATION_NAME = os.environ.get("SANGATHAN_ORGANISATION_NAME", "")
SANGATHAN_ORGANISATION_NAME_EN = os.environ.get("SANGATHAN_ORGANISATION_NAME_EN", "")
AXES_COOLOFF_TIME = 0.25  # hours: a locked-out worker can try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "sangathan.core.auth.axes_username"

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "hi"
LANGUAGES = [("hi", "हिन्दी"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "sangathan_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SANGATHAN_STATIC_ROOT", DATA_DIR / "static"))
if not PRODUCTION:
    # WhiteNoise warns at every start when STATIC_ROOT is missing, even serving from the apps.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Without collectstatic (a laptop install) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# --- Security -------------------------------------------------------------------------------

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SANGATHAN_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SANGATHAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Sangathan ------------------------------------------------------------------------------

# Backends that deliver notifications; SMS and WhatsApp adapters plug in here later.
SANGATHAN_NOTIFICATION_BACKENDS = env_list(
    "SANGATHAN_NOTIFICATION_BACKENDS",
    [
        "sangathan.core.notifications.InboxBackend",
        "sangathan.core.notifications.LogBackend",
    ],
)
SANGATHAN_DEFAULT_REGION = "IN"

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "sangathan": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}
