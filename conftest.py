"""Project-wide pytest setup: reference data loaded once per test database, shared fixtures."""

from __future__ import annotations

import os

import pytest

# pytest-xdist workers must collect parametrised tests in the same order, and sets iterate in hash order:
# fix the hash seed for the worker processes this one spawns (they inherit the environment).
os.environ.setdefault("PYTHONHASHSEED", "0")

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(scope="session")
def django_db_use_migrations(request):  # type: ignore[no-untyped-def]
    """SQLite test databases are made from the models (no migration is run); other databases apply
    the migrations (in CI PostgreSQL applies them once, in a template every worker copies).

    Safe because ``makemigrations --check`` (CI) keeps the migrations equal to the models, none of
    them runs SQL of its own, and their data steps (RunPython) only convert rows that already exist —
    none seeds a row the tests rely on (the reference data is loaded below). CI's PostgreSQL step
    still checks that the migrations apply. ``KECHUANG_TEST_MIGRATE=1`` applies them on SQLite too
    (pytest-django's ``--migrations`` cannot be told apart from its default).
    """
    from django.conf import settings

    if request.config.getvalue("nomigrations"):
        return False
    if os.environ.get("KECHUANG_TEST_MIGRATE") == "1":
        return True
    return settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, load_industries, load_regions

    with django_db_blocker.unblock():
        load_regions()
        # The shipped sections/divisions keep tests independent of ../shared; tests needing classes skip.
        load_industries(INDUSTRY_DIVISIONS_CSV)


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the default language (简体中文).

    LocaleMiddleware activates a request's language for the thread and never deactivates it, so one
    test's ``Accept-Language: en`` request would otherwise turn later tests' messages English.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):  # type: ignore[no-untyped-def]
    """Regions and industries for tests on ``transactional_db`` (and ``live_server``).

    Such tests commit for real and pytest-django empties every table after each of them, reference data
    included; the next transactional test in the session reloads it here, before its own fixtures run.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if not (transactional or {"transactional_db", "live_server"} & set(request.fixturenames)):
        return
    request.getfixturevalue("transactional_db")
    from kechuang.registry.models import Region
    from kechuang.registry.reference import INDUSTRY_DIVISIONS_CSV, load_industries, load_regions

    if not Region.objects.exists():
        load_regions()
        load_industries(INDUSTRY_DIVISIONS_CSV)
