"""``manage.py market_index [--maintain [--enqueue] [--force-retrain] [--no-optimize] | --rebuild] [--kind KIND ...]``

Without ``--maintain`` it prints each matching index's statistics, with the semantic drift (one JSON object
per line).  ``--maintain`` relearns the semantic space of every index where it is due and merges segments,
here and now; with ``--enqueue`` a Django Tasks worker does it instead.  ``--rebuild`` builds the indexes
afresh from the database and swaps them in (after an index directory was lost or damaged).  From cron::

    20 * * * *  manage.py market_index --maintain --enqueue
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kechuang.market import search, services
from kechuang.market.tasks import maintain_search_indexes


class Command(BaseCommand):
    help = "Show the matching indexes' statistics, or maintain them (relearn the semantic space when due, merge)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--maintain", action="store_true", help="relearn where due and merge segments")
        parser.add_argument(
            "--enqueue", action="store_true", help="with --maintain: leave it to a task worker"
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="build afresh from the database (lost or damaged index)"
        )
        parser.add_argument("--force-retrain", action="store_true", help="relearn even where not due")
        parser.add_argument("--no-optimize", action="store_true", help="do not merge segments")
        parser.add_argument("--kind", action="append", choices=search.KINDS, help="one index (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kind"] or list(search.KINDS)
        if options["rebuild"]:
            if options["maintain"]:
                raise CommandError("--rebuild and --maintain exclude each other")
            for kind in dict.fromkeys(kinds):
                (run,) = services.search_index_rebuild(kind=kind)
                r = run.result
                self.stdout.write(
                    f"{kind}: rebuilt from the database, {r['documents']} documents, "
                    f"{r['feedback_events']} feedback events kept, {r['seconds']:.2f} s"
                )
            return
        if not options["maintain"]:
            for kind in kinds:
                stats = search.get_index(kind).stats()
                self.stdout.write(json.dumps({"index": kind, **stats}, ensure_ascii=False))
            return
        params = {"force_retrain": options["force_retrain"], "optimize": not options["no_optimize"]}
        if options["enqueue"]:
            result = maintain_search_indexes.enqueue(kinds=kinds, **params)
            self.stdout.write(f"maintain_search_indexes enqueued: {result.id}")
            return
        for run in services.search_index_maintain(kinds=kinds, **params):
            r = run.result
            if r["skipped"]:
                self.stdout.write(f"{run.subject}: skipped, another process is maintaining it")
                continue
            self.stdout.write(
                f"{run.subject}: {r['documents']} documents, retrained={r['retrained']} "
                f"({r['reason'] or 'not due'}), optimized={r['optimized']}, "
                f"segments {r['segments'][0]}→{r['segments'][1]}, {r['seconds']:.2f} s"
            )
