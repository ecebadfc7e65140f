"""Every page and API operation against the standard roles (tests/matrix.py), and a check that no URL
pattern or API operation is left without a row.

The rows are in tests/matrix_rows/<app>.py; a new route without a row fails
``test_every_route_has_a_matrix_row`` with its name, route and method.
"""

from __future__ import annotations

import pytest

from tests.matrix import ROLES, Row, expected, rows_by_operation, run, served_operations
from tests.matrix_rows import ALL
from tests.world import World

pytestmark = pytest.mark.django_db

# Routes that are not the app's to guard, with the reason.
EXEMPT_PREFIXES = {
    "/admin/": "Django's admin site: staff accounts and Django's own model permissions, not the row rules",
}
EXEMPT_ROUTES = {
    "/api/v1/^.*$": "the API's catch-all: any unknown path answers 404 in the error envelope",
    "/^api/": "the same catch-all for /api/ paths outside /api/v1/ (kechuang/core/tests/test_api_errors.py)",
}


@pytest.fixture
def world(cast, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    settings.KECHUANG_IMPORT_DIR = tmp_path / "imports"
    from django.core.cache import cache

    from kechuang.market import search

    cache.clear()
    search.reset_cache()
    yield World(cast)
    search.reset_cache()
    cache.clear()


@pytest.mark.parametrize("row", ALL, ids=[r.id for r in ALL])
def test_permission_matrix(world: World, row: Row) -> None:
    got = run(row, world)
    assert got == expected(row), f"{row.id} ({row.why or 'see tests/matrix_rows'}): roles {ROLES}"


def test_rows_are_unique():
    ids = [r.id for r in ALL]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_route_has_a_matrix_row():
    by_operation = rows_by_operation(ALL)
    names = {name for name, _ in by_operation}
    missing = []
    for op in served_operations():
        if op.route in EXEMPT_ROUTES or op.route.startswith(tuple(EXEMPT_PREFIXES)):
            continue
        if not op.name:
            missing.append(f"{op.route}: has no URL name (name it, then add a row)")
        elif op.methods:
            missing += [f"{op.name} {m} {op.route}" for m in op.methods if (op.name, m) not in by_operation]
        elif op.name not in names:
            missing.append(f"{op.name} {op.route}")
    assert missing == [], "routes without a permission-matrix row (tests/matrix_rows/):\n" + "\n".join(
        missing
    )


def test_every_row_names_a_route():
    served = {op.name for op in served_operations()}
    assert sorted({r.name for r in ALL} - served) == []
