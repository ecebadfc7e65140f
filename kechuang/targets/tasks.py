"""Background work of the targets app (Django Tasks): supervision and value snapshots.

Run daily, e.g. from cron: ``manage.py targets_schedule`` enqueues both; a worker executes them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from kechuang.targets import services, services_versions
from kechuang.targets.models import Plan
from kechuang.targets.selectors import dashboard_warm


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else timezone.localdate()


@task()
def supervise_deadlines(today: str | None = None) -> int:
    """Send due reminders and escalations; returns how many were recorded."""
    return len(services.supervise(today=_day(today)))


@task()
def snapshot_values(on: str | None = None) -> int:
    """Snapshot every plan that is running on the day; returns the number of values recorded. Indicator
    definitions revised to apply from the day take effect first, so the day's figures use them."""
    day = _day(on)
    services_versions.indicator_versions_apply(today=day)
    total = 0
    for plan in Plan.objects.filter(period_start__lte=day).select_related("region"):
        total += services.snapshot_take(plan=plan, on=min(day, plan.period_end))
    return total


@task()
def warm_dashboards() -> int:
    """Refresh the cached live values of every plan's dashboard (run more often than the cache's
    ``TARGETS_LIVE_CACHE_SECONDS``, e.g. every 4 minutes)."""
    return sum(dashboard_warm(plan=plan) for plan in Plan.objects.select_related("region"))
