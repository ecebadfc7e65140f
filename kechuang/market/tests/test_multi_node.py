"""Two nodes, two index directories, one database: a write through one is found through the other.

Node A is a process that publishes (then withdraws) an achievement through the services with its own
``KECHUANG_MATCHING_INDEX_DIR``; node B is ``manage.py market_index --follow --interval 0.5`` with another
directory. The stated delay: B finds the change within its interval plus the time to apply it — under a
second on an idle machine; the test allows 15 s for a loaded CI. B is then stopped, A withdraws, and B,
restarted, catches up on what it missed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from kechuang.market import services
from kechuang.market.tests.conftest import achievement_data
from kechuang.matching import MatchingIndex

ROOT = Path(settings.BASE_DIR)
STATED_DELAY = 15.0


def _shared_database_url(tmp_path: Path) -> str:
    """The test database as another process can open it (PostgreSQL: the same one; SQLite: a copy)."""
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as dest:
        connection.connection.backup(dest)
    return f"sqlite:///{path}"


def _env(url: str, index_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.django.test",
        KECHUANG_MATCHING_INDEX_DIR=str(index_dir),
        PYTHONPATH=str(ROOT),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def _follow(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "market_index",
            "--follow",
            "--interval",
            "0.5",
            "--kind",
            "achievements",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    return out


def _found(directory: Path, pk: int) -> bool:
    index = MatchingIndex(directory / "achievements", workers=1)
    return str(pk) in [h.id for h in index.search("稀土镁合金压铸", k=5)]


def _node_a(action: str, pk: int, env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-m", "kechuang.market.tests.node_write", action, str(pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    committed, found_on_a = done.stdout.split()[-2:]
    assert found_on_a == str(action == "publish")  # the writer's own node has it at once
    return float(committed)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_write_through_one_node_is_found_through_the_other(tmp_path, cast, university, uni_admin):
    a = services.achievement_create(actor=uni_admin, owner=university, data=achievement_data())
    services.achievement_submit(achievement=a, actor=uni_admin)
    url = _shared_database_url(tmp_path)
    env_a, env_b = _env(url, tmp_path / "node-a"), _env(url, tmp_path / "node-b")

    node_b = _follow(env_b)
    try:
        deadline = time.monotonic() + 120  # first pass: B has no number yet, so it rebuilds
        while not (tmp_path / "node-b" / "achievements" / "changelog.seq").exists():
            assert node_b.poll() is None and time.monotonic() < deadline, (
                node_b.stdout and node_b.stdout.read()
            )
            time.sleep(0.2)
        assert not _found(tmp_path / "node-b", a.pk)

        committed = _node_a("publish", a.pk, env_a)
        while not _found(tmp_path / "node-b", a.pk):
            assert time.monotonic() - committed < STATED_DELAY, "node B did not pick up node A's write"
            time.sleep(0.1)
        delay = time.time() - committed
        print(f"\nnode B found node A's publication {delay:.2f} s after it committed")
    finally:
        out = _stop(node_b)
    assert "rebuilt" in out and "1 changes applied" in out

    # downtime: B is stopped while A withdraws it; restarted, B catches up (no rebuild)
    _node_a("withdraw", a.pk, env_a)
    assert _found(tmp_path / "node-b", a.pk)
    node_b = _follow(env_b)
    try:
        started = time.monotonic()
        while _found(tmp_path / "node-b", a.pk):
            assert time.monotonic() - started < 60, "node B did not catch up after its downtime"
            time.sleep(0.2)
    finally:
        out = _stop(node_b)
    assert "rebuilt" not in out and "changes applied" in out
