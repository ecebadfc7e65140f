"""Settings shared by every environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env, env_bool, env_list

SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-dev-key-change-me-" + "x" * 30)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

VAR_DIR = BASE_DIR / "var"

# Where Django's admin site is served: not the well-known "admin/" in production if you prefer (it is
# read-only and for platform admins, but its sign-in page attracts scanners). Must end with "/".
KECHUANG_ADMIN_PATH = (env("DJANGO_ADMIN_PATH", "admin/") or "admin/").strip("/") + "/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",  # sign-in throttling and lockout (kechuang/accounts/security.py)
    # Two-factor sign-in: TOTP apps and one-time backup codes (kechuang/accounts/otp.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kechuang.core",
    "kechuang.accounts",
    "kechuang.registry",
    "kechuang.carriers",
    "kechuang.review",
    "kechuang.recognition",
    "kechuang.market",
    "kechuang.policies",
    "kechuang.quality",
    "kechuang.programs",
    "kechuang.targets",
    "kechuang.resources",
    "kechuang.portal",  # home pages, menu, demo command: depends on every app above, none depends on it
    "kechuang.ops",  # health, readiness, metrics, backup and restore
]

MIDDLEWARE = [
    # First: a request id (X-Request-ID, taken from the proxy or made here) for the logs and the answer,
    # and the request's latency by route for /metrics.
    "kechuang.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (with a per-request nonce for inline chart scripts) and Permissions-Policy.
    "kechuang.core.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kechuang.policies.middleware.EngineLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # An uncaught exception under /api/ answers JSON 500 in the error envelope (logged as usual).
    "kechuang.core.api.ApiErrorMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with a second factor
    # A temporary password is changed, and (KECHUANG_REQUIRE_2FA_FOR_STAFF) officers and platform admins
    # enable TOTP, before anything else.
    "kechuang.accounts.middleware.SecurityStepsMiddleware",
    # A write refused by a permission check is a security event in the audit chain (one per user+route
    # a minute; kechuang/core/refusals.py).
    "kechuang.core.refusals.RefusedWriteMiddleware",
    # Every text a page's form posts is at most KECHUANG_MAX_TEXT_LENGTH characters (the API's parsers
    # check the same; kechuang/core/limits.py).
    "kechuang.core.limits.TextLengthMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out sign-in (page or token endpoint) into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kechuang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kechuang.portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kechuang.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60),
        # A kept connection is checked (one round trip) before a request reuses it, so a database restart
        # or a dropped connection costs no request an error.
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run while a writer commits; IMMEDIATE avoids lock upgrades that deadlock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Django's password check; the user comes with their expert-pool entry (kechuang/registry/auth.py).
# First, axes refuses a locked-out account or address before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "kechuang.registry.auth.DirectoryBackend"]

# Sign-in throttling (django-axes), for the sign-in page and the API token endpoint alike: after
# KECHUANG_LOGIN_FAILURE_LIMIT failures for one username, or from one address, that username or address
# is locked for KECHUANG_LOGIN_LOCKOUT_MINUTES (each failure during the lock starts it again). A success
# clears the account's count. Failures and lockouts are security events in the audit chain.
AXES_FAILURE_LIMIT = int(env("KECHUANG_LOGIN_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(env("KECHUANG_LOGIN_LOCKOUT_MINUTES", "15") or 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "kechuang.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "kechuang.core.client_ip.client_ip"
AXES_ENABLE_ADMIN = False
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). Default:
# none — the client's address is REMOTE_ADDR, and a forged header changes nothing.
KECHUANG_REFUSAL_EVENT_SECONDS = int(env("KECHUANG_REFUSAL_EVENT_SECONDS", "60") or 60)
KECHUANG_TRUSTED_PROXIES = env_list("KECHUANG_TRUSTED_PROXIES", "")
# Two-factor sign-in (TOTP, django-otp). Anyone may enable it (账户安全); with
# KECHUANG_REQUIRE_2FA_FOR_STAFF on, officers and platform admins must, before any other page, and the
# API gives them a token only with a code. Off by default (the demo); turn it on in production.
KECHUANG_REQUIRE_2FA_FOR_STAFF = env_bool("KECHUANG_REQUIRE_2FA_FOR_STAFF", False)
OTP_TOTP_ISSUER = env("KECHUANG_OTP_ISSUER", "科创平台") or "科创平台"
# Minutes between entering the password and the code on the sign-in page.
KECHUANG_OTP_PENDING_SECONDS = 300
# Password reset by e-mail (Django's views) when the operator has configured outgoing mail
# (production settings: DJANGO_EMAIL_HOST…). Off by default: on an intranet without mail, a platform admin sets a temporary
# password instead.
KECHUANG_PASSWORD_RESET_BY_EMAIL = env_bool("KECHUANG_PASSWORD_RESET_BY_EMAIL", False)
CSRF_FAILURE_VIEW = "kechuang.core.api.api_csrf_failure"  # JSON under /api/
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kechuang" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "kechuang" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"

# Uploads: Excel imports and attachments. Anything larger is refused with a clear message.
KECHUANG_MAX_UPLOAD_BYTES = int(env("KECHUANG_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)) or 0)
# An Excel import of more data rows than this runs in a task worker; the page shows its progress.
KECHUANG_IMPORT_BACKGROUND_ROWS = int(env("KECHUANG_IMPORT_BACKGROUND_ROWS", "2000") or 2000)
# A background job a page started, unfinished for longer, no longer keeps the same work from starting again.
KECHUANG_JOB_STALE_HOURS = float(env("KECHUANG_JOB_STALE_HOURS", "6") or 6)
# A list export of more rows than this is built by a task worker; the page shows its progress, then the file.
KECHUANG_EXPORT_BACKGROUND_ROWS = int(env("KECHUANG_EXPORT_BACKGROUND_ROWS", "5000") or 5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The longest free text accepted in any field, page or API (kechuang/core/limits.py).
KECHUANG_MAX_TEXT_LENGTH = int(env("KECHUANG_MAX_TEXT_LENGTH", "50000") or 50000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    # Token first: an anonymous request then gets 401 with ``WWW-Authenticate: Token`` (not a bare 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "kechuang.core.authentication.SessionAuthentication",
    ],
    # Fail closed: every endpoint needs a signed-in user unless it says otherwise; rows are then
    # restricted per user by kechuang.core.permissions.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Bodies are JSON (any other Content-Type is a 415); the Excel import names its own multipart parser.
    # One body format keeps the schema exact: a form would turn every value into text ("0" for false).
    "DEFAULT_PARSER_CLASSES": ["kechuang.core.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "kechuang.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "kechuang.core.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "kechuang.core.api.KeysetPagination",
    "PAGE_SIZE": 50,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Kechuang API",
    "DESCRIPTION": "科创 — regional science & technology innovation service platform",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "PATH_CONVERTER_OVERRIDES": {"id": int},
    # Several models have a "kind"/"level" choice field: name each enum after its choices class.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "kechuang.registry.choices.OrganizationKind",
        "DesignationKindEnum": "kechuang.registry.choices.DesignationKind",
        "DepartmentKindEnum": "kechuang.registry.choices.DepartmentKind",
        "ParkKindEnum": "kechuang.registry.choices.ParkKind",
        "ParkLevelEnum": "kechuang.registry.choices.ParkLevel",
        "RegionLevelEnum": "kechuang.registry.choices.RegionLevel",
        "IndustryLevelEnum": "kechuang.registry.choices.IndustryLevel",
        "SizeClassEnum": "kechuang.registry.choices.SizeClass",
        "VerificationStatusEnum": "kechuang.registry.choices.VerificationStatus",
        "IntegrityKindEnum": "kechuang.registry.choices.IntegrityKind",
        "DocumentLevelEnum": "kechuang.policies.choices.DocumentLevel",
        "MatchmakingEventStatusEnum": "kechuang.market.choices.EventStatus",
        "CarrierKindEnum": "kechuang.carriers.choices.CarrierKind",
        "ComplaintCategoryEnum": "kechuang.quality.choices.ComplaintCategory",
        "InstrumentCategoryEnum": "kechuang.resources.choices.InstrumentCategory",
        "BudgetCategoryEnum": "kechuang.programs.choices.BudgetCategory",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

TASKS = {
    "default": {
        "BACKEND": env("KECHUANG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

# Each node keeps its own copy of the indexes here, current from the database's change log
# (kechuang/matching_store/changelog.py): one directory per machine, never a shared network disk.
MATCHING_INDEX_DIR = Path(env("KECHUANG_MATCHING_INDEX_DIR") or VAR_DIR / "matching")
# A search first applies the change log if this process has not looked for this many seconds.
MATCHING_CHANGELOG_POLL_SECONDS = float(env("KECHUANG_MATCHING_POLL_SECONDS", "2") or 2)
# /readyz reports "not ready" when a node's index is more than this many changes behind the database.
KECHUANG_READY_MAX_INDEX_LAG = int(env("KECHUANG_READY_MAX_INDEX_LAG", "1000") or 1000)


def _caches(url: str | None) -> dict:
    """``KECHUANG_CACHE_URL``: ``redis://host:6379/0`` (shared by every web process and worker — use it in
    production), ``db`` (a table in the main database, shared, no extra service; run ``createcachetable``),
    or unset for per-process memory (development and tests)."""
    if url and url.startswith(("redis://", "rediss://")):
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    if url == "db":
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "kechuang_cache",
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kechuang"}}


CACHES = _caches(env("KECHUANG_CACHE_URL"))
# Sessions: in the cache and the database (a Redis restart signs nobody out); reads hit the cache.
SESSION_ENGINE = env("KECHUANG_SESSION_ENGINE", "django.contrib.sessions.backends.db")

# /metrics (Prometheus text format) answers only a request with ``Authorization: Bearer <token>`` or one
# from an allowed address (client address as KECHUANG_TRUSTED_PROXIES lets it be known); anyone else 404.
KECHUANG_METRICS_TOKEN = env("KECHUANG_METRICS_TOKEN", "") or ""
KECHUANG_METRICS_ALLOWED_IPS = env_list("KECHUANG_METRICS_ALLOWED_IPS", "")


# Logs to stderr; ``DJANGO_LOG_FORMAT=json`` writes one JSON object a line (time, level, logger, message,
# request_id, exception) for a log collector. Every record carries the request id of the request it
# belongs to ("-" outside one).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kechuang.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "kechuang.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env("DJANGO_LOG_FORMAT", "text") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}

# Targets dashboard: live indicator values are computed by grouped queries and reused for this long.
TARGETS_LIVE_CACHE_SECONDS = int(env("TARGETS_LIVE_CACHE_SECONDS", "300") or 0)
# Statistical disclosure control: a statistic over organizations' confidential figures is withheld when
# fewer than this many organizations make it up, or when one of them exceeds this share of the total
# (0 turns the dominance rule off).
TARGETS_DISCLOSURE_MIN_UNITS = int(env("TARGETS_DISCLOSURE_MIN_UNITS", "3") or 3)
TARGETS_DISCLOSURE_DOMINANCE = env("TARGETS_DISCLOSURE_DOMINANCE", "0.85")

# Uploaded workbooks are inflated as a stream before any reader opens them (kechuang/core/zipguard.py):
# refused past this many bytes in all, or a member past this ratio of its compressed size (checked once
# the member is past the floor).
KECHUANG_UPLOAD_MAX_UNCOMPRESSED_BYTES = int(
    env("KECHUANG_UPLOAD_MAX_UNCOMPRESSED_BYTES", str(1024 * 1024 * 1024)) or 0
)
KECHUANG_UPLOAD_MAX_RATIO = int(env("KECHUANG_UPLOAD_MAX_RATIO", "200") or 200)
KECHUANG_UPLOAD_RATIO_FLOOR_BYTES = 10 * 1024 * 1024

# The secret that signs the audit chain's daily anchor (manage.py audit_anchor DIR; audit_verify --anchor).
# At least 32 characters; keep it out of the database and its backups.
KECHUANG_AUDIT_ANCHOR_KEY = env("KECHUANG_AUDIT_ANCHOR_KEY", "") or ""
