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
