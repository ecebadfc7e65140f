"""Enqueue the daily supervision (督查) of projects: reminders 30, 7 and 1 days before a progress report or
milestone is due, one escalation when it is overdue.  Run once a day from cron::

    30 1 * * *  manage.py programs_supervise
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kechuang.programs.tasks import supervise_projects


class Command(BaseCommand):
    help = "Enqueue project supervision (reminders, escalations) for today (or --date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = supervise_projects.enqueue(today=options.get("date"))
        self.stdout.write(f"supervise_projects enqueued: {result.id}")
