"""Settings, read from the environment through small helpers; every default suits a single office machine.

PRONGSAI_DATA_DIR   where the SQLite database, uploads and the generated secret key live (default: ./var)
DATABASE_URL        PostgreSQL in production, e.g. postgres://user:password@host:5432/prongsai
PRONGSAI_DEBUG      1 for development pages with tracebacks (never in production)
PRONGSAI_SECRET_KEY the secret key; generated once into the data directory when unset
PRONGSAI_ALLOWED_HOSTS  comma-separated host names (default: localhost,127.0.0.1)
PRONGSAI_FRAMEWORKS_DIR a directory of the site's own ITA framework files
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

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
    "prongsai.web.complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "prongsai.web.frameworks.FrameworksMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'prongsai.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
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
STORAGES = {
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
