"""Permission-matrix rows, one module per app (tests/matrix.py explains a row).

``ALL`` is every row; tests/test_permission_matrix.py runs them and checks that every URL pattern and
API operation of config.urls has at least one.
"""

from __future__ import annotations

from tests.matrix import Row
from tests.matrix_rows import (
    accounts,
    carriers,
    core,
    market,
    ops,
    policies,
    portal,
    programs,
    programs_execution,
    programs_reserve,
    quality,
    recognition,
    registry,
    resources,
    review,
    targets,
)

ALL: list[Row] = [
    *core.ROWS,
    *portal.ROWS,
    *ops.ROWS,
    *accounts.ROWS,
    *registry.ROWS,
    *carriers.ROWS,
    *recognition.ROWS,
    *review.ROWS,
    *policies.ROWS,
    *programs.ROWS,
    *programs_execution.ROWS,
    *programs_reserve.ROWS,
    *market.ROWS,
    *quality.ROWS,
    *targets.ROWS,
    *resources.ROWS,
]
