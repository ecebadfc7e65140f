"""``manage.py backup [--output DIR]``: a consistent backup (database snapshot, media, audit head)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kechuang.ops.backup import backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or the SQLite backup API), the media files and the audit head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="var/backups", help="directory to write the backup under")
        parser.add_argument("--json", action="store_true", help="print the manifest as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = backup(Path(options["output"]))
        if options["json"]:
            self.stdout.write(json.dumps(manifest, ensure_ascii=False))
            return
        files = ", ".join(f"{name} {info['bytes'] / 1e6:.1f} MB" for name, info in manifest["files"].items())
        head = manifest["audit_head"] or {}
        self.stdout.write(
            f"backup written to {manifest['directory']} in {manifest['seconds']:.1f} s "
            f"(database {manifest['database_seconds']:.1f} s, media {manifest['media_seconds']:.1f} s): {files}; "
            f"audit head {head.get('id')} {str(head.get('hash', ''))[:16]}"
        )
