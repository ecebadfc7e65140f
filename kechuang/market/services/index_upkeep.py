"""Upkeep of the market's matching indexes: scheduled maintenance and rebuilds from the database, each
recorded as a system job (:class:`~kechuang.core.models.JobRun`) and audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang import matching_store
from kechuang.core.errors import ApplicationError
from kechuang.core.models import JobRun
from kechuang.market import search


def search_index_maintain(
    *,
    kinds: Sequence[str] = search.KINDS,
    force_retrain: bool = False,
    optimize: bool = True,
    actor: Any = None,
) -> list[JobRun]:
    """Upkeep of the matching indexes: relearn the semantic space where it is due (or everywhere with
    ``force_retrain``) and merge segments.  Readers and writers carry on meanwhile.  Each index's run is
    recorded (:class:`JobRun`) and audited; ``actor`` None is the scheduler."""
    runs = []
    for kind in kinds:
        started = timezone.now()
        result = matching_store.maintain_index(
            search.get_index(kind), force_retrain=force_retrain, optimize=optimize
        )
        runs.append(
            matching_store.job_record(
                job="market.search_index_maintain", subject=kind, started=started, result=result, actor=actor
            )
        )
    return runs


def search_index_rebuild(*, kind: str | None = None, actor: Any = None) -> list[JobRun]:
    """Rebuild the matching indexes (or one, ``kind``) from the database — after an index directory was
    lost or damaged, or to start afresh.  Each index is built from the rows that should be searchable and
    swapped in atomically (see :func:`search.rebuild_index`); searches carry on meanwhile, writers wait.
    Each rebuild is recorded (:class:`JobRun`) and audited; ``actor`` None is the system."""
    if kind is not None and kind not in search.KINDS:
        raise ApplicationError(_("未知的检索索引：%(kind)s") % {"kind": kind})
    runs = []
    for k in [kind] if kind else search.KINDS:
        started = timezone.now()
        result = search.rebuild_index(k)
        with transaction.atomic():
            runs.append(
                matching_store.job_record(
                    job="market.search_index_rebuild", subject=k, started=started, result=result, actor=actor
                )
            )
    return runs
