"""``manage.py market_index [--maintain [--enqueue] [--force-retrain] [--no-optimize] | --rebuild | --follow
[--interval S] [--once] | --prune-log DAYS] [--kind KIND ...]``

Without ``--maintain`` it prints each matching index's statistics, with the semantic drift (one JSON object
per line).  ``--maintain`` relearns the semantic space of every index where it is due and merges segments,
here and now; with ``--enqueue`` a Django Tasks worker does it instead.  ``--rebuild`` builds the indexes
afresh from the database and swaps them in (after an index directory was lost or damaged).  ``--follow``
keeps this node's indexes current from the database's change log (one per machine, under systemd or
deploy/prod.sh): every ``--interval`` seconds it applies the new changes, and rebuilds an index that was
never stamped or fell behind the pruned log.  From cron::

    20 * * * *  manage.py market_index --maintain --enqueue
    40 3 * * *  manage.py market_index --prune-log 30
"""

from __future__ import annotations

import json
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

from kechuang import matching_store
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
        parser.add_argument("--follow", action="store_true", help="apply the change log continuously")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="with --follow: seconds between polls"
        )
        parser.add_argument("--once", action="store_true", help="with --follow: one pass, then exit")
        parser.add_argument(
            "--prune-log", type=int, metavar="DAYS", help="delete change-log rows older than DAYS"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kind"] or list(search.KINDS)
        if options["follow"]:
            self.follow(kinds, interval=options["interval"], once=options["once"])
            return
        if options["prune_log"] is not None:
            pruned = matching_store.changelog.prune(keep_days=options["prune_log"])
            self.stdout.write(
                f"change log: {pruned['deleted']} rows older than {options['prune_log']} days deleted "
                f"(a node below change {pruned['upto']} rebuilds)"
            )
            return
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
                log = {"seq": matching_store.changelog.cursor(kind), "lag": matching_store.lag(kind)}
                self.stdout.write(json.dumps({"index": kind, **stats, "changelog": log}, ensure_ascii=False))
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

    def follow(self, kinds: list[str], *, interval: float, once: bool) -> None:
        stop = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.append(True))
        self.stdout.write(f"following the index change log every {interval:g} s: {', '.join(kinds)}")
        self.stdout.flush()
        while not stop:
            close_old_connections()
            for kind in kinds:
                if matching_store.needs_rebuild(kind):
                    (run,) = services.search_index_rebuild(kind=kind)
                    self.stdout.write(f"{kind}: rebuilt, {run.result['documents']} documents")
                    continue
                report = search.catch_up(kind)
                if report["applied"]:
                    self.stdout.write(
                        f"{kind}: {report['applied']} changes applied up to {report['seq']} "
                        f"({report['upserted']} written, {report['deleted']} removed, {report['seconds']:.3f} s)"
                    )
            self.stdout.flush()
            if once:
                return
            time.sleep(interval)
