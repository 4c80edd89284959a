"""Settings, read from the environment through small helpers; every default suits a single office machine.

PRONGSAI_DATA_DIR   where the SQLite database, uploads and the generated secret key live (default: ./var)
DATABASE_URL        PostgreSQL in production, e.g. postgres://user:password@host:5432/prongsai
PRONGSAI_DEBUG      1 for development pages with tracebacks (never in production)
PRONGSAI_SECRET_KEY the secret key; generated once into the data directory when unset
PRONGSAI_ALLOWED_HOSTS  comma-separated host names (default: localhost,127.0.0.1)
PRONGSAI_FRAMEWORKS_DIR a directory of the site's own ITA framework files
The production block at the end reads PRONGSAI_HTTPS, PRONGSAI_ADMINS, PRONGSAI_LOG_LEVEL and PRONGSAI_S3_*.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

django_stubs_ext.monkeypatch()  # Django's generic classes (ModelAdmin[Model], …) subscriptable at run time


def env_text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_text(name, default).split(",") if item.strip()]


DATA_DIR = Path(env_text("PRONGSAI_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    configured = env_text("PRONGSAI_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("PRONGSAI_DEBUG")
ALLOWED_HOSTS = env_list("PRONGSAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("PRONGSAI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "prongsai.web",
    "prongsai.web.organisations",
    "prongsai.web.programme",
    "prongsai.web.publication",
    "prongsai.web.frameworks",
    *["django_tasks", "django_tasks_db"],  # background tasks (TASKS below)
    "prongsai.web.oversight",
    "prongsai.web.complaints",
    "prongsai.web.catalogue",
    *[
        "ninja",
        "prongsai.web.api",
    ],  # the REST API at /api/v1/ (ninja: its Swagger UI from packaged static files)
]

MIDDLEWARE = [
    "prongsai.web.logs.RequestIdMiddleware",  # first, so every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "prongsai.web.frameworks.FrameworksMiddleware",
    "prongsai.web.errors.method_not_allowed_in_thai",  # Django answers 405 with an empty page
]

ROOT_URLCONF = "prongsai.web.urls"
WSGI_APPLICATION = "prongsai.web.wsgi.application"

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
                "prongsai.web.publication.inbox.unread_notifications",  # the count in the navigation
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'prongsai.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait their turn instead of failing with "database is locked": WAL lets readers go on
    # while one writes, IMMEDIATE takes the write lock when a transaction starts (a deferred one that reads
    # first cannot wait for it later), and the busy timeout is how long a writer waits for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Evidence uploads: the largest file accepted, in megabytes.
PRONGSAI_MAX_UPLOAD_MB = int(env_text("PRONGSAI_MAX_UPLOAD_MB", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

PRONGSAI_FRAMEWORKS_DIR = env_text("PRONGSAI_FRAMEWORKS_DIR") or None

# E-mail: the console by default (what would be sent is printed); set a real backend and host in production.
EMAIL_BACKEND = env_text("PRONGSAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_text("PRONGSAI_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_text("PRONGSAI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_text("PRONGSAI_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_text("PRONGSAI_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_flag("PRONGSAI_EMAIL_TLS")
DEFAULT_FROM_EMAIL = env_text("PRONGSAI_EMAIL_FROM", "prongsai@localhost")
# The address people open the system at, for the links in e-mails.
PRONGSAI_BASE_URL = env_text("PRONGSAI_BASE_URL", "http://127.0.0.1:8000")

# Requests an API token may make (django-ninja's "number/period": s, m, h, d), counted in Django's cache.
PRONGSAI_API_RATE = env_text("PRONGSAI_API_RATE", "300/m")

# The licence the open-data catalogue (/p/data.json) states for every published dataset.
PRONGSAI_OPEN_DATA_LICENCE = env_text(
    "PRONGSAI_OPEN_DATA_LICENCE", "https://creativecommons.org/licenses/by/4.0/"
)

# --- Login protection: throttled failures (django-axes), reset by e-mail, optional TOTP (django-otp) ---------
# The admin site is Prongsai's own (prongsai.web.accounts.admin_site): its login is the site's two-step login.
INSTALLED_APPS[INSTALLED_APPS.index("django.contrib.admin")] = (
    "prongsai.web.accounts.apps.ProngsaiAdminConfig"
)
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # axes asks to be last: it turns a lock-out into its page
AUTHENTICATION_BACKENDS = [
    "prongsai.web.accounts.backends.LoginThrottleBackend",  # refuses a locked-out account+address first
    "django.contrib.auth.backends.ModelBackend",
]
# After PRONGSAI_LOGIN_FAILURE_LIMIT wrong passwords (or second-step codes) for one account from one address,
# that account is refused from that address for PRONGSAI_LOGIN_COOLOFF_MINUTES, even with the right password.
# The pair, not the account alone: someone elsewhere cannot lock a coordinator out of their own office.
AXES_FAILURE_LIMIT = int(env_text("PRONGSAI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env_text("PRONGSAI_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a good login clears the count
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time the lock-out page states stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure listed in /admin/, not only the running counts
AXES_LOCKOUT_CALLABLE = "prongsai.web.accounts.views.locked_out"
# Behind PRONGSAI_PROXY_COUNT reverse proxies the client's address is read from X-Forwarded-For.
PRONGSAI_PROXY_COUNT = int(env_text("PRONGSAI_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "prongsai.web.accounts.backends.client_address"
AXES_SENSITIVE_PARAMETERS = ["token"]  # the second step's codes are not kept in the failure records
OTP_TOTP_ISSUER = "Prongsai"
# 1: a wrong code makes the next try wait 1, 2, 4, 8 … seconds (django-otp's own throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
# 1: every staff member must pass a TOTP code for /admin/ (otherwise only those who enrolled one).
PRONGSAI_REQUIRE_2FA = env_flag("PRONGSAI_REQUIRE_2FA")
# How long the second step (the code page) waits after the password, in seconds.
PRONGSAI_2FA_PENDING_SECONDS = 300
# Background tasks (the documents of a publication): run at once, inside the request, by default, so that
# `make run` needs nothing more; PRONGSAI_TASKS=database queues them in the database for a worker process,
# `manage.py db_worker`, in production.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_text("PRONGSAI_TASKS") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# --- Production: behind an HTTPS reverse proxy, a Content-Security-Policy, logs, object storage ------------------
# PRONGSAI_HTTPS=1 when a reverse proxy terminates HTTPS and sets X-Forwarded-Proto (deploy/ has examples).
if env_flag("PRONGSAI_HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_text("PRONGSAI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("PRONGSAI_HSTS_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("PRONGSAI_HSTS_PRELOAD", True)
    # The health check answers plain HTTP too (a monitor on the machine itself).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere; the emblem preview is a data: image.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Logs: one JSON object a line on stderr, each with the request's id (X-Request-ID); errors mailed to ADMINS too.
ADMINS = [(address, address) for address in env_list("PRONGSAI_ADMINS", "")]
LOG_LEVEL = env_text("PRONGSAI_LOG_LEVEL", "INFO").upper()
SERVER_EMAIL = DEFAULT_FROM_EMAIL
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "prongsai.web.logs.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"json": {"()": "prongsai.web.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # mail_admins sends nothing while ADMINS is empty.
        "django": {"handlers": ["stderr", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        "prongsai": {"handlers": ["stderr", "mail_admins"], "level": LOG_LEVEL, "propagate": False},
        # fontTools tells each table it prunes at INFO while the Word writer cuts its page-number font
        "fontTools": {"level": "WARNING"},
    },
}

# Uploaded and published files on S3-compatible object storage when a bucket is named; the data directory otherwise.
# The bucket stays private: every file is served through the application's views and their access checks.
if env_text("PRONGSAI_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_text("PRONGSAI_S3_BUCKET"),
            "endpoint_url": env_text("PRONGSAI_S3_ENDPOINT_URL") or None,
            "access_key": env_text("PRONGSAI_S3_ACCESS_KEY") or None,
            "secret_key": env_text("PRONGSAI_S3_SECRET_KEY") or None,
            "region_name": env_text("PRONGSAI_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


# --- The anonymous complaint channel (prongsai.web.complaints) ---------------------------------------------
# PRONGSAI_COMPLAINTS_KEY: the Fernet key that encrypts reports and their files at rest (generate one with
# `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`); without it a key
# is generated once into the data directory. Losing the key loses every report: back it up apart from the data.
def _complaints_key() -> str:
    configured = env_text("PRONGSAI_COMPLAINTS_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "complaints_key"
    if not key_file.exists():
        from cryptography.fernet import Fernet

        key_file.write_text(Fernet.generate_key().decode("ascii"), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


PRONGSAI_COMPLAINTS_KEY = _complaints_key()
# Complaint officers are reminded of a report whose reporter has waited this many days for an answer.
PRONGSAI_COMPLAINT_REMINDER_DAYS = int(env_text("PRONGSAI_COMPLAINT_REMINDER_DAYS", "7"))
