"""The record of one system run on an index (upkeep, rebuild): a JobRun row and its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from kechuang.core.audit import audit_log
from kechuang.core.models import JobRun, clean_and_save


@transaction.atomic
def job_record(*, job: str, subject: str, started: dt.datetime, result: dict[str, Any], actor: Any) -> JobRun:
    """Store what ``job`` did to ``subject``; ``actor`` None is the scheduler or the system."""
    run = JobRun(
        job=job, subject=subject, started_at=started, seconds=result.get("seconds", 0.0), result=result
    )
    clean_and_save(run)
    audit_log(actor=actor, action=job, target=run, after=result)
    return run
