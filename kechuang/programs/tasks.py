"""Background work of the programs app (Django Tasks): supervision (督查) of projects' reports and milestones.

Run daily, e.g. from cron: ``manage.py programs_supervise`` enqueues it; a worker executes it.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from kechuang.programs.services import project_supervise


@task()
def supervise_projects(today: str | None = None) -> int:
    """Send due reminders and escalations; returns how many were recorded."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return len(project_supervise(today=day))
