"""``manage.py import_csl_achievements [--path FILE] [--limit N] [--actor USERNAME]``"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kechuang.core.errors import ApplicationError
from kechuang.market import csl, services


class Command(BaseCommand):
    help = "Import CSL abstracts (../shared/data/csl/, else the bundled 1,600) as published achievements."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--path", type=Path, default=None)
        parser.add_argument("--limit", type=int, default=None)
        parser.add_argument("--actor", default=None, help="a platform admin's username (default: the first)")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = opts["path"] or csl.csl_path()
        if path is None or not Path(path).exists():
            raise CommandError("CSL file not found; pass --path or set KECHUANG_SHARED_DATA")
        User = get_user_model()
        qs = User.objects.filter(is_platform_admin=True)
        actor = qs.filter(username=opts["actor"]).first() if opts["actor"] else qs.order_by("pk").first()
        if actor is None:
            raise CommandError("no platform admin user to record as the importer")
        try:
            # --limit counts achievements: records of fields that are not technology are skipped first
            rows = csl.achievement_rows(csl.read_records(Path(path)), rng=random.Random(7))
            rows = rows[: opts["limit"]] if opts["limit"] else rows
            created, skipped = services.achievements_import(actor=actor, rows=rows, source="CSL")
        except (ApplicationError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"imported {created} achievements, skipped {skipped} already present\n")
