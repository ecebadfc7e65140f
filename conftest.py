"""Project-wide pytest setup: reference data loaded once per test database, shared fixtures."""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.fixtures"]


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
