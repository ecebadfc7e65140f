"""Benchmark: ``manage.py backup`` and ``manage.py restore`` of the 100,000-organization database.

    .venv/bin/python benchmarks/backup_100k.py                       # database kc_s18ops_big, /tmp/kc_backup_100k
    .venv/bin/python benchmarks/backup_100k.py --database kc_big --output /srv/backup-bench

Builds (once; later runs reuse it) the benchmark database with ``benchmarks/registry_list.py``'s generator
(100,000 organizations with regions, industries, ~10 % designations, ~5 % in parks), then runs, each as
its own process with the production settings' database code (``config.django.local`` + ``DATABASE_URL``):

1. ``manage.py backup --output DIR`` against the database (pg_dump -Fc + media + manifest);
2. ``manage.py restore DIR/kechuang-backup-…`` into a fresh, empty database ``<database>_restore`` and an
   empty media directory (pg_restore, audit chain verification, count comparison, index rebuild).

It prints the database's size, the backup's files and sizes, the wall time and the CPU time of each
command (children included: pg_dump / pg_restore run as child processes) and the load average — the
machine may be shared, so read the wall times with it. Only PostgreSQL on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432/"


def _psql(sql: str, db: str = "postgres") -> str:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def _build(database: str, organizations: int) -> None:
    """The registry benchmark's generator, in its own process (it sets Django up for that database)."""
    code = (
        "import sys; sys.path.insert(0, 'benchmarks'); import registry_list as r; "
        f"r.configure('postgres', {PG + database!r}); r.build({organizations}, rebuild=False, seed=20261126)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def _timed(label: str, args: list[str], env: dict[str, str]) -> str:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"{label}: wall {wall:.1f} s, CPU {cpu:.1f} s (this command and its children)")
    print("  " + out.strip().replace("\n", "\n  "))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="kc_s18ops_big")
    parser.add_argument("--organizations", type=int, default=100_000)
    parser.add_argument("--output", default=None, help="where the backup is written (default: a temp dir)")
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    _build(args.database, args.organizations)
    size = _psql(f"SELECT pg_size_pretty(pg_database_size('{args.database}'))")
    orgs = _psql("SELECT count(*) FROM registry_organization", args.database)
    audit = _psql("SELECT count(*) FROM core_auditrecord", args.database)
    print(f"database {args.database}: {size}, {int(orgs):,} organizations, {int(audit):,} audit records")

    work = Path(args.output or tempfile.mkdtemp(prefix="kc_backup_100k_"))
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.django.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    media = work / "media-source"
    media.mkdir(exist_ok=True)
    source_env = {
        **env,
        "DATABASE_URL": PG + args.database,
        "KECHUANG_MEDIA_ROOT": str(media),
        "KECHUANG_MATCHING_INDEX_DIR": str(work / "index-source"),
    }
    py = [sys.executable, "manage.py"]
    _timed("backup", [*py, "backup", "--output", str(work / "backups")], source_env)
    backup_dir = max((work / "backups").glob("kechuang-backup-*"))
    for f in sorted(backup_dir.iterdir()):
        print(f"  {f.name}: {f.stat().st_size / 1e6:.1f} MB")

    target = f"{args.database}_restore"
    _psql(f'DROP DATABASE IF EXISTS "{target}"')
    _psql(f'CREATE DATABASE "{target}"')
    restored_media = work / "media-restored"
    shutil.rmtree(restored_media, ignore_errors=True)
    restored_media.mkdir()
    target_env = {
        **env,
        "DATABASE_URL": PG + target,
        "KECHUANG_MEDIA_ROOT": str(restored_media),
        "KECHUANG_MATCHING_INDEX_DIR": str(work / "index-restored"),
    }
    _timed("restore", [*py, "restore", str(backup_dir)], target_env)
    restored = _psql("SELECT count(*) FROM registry_organization", target)
    restored_size = _psql(f"SELECT pg_size_pretty(pg_database_size('{target}'))")
    print(f"restored database {target}: {restored_size}, {int(restored):,} organizations")
    print(f"load average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
