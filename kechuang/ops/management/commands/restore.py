"""``manage.py restore BACKUP_DIR``: restore a ``manage.py backup`` into an empty installation, verify the
audit chain and its recorded head, compare the counts, rebuild the matching indexes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kechuang.market.services import search_index_rebuild
from kechuang.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup directory into an empty installation (new database, empty media directory)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="the kechuang-backup-* directory")
        parser.add_argument("--no-index", action="store_true", help="do not rebuild the matching indexes")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore(
                Path(options["source"]), rebuild_indexes=None if options["no_index"] else search_index_rebuild
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        counts = ", ".join(f"{k.split('.')[-1]} {v}" for k, v in report["counts"].items())
        self.stdout.write(
            f"restored in {report['seconds']:.1f} s (database {report['database_seconds']:.1f} s); "
            f"audit chain intact: {report['audit_records_verified']} records, recorded head present; {counts}"
        )
