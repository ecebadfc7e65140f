"""A plan's snapshot taken on its manager's request (the nightly ``snapshot_values`` takes every plan's):
the indicators' values for the plan's region and each region a target is allocated to, recorded in
batches of :data:`SNAPSHOT_BATCH` regions — each batch its own transaction with its audit record — so the
task worker that runs it can show its progress. Re-running for the same day replaces that day's values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.targets import services, services_versions
from kechuang.targets.models import Plan
from kechuang.targets.selectors import snapshot_regions

SNAPSHOT_BATCH = 10  # regions a transaction (and a progress report)


def snapshot_day(plan: Plan, today: dt.date | None = None) -> dt.date:
    """The day a snapshot taken now records: today, or the plan's last day once it has ended; refused
    before the plan has begun."""
    day = today or timezone.localdate()
    if plan.period_start > day:
        raise ApplicationError(_("规划尚未开始执行，暂不能记录指标快照。"))
    return min(day, plan.period_end)


def snapshot_size(plan: Plan) -> int:
    """How many values a snapshot of the plan records (indicators × regions)."""
    return plan.indicators.count() * len(snapshot_regions(plan))


def snapshot_record(
    *,
    plan: Plan,
    actor: Any,
    on: dt.date,
    progress: Callable[[int, int], None] | None = None,
    batch: int = SNAPSHOT_BATCH,
) -> int:
    """Record the plan's snapshot of day ``on`` as its manager ``actor``; ``progress(done, total)`` after
    each batch of regions (in values). Returns the number of values recorded."""
    ensure_can(actor, plan, "change")
    services_versions.indicator_versions_apply(today=on, actor=actor, plan=plan)
    regions = snapshot_regions(plan)
    per_region = plan.indicators.count()
    total = per_region * len(regions)
    if progress:
        progress(0, total)
    recorded = 0
    step = max(1, batch)
    for start in range(0, len(regions), step):
        chunk = regions[start : start + step]
        with transaction.atomic():
            n = services.snapshot_take(plan=plan, on=on, regions=chunk)
            audit_log(
                actor=actor,
                action="targets.plan_snapshot",
                target=plan,
                after={"on": on.isoformat(), "regions": [r.code for r in chunk], "values": n},
            )
        recorded += n
        if progress:
            progress(min(total, recorded), total)
    return recorded
