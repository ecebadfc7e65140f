"""Background work of the market app (Django Tasks): upkeep of the matching indexes.

Run it from cron, e.g. hourly: ``manage.py market_index --maintain --enqueue``; a worker executes it.  An
index whose semantic space is not due and that has a single segment costs next to nothing.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from kechuang.market import search, services


@task()
def maintain_search_indexes(
    kinds: list[str] | None = None, force_retrain: bool = False, optimize: bool = True
) -> dict[str, Any]:
    """Relearn the indexes' semantic spaces where due and merge their segments; returns what was done
    per index (the same as the :class:`~kechuang.core.models.JobRun` rows it records)."""
    runs = services.search_index_maintain(
        kinds=kinds or search.KINDS, force_retrain=force_retrain, optimize=optimize
    )
    return {run.subject: run.result for run in runs}
