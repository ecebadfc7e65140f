"""Load on the production layout vs runserver, same database, same run (locust, bounded, 127.0.0.1 only).

    # both running on the same PostgreSQL database with the demo data (docs/operations.md, "Measured figures"):
    #   deploy/prod.sh (KECHUANG_WEB_BIND=127.0.0.1:8018 …) and
    #   DATABASE_URL=… manage.py runserver 127.0.0.1:8019 --noreload (config.django.local)
    # locust (pip install -e '.[bench]', or any Python with locust: this script needs only the standard library)
    .venv/bin/python benchmarks/deadline_peak.py --url http://127.0.0.1:8018 --database-url $DATABASE_URL \\
        --claims 3000 --clients 20 --prepare /tmp/drafts.json     # the drafts the "application submit" uses
    python benchmarks/load.py --target prod=http://127.0.0.1:8018 --target runserver=http://127.0.0.1:8019 \\
        --users 20 --seconds 60 --drafts /tmp/drafts.json --database kc_bench

For each target it runs benchmarks/locustfile.py headless (officer: organization list; enterprise: market
search, my policies; province officer: plan dashboard; enterprise admins through the API: application
submit, one prepared draft claim each — half of ``--drafts`` per target; no think time) and prints per route
the requests, failures, p50/p95 (ms) and requests/s, the total requests/s and per core (os.cpu_count()),
and the load average before and after.

The machine may be shared, so it also measures the CPU time the server used during the run — the processes
listening on the target's port and their children (gunicorn's master and workers, or runserver), plus the
PostgreSQL backends of ``--database`` — and prints **requests per CPU-second** of the server and of the
server + database: the figure that does not depend on what else the machine runs. The ratio of the two
targets is printed both ways (throughput, and requests per CPU-second).
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> set[int]:
    found = {pid}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found |= _children(int(entry.name))
    return found


def server_pids(url: str) -> set[int]:
    """The processes listening on the URL's port, and their children."""
    port = url.rsplit(":", 1)[-1].split("/")[0]
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    pids: set[int] = set()
    for part in out.split("pid=")[1:]:
        pids |= _children(int(part.split(",")[0]))
    return pids


def database_pids(database: str | None) -> set[int]:
    if not database:
        return set()
    sql = f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'"
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-Atc", sql],
        capture_output=True,
        text=True,
    ).stdout
    return {int(x) for x in out.split()}


def cpu_seconds(pids: set[int]) -> dict[int, float]:
    times = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    return times


def used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between the two readings (a process that appeared counts from 0)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


ROLES = {
    "officer": "Kechuang-Officer-2026",
    "enterprise": "Kechuang-Enterprise-2026",
    "province": "Kechuang-Province-2026",
}


def sign_in(url: str) -> dict[str, dict[str, str]]:
    """One session per demo role, through the sign-in page (the locust users share their role's)."""
    sessions = {}
    for username, password in ROLES.items():
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{url}/accounts/login/", timeout=300).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": username,
                "password": password,
            }
        ).encode()
        request = urllib.request.Request(
            f"{url}/accounts/login/", data=body, headers={"Referer": f"{url}/accounts/login/"}
        )
        opener.open(request, timeout=300).read()
        cookies = {c.name: c.value for c in jar}
        if not any("session" in name for name in cookies):
            raise SystemExit(f"{username} could not sign in at {url}")
        sessions[username] = cookies
    return sessions


def run(name: str, url: str, users: int, seconds: int, drafts: str | None, part: str) -> list[dict[str, str]]:
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("only against 127.0.0.1")
    env = dict(os.environ, KC_LOAD_SESSIONS=json.dumps(sign_in(url)))
    if drafts:
        env.update(KC_LOAD_DRAFTS=drafts, KC_LOAD_DRAFTS_PART=part)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / name
        subprocess.run(  # its summary table goes to stderr: the figures are read from its CSV
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
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        if not Path(f"{prefix}_stats.csv").exists():
            raise SystemExit(f"locust failed against {url}")
        with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))


def measure(
    name: str, url: str, users: int, args: argparse.Namespace, part: str
) -> tuple[float, float, float, float]:
    """One bounded run against one target: prints its table; returns req/s, requests per server
    CPU-second, per CPU-second with the database, and the worst route's p95 (ms)."""
    cores = os.cpu_count() or 1
    pids = server_pids(url)
    before = os.getloadavg()
    cpu0 = cpu_seconds(pids)
    db0 = cpu_seconds(database_pids(args.database))
    rows = run(name, url, users, args.seconds, args.drafts, part)
    app_cpu = used(cpu0, cpu_seconds(server_pids(url) | pids))
    db_cpu = used(db0, cpu_seconds(database_pids(args.database) | set(db0)))
    after = os.getloadavg()
    print(
        f"\n== {name} ({url}): {users} users, {args.seconds} s, {cores} cores; "
        f"load average before {before[0]:.1f}, after {after[0]:.1f}"
    )
    print(f"{'route':22} {'requests':>8} {'failed':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
    result = (0.0, 0.0, 0.0, 0.0)
    worst = max((float(r["95%"] or 0) for r in rows if r["Name"] != "Aggregated"), default=0.0)
    for r in rows:
        label = "ALL" if r["Name"] == "Aggregated" else r["Name"]
        print(
            f"{label:22} {r['Request Count']:>8} {r['Failure Count']:>6} {r['50%']:>7} {r['95%']:>7} "
            f"{float(r['Requests/s']):7.1f}"
        )
        if label == "ALL":
            rps, count = float(r["Requests/s"]), int(r["Request Count"])
            per_app = count / app_cpu if app_cpu else 0.0
            per_all = count / (app_cpu + db_cpu) if app_cpu + db_cpu else 0.0
            result = (rps, per_app, per_all, worst)
            print(f"{'':22} per core: {rps / cores:.1f} req/s; worst route p95 {worst:.0f} ms")
            print(
                f"{'':22} server CPU {app_cpu:.1f} s + database CPU {db_cpu:.1f} s: "
                f"{per_app:.1f} requests per server CPU-second, {per_all:.1f} per CPU-second with the "
                "database (= req/s per fully used core)"
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--target", action="append", required=True, help="name=url")
    parser.add_argument(
        "--users", default="20", help="simulated users; several (5,10,20) find where throughput peaks"
    )
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--drafts", help="drafts prepared by deadline_peak.py --prepare (application submit)")
    parser.add_argument(
        "--database", help="PostgreSQL database of the targets (its backends' CPU is counted)"
    )
    args = parser.parse_args()
    steps = [int(u) for u in str(args.users).split(",")]
    runs = len(steps) * len(args.target)
    best: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
    k = 0
    for users in steps:
        for target in args.target:
            name, url = target.split("=", 1)
            got = measure(name, url, users, args, f"{k}/{runs}")
            k += 1
            if name not in best or got[0] > best[name][1][0]:
                best[name] = (users, got)
    print("\nwhere throughput peaked:")
    for name, (users, (rps, _per_app, per_all, worst)) in best.items():
        print(
            f"  {name}: {rps:.1f} req/s at {users} users (worst route p95 {worst:.0f} ms; "
            f"{per_all:.1f} requests per CPU-second with the database)"
        )
    if len(best) == 2:
        (a, (_, x)), (b, (_, y)) = best.items()
        if y[0]:
            print(f"throughput {a}/{b} at their peaks: {x[0] / y[0]:.2f}×")
        if y[1] and y[2]:
            print(
                f"requests per CPU-second {a}/{b}: {x[1] / y[1]:.2f}× (server), {x[2] / y[2]:.2f}× "
                "(server + database)"
            )


if __name__ == "__main__":
    main()
