"""Production settings. Every value that differs per site comes from the environment (docs/operations.md).

``DJANGO_SETTINGS_MODULE=config.django.production python manage.py check --deploy`` passes with no
warning when the documented environment is set (CI checks it).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.django.base import *  # noqa: F403
from config.django.base import MEDIA_ROOT, SECRET_KEY, STATIC_ROOT
from config.env import env, env_bool, env_list

DEBUG = False
if SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names the site is served under.")

# HTTPS: the site is served over TLS, usually behind a reverse proxy that sets X-Forwarded-Proto.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Only to try the layout over plain http on 127.0.0.1 (deploy/prod.sh's smoke test, benchmarks): false
# lets the browser send the cookies without TLS. Never false on a real site (check --deploy warns).
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = int(env("DJANGO_SESSION_COOKIE_AGE", str(8 * 3600)) or 8 * 3600)
# 等保 level 3: officers and platform admins sign in with two factors (TOTP). On unless the operator turns
# it off explicitly (KECHUANG_REQUIRE_2FA_FOR_STAFF=false, e.g. for a first officer to set it up).
KECHUANG_REQUIRE_2FA_FOR_STAFF = env_bool("KECHUANG_REQUIRE_2FA_FOR_STAFF", True)

# Files: uploads on a disk that is backed up; static files collected once per release and served by
# WhiteNoise with hashed names.
MEDIA_ROOT = Path(env("KECHUANG_MEDIA_ROOT") or MEDIA_ROOT)
STATIC_ROOT = Path(env("KECHUANG_STATIC_ROOT") or STATIC_ROOT)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # KECHUANG_STATIC_COMPRESS=false skips the gzip/brotli copies (collectstatic in seconds, e.g. the CI
    # smoke test); nginx or WhiteNoise then sends the files uncompressed.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("KECHUANG_STATIC_COMPRESS", True)
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}
# Optional: uploads in an S3-compatible object store (MinIO, a cloud's OSS) instead of the disk, shared by
# every machine. Needs ``pip install 'django-storages[s3]'``; the bucket is private (files are served
# through the application's permission checks).
if env("KECHUANG_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("KECHUANG_S3_BUCKET"),
            "endpoint_url": env("KECHUANG_S3_ENDPOINT_URL") or None,
            "access_key": env("KECHUANG_S3_ACCESS_KEY") or None,
            "secret_key": env("KECHUANG_S3_SECRET_KEY") or None,
            "region_name": env("KECHUANG_S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Sessions in Redis with the database behind it when the cache is Redis (KECHUANG_CACHE_URL).
if (env("KECHUANG_CACHE_URL") or "").startswith(("redis://", "rediss://")) and not env(
    "KECHUANG_SESSION_ENGINE"
):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Mail (notifications, invitations): an SMTP relay inside the government network.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "kechuang@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("", address) for address in env_list("DJANGO_ADMINS")]
