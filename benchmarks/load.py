"""Load on the production layout vs runserver, same database, same run (locust, bounded, 127.0.0.1 only).

    # both must be running on the same PostgreSQL database with the demo data:
    #   deploy/prod.sh (KECHUANG_WEB_BIND=127.0.0.1:8018 …) and
    #   DATABASE_URL=… manage.py runserver 127.0.0.1:8019 --noreload (config.django.local)
    python benchmarks/load.py --target prod=http://127.0.0.1:8018 --target runserver=http://127.0.0.1:8019 \\
        --users 20 --seconds 60

For each target it runs benchmarks/locustfile.py headless (officer: organization list; enterprise: market
search, my policies; province officer: plan dashboard; no think time) and prints per route the requests,
failures, p50/p95 (ms) and requests/s, the total requests/s and per core (os.cpu_count()), and the load
average before and after — the machine may be shared, so read the figures with it.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(name: str, url: str, users: int, seconds: int) -> list[dict[str, str]]:
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("only against 127.0.0.1")
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / name
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--host",
                url,
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", action="append", required=True, help="name=url")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    totals = {}
    for target in args.target:
        name, url = target.split("=", 1)
        before = os.getloadavg()
        rows = run(name, url, args.users, args.seconds)
        after = os.getloadavg()
        print(
            f"\n== {name} ({url}): {args.users} users, {args.seconds} s, {cores} cores; "
            f"load average before {before[0]:.1f}, after {after[0]:.1f}"
        )
        print(f"{'route':22} {'requests':>8} {'failed':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
        for r in rows:
            label = "ALL" if r["Name"] == "Aggregated" else r["Name"]
            print(
                f"{label:22} {r['Request Count']:>8} {r['Failure Count']:>6} {r['50%']:>7} {r['95%']:>7} "
                f"{float(r['Requests/s']):7.1f}"
            )
            if label == "ALL":
                totals[name] = float(r["Requests/s"])
                print(f"{'':22} per core: {float(r['Requests/s']) / cores:.1f} req/s")
    if len(totals) == 2:
        (a, x), (b, y) = totals.items()
        print(f"\nthroughput {a}/{b}: {x / y:.2f}×" if y else "")


if __name__ == "__main__":
    main()
