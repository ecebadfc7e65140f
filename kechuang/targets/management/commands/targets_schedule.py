"""Enqueue the targets app's daily work: deadline reminders/escalations and value snapshots.

Run it once a day from cron (or any scheduler); a Django Tasks worker executes the jobs::

    15 1 * * *  manage.py targets_schedule
    */4 * * * *  manage.py targets_schedule --warm-only
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kechuang.targets.tasks import snapshot_values, supervise_deadlines, warm_dashboards


class Command(BaseCommand):
    help = "Enqueue supervision (reminders, escalations) and value snapshots for today (or --date)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--skip-snapshots", action="store_true")
        parser.add_argument(
            "--warm-only",
            action="store_true",
            help="only refresh the dashboards' cached live values (run every few minutes)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["warm_only"]:
            self.stdout.write(f"warm_dashboards enqueued: {warm_dashboards.enqueue().id}")
            return
        day = options.get("date")
        result = supervise_deadlines.enqueue(today=day)
        self.stdout.write(f"supervise_deadlines enqueued: {result.id}")
        if not options["skip_snapshots"]:
            result = snapshot_values.enqueue(on=day)
            self.stdout.write(f"snapshot_values enqueued: {result.id}")
