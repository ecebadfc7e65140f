"""Operations routes: the probes are public (a load balancer asks them unauthenticated, they say nothing
private); /metrics is hidden from everyone but the token or an allowed address (none by default)."""

from __future__ import annotations

from tests.matrix import PUBLIC, Row

ROWS = [
    Row("ops:healthz", PUBLIC, why="liveness probe"),
    Row("ops:readyz", PUBLIC, why="readiness probe: dependency states, no data"),
    Row(
        "ops:metrics",
        (404, 404, 404, 404, 404, 404),
        why="only KECHUANG_METRICS_TOKEN or KECHUANG_METRICS_ALLOWED_IPS (both empty by default)",
    ),
]
