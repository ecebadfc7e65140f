"""Background work of the quality app (Django Tasks): daily complaint reminders.

Run daily from cron: ``manage.py quality_remind`` (``--now`` runs it in the command instead of enqueuing).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from kechuang.quality.services.complaints import complaints_remind


@task()
def remind_complaints(today: str | None = None) -> int:
    """Remind the departments of complaints due soon or overdue; returns how many were reminded."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return len(complaints_remind(today=day))
