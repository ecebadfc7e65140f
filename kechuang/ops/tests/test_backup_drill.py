"""The restore drill: back up a populated installation, restore it into an empty one (another database,
another media directory, no index), and check there the counts, the audit chain, the media and a search."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from kechuang.market import services
from kechuang.market.tests.conftest import achievement_data
from kechuang.ops.backup import counts
from kechuang.registry.models import Region
from tests import factories as f

ROOT = Path(settings.BASE_DIR)


def _empty_database(tmp_path: Path):
    """A URL for a new, empty database of the same engine, and a function that drops it."""
    if connection.vendor != "postgresql":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    s = connection.settings_dict
    name = f"{s['NAME']}_restore"[:60]
    server = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"

    def run(sql: str) -> None:
        with psycopg.connect(f"{server}/postgres", autocommit=True, password=s["PASSWORD"] or None) as c:
            c.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}", lambda: run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SEARCH = """
import json
from kechuang.market import search
from kechuang.ops.backup import counts
from kechuang.registry.models import Region
from tests import factories as f
hits = [h.id for h in search.get_index("achievements").search("稀土镁合金压铸", k=5)]
print(json.dumps({"hits": hits, "counts": counts()}))
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_installation(tmp_path, settings, cast):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    university = f.OrganizationFactory(
        name="吉林大学", kind="university", region=Region.objects.get(code="220102")
    )
    uni_admin = f.MembershipFactory(organization=university, user__username="uni_admin").user
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    services.achievement_submit(achievement=a, actor=uni_admin)
    services.achievement_review(achievement=a, actor=cast.officer, approve=True)
    default_storage.save("attachments/2026/证明材料.txt", ContentFile("盖章的证明".encode()))
    before = counts()

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), "--json", stdout=out)
    manifest = json.loads(out.getvalue())
    assert manifest["audit_head"]["id"] and manifest["counts"] == before
    assert set(manifest["files"]) == {
        "media.tar.gz",
        f"database.{'dump' if connection.vendor == 'postgresql' else 'sqlite3'}",
    }

    url, drop = _empty_database(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.django.test",
        KECHUANG_MEDIA_ROOT=str(tmp_path / "restored-media"),
        KECHUANG_MATCHING_INDEX_DIR=str(tmp_path / "restored-index"),
        PYTHONPATH=str(ROOT),
        DJANGO_LOG_LEVEL="WARNING",
    )
    try:
        started = time.monotonic()
        report = json.loads(_manage(env, "restore", manifest["directory"], "--json").strip().splitlines()[-1])
        print(
            f"\nrestore drill: restored in {time.monotonic() - started:.1f} s (command {report['seconds']} s)"
        )
        assert report["counts"]["core.AuditRecord"] >= before["core.AuditRecord"]
        assert "audit chain intact" in _manage(env, "audit_verify")
        state = json.loads(_manage(env, "shell", "-c", SEARCH).strip().splitlines()[-1])
        assert str(a.pk) in state["hits"]
        assert {k: v for k, v in state["counts"].items() if k != "core.AuditRecord"} == {
            k: v for k, v in before.items() if k != "core.AuditRecord"
        }
        restored_file = tmp_path / "restored-media" / "attachments" / "2026" / "证明材料.txt"
        assert restored_file.read_text(encoding="utf-8") == "盖章的证明"
        # a second restore into the now populated installation is refused
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", manifest["directory"]],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        drop()
