"""Test settings: fast hashing, immediate tasks, in-memory email."""

import os
from pathlib import Path

from config.django.base import *  # noqa: F403
from config.django.base import BASE_DIR

# Under pytest-xdist each worker gets its own files, as it gets its own test database.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ.get("KECHUANG_MEDIA_ROOT") or BASE_DIR / "var" / "test-media" / _WORKER)
# A subprocess of a multi-node test names its own directory.
MATCHING_INDEX_DIR = Path(
    os.environ.get("KECHUANG_MATCHING_INDEX_DIR") or BASE_DIR / "var" / "test-matching" / _WORKER
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# PostgreSQL in CI: .ci/run migrates the database first (the check that the migrations apply, once) and
# names it in KECHUANG_TEST_DB_TEMPLATE; each pytest-xdist worker's test database is then a copy of it
# (CREATE DATABASE … TEMPLATE) and Django's migrate finds nothing left to apply, instead of every worker
# applying every migration again. The template must be migrated and hold no data (no session may be
# connected to it while the copies are made).
_TEST_TEMPLATE = os.environ.get("KECHUANG_TEST_DB_TEMPLATE", "")
if _TEST_TEMPLATE and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = _TEST_TEMPLATE  # noqa: F405

# PostgreSQL, test databases only: a commit does not wait for its WAL to reach the disk
# (synchronous_commit=off, set per connection). A crash of the server could lose the last commits of a
# test database, which is thrown away anyway; production settings keep the server's default.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = f"{_options.get('options', '')} -c synchronous_commit=off".strip()
