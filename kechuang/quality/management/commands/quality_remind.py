"""Remind departments of complaints due within three days or overdue (once a day per complaint)::

30 7 * * *  manage.py quality_remind
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kechuang.quality.services.complaints import complaints_remind
from kechuang.quality.tasks import remind_complaints


class Command(BaseCommand):
    help = "Enqueue (or with --now run) the daily complaint reminders for today (or --date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--now", action="store_true", help="run here instead of enqueuing a task")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options.get("date")
        if options["now"]:
            reminded = complaints_remind(today=dt.date.fromisoformat(day) if day else None)
            self.stdout.write(f"complaints reminded: {len(reminded)}")
            return
        result = remind_complaints.enqueue(today=day)
        self.stdout.write(f"remind_complaints enqueued: {result.id}")
