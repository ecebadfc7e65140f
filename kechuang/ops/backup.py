"""A consistent backup of an installation, and its restore into an empty one.

A backup is a directory ``kechuang-backup-<UTC time>/`` holding

- ``database.dump`` (PostgreSQL: ``pg_dump -Fc``, one snapshot of the whole database however long it takes
  and whatever the site writes meanwhile) or ``database.sqlite3`` (SQLite: the online backup API, also one
  consistent snapshot);
- ``media.tar.gz``: the uploaded files (``MEDIA_ROOT``), taken right after the database;
- ``manifest.json``: when, from which database engine, the audit chain's head (last record id and hash)
  and row counts read just before the snapshot, and each file's size and SHA-256.

The matching indexes are not in it: they are derived from the database and rebuilt by the restore.

The restore refuses an installation that has anything in it (a table with rows, a file in the media
directory): it loads the database, unpacks the media, checks the files' hashes, verifies the audit chain
and that it still holds the recorded head, and rebuilds the indexes.  Uploads made between the database
snapshot and the media archive can be in the archive without a row pointing at them (harmless); a row whose
file was uploaded after the archive began cannot exist, since the archive is taken after the snapshot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from kechuang.core.audit import audit_verify
from kechuang.core.models import AuditRecord

# What the manifest counts (app_label.Model): enough for a drill to see that everything came back.
COUNTED = (
    "accounts.User",
    "registry.Organization",
    "market.Achievement",
    "market.Demand",
    "policies.Claim",
    "core.AuditRecord",
)


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"] or "postgres"]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in COUNTED}


def audit_head() -> dict[str, Any] | None:
    last = AuditRecord.objects.order_by("-id").values("id", "record_hash").first()
    return {"id": last["id"], "hash": last["record_hash"]} if last else None


def backup(output: Path) -> dict[str, Any]:
    """Write a backup directory under ``output``; returns its manifest (with the directory and timings)."""
    started = time.monotonic()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = Path(output) / f"kechuang-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    manifest: dict[str, Any] = {
        "format": 1,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "vendor": connection.vendor,
        "audit_head": audit_head(),
        "counts": counts(),
        "files": {},
    }
    t0 = time.monotonic()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        db_file = target / "database.dump"
        name = connection.settings_dict["NAME"]
        subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(db_file), name],
            env=env,
            check=True,
        )
    elif connection.vendor == "sqlite":
        db_file = target / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(db_file) as dest:
            connection.connection.backup(dest, pages=4096)
        dest.close()
    else:
        raise BackupError(f"no backup for the {connection.vendor} engine")
    manifest["database_seconds"] = round(time.monotonic() - t0, 2)
    t0 = time.monotonic()
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz", compresslevel=6) as tar:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                tar.add(path, arcname=str(path.relative_to(media)), recursive=False)
    manifest["media_seconds"] = round(time.monotonic() - t0, 2)
    for path in (db_file, target / "media.tar.gz"):
        manifest["files"][path.name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    manifest["seconds"] = round(time.monotonic() - started, 2)
    (target / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return {**manifest, "directory": str(target)}


def _installation_is_empty() -> list[str]:
    """What is already there (empty list: nothing)."""
    found = []
    tables = connection.introspection.table_names()
    for table in tables:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                found.append(f"table {table} has rows")
                break
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        found.append(f"{media} is not empty")
    return found


def restore(source: Path, *, rebuild_indexes: Any = None) -> dict[str, Any]:
    """Restore the backup directory ``source`` into this (empty) installation; returns what was checked."""
    started = time.monotonic()
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    for name, info in manifest["files"].items():
        if _sha256(source / name) != info["sha256"]:
            raise BackupError(f"{name} does not match the manifest's SHA-256: the backup is damaged")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"a {manifest['vendor']} backup cannot be restored into {connection.vendor}")
    present = _installation_is_empty()
    if present:
        raise BackupError("the installation is not empty: " + "; ".join(present))
    t0 = time.monotonic()
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        name = connection.settings_dict["NAME"]
        connections.close_all()
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                *args,
                "-d",
                name,
                str(source / "database.dump"),
            ],
            env=env,
            check=True,
        )
    else:
        path = Path(connection.settings_dict["NAME"])
        connections.close_all()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(source / "database.sqlite3") as src, sqlite3.connect(path) as dest:
            src.backup(dest)
        src.close()
        dest.close()
    database_seconds = round(time.monotonic() - t0, 2)
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as tar:
        tar.extractall(media, filter="data")
    checked, broken = audit_verify()
    if broken is not None:
        raise BackupError(f"audit chain broken at record {broken.record_id}: {broken.reason}")
    head = manifest["audit_head"]
    if head and not AuditRecord.objects.filter(pk=head["id"], record_hash=head["hash"]).exists():
        raise BackupError(f"the restored audit chain does not hold the recorded head {head['id']}")
    restored = counts()
    missing = {k: (v, restored.get(k)) for k, v in manifest["counts"].items() if restored.get(k, 0) < v}
    if missing:
        raise BackupError(f"fewer rows than at backup time: {missing}")
    if rebuild_indexes is not None:
        shutil.rmtree(Path(settings.MATCHING_INDEX_DIR), ignore_errors=True)
        rebuild_indexes()
    return {
        "audit_records_verified": checked,
        "audit_head": head,
        "counts": restored,
        "database_seconds": database_seconds,
        "seconds": round(time.monotonic() - started, 2),
    }
