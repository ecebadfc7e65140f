"""Settings shared by every environment."""

from __future__ import annotations

import datetime as dt

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
]

MIDDLEWARE = [
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
KECHUANG_TRUSTED_PROXIES = env_list("KECHUANG_TRUSTED_PROXIES", "")
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
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
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
        "MatchmakingEventStatusEnum": "kechuang.market.choices.EventStatus",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

TASKS = {
    "default": {
        "BACKEND": env("KECHUANG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

MATCHING_INDEX_DIR = VAR_DIR / "matching"


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


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}

# Targets dashboard: live indicator values are computed by grouped queries and reused for this long.
TARGETS_LIVE_CACHE_SECONDS = int(env("TARGETS_LIVE_CACHE_SECONDS", "300") or 0)
# Statistical disclosure control: a statistic over organizations' confidential figures is withheld when
# fewer than this many organizations make it up, or when one of them exceeds this share of the total
# (0 turns the dominance rule off).
TARGETS_DISCLOSURE_MIN_UNITS = int(env("TARGETS_DISCLOSURE_MIN_UNITS", "3") or 3)
TARGETS_DISCLOSURE_DOMINANCE = env("TARGETS_DISCLOSURE_DOMINANCE", "0.85")
