"""Load on the production layout vs runserver, same database, same run (locust, bounded, 127.0.0.1 only).

    benchmarks/load_compare.sh          # starts both servers, prepares the drafts, runs this, stops them
    # or by hand, both running on the same PostgreSQL database with the demo data:
    #   deploy/prod.sh (KECHUANG_WEB_BIND=127.0.0.1:8120 …) and
    #   DATABASE_URL=… manage.py runserver 127.0.0.1:8121 --noreload (config.django.local, DJANGO_DEBUG=false)
    .venv/bin/python benchmarks/deadline_peak.py --url http://127.0.0.1:8120 --database-url $DATABASE_URL \\
        --claims 3000 --clients 20 --prepare /tmp/drafts.json     # fresh drafts for "application submit"
    .venv/bin/python benchmarks/load.py --target prod=http://127.0.0.1:8120 \\
        --target runserver=http://127.0.0.1:8121 --users 4,8,16 --seconds 60 --drafts /tmp/drafts.json \\
        --database kc_bench

Locust is not a dependency of the site: this script runs it from ``var/locust-venv`` (created with pip on
first use) unless this Python has it or ``--locust-python`` names one. One locust process, ``nice 10``,
``FastHttpUser`` (benchmarks/locustfile.py): the load client costs a few percent of a core, reported apart.

For each target and number of users it runs the locustfile headless (officer: organization list;
enterprise: market search, my policies; province officer: plan dashboard; enterprise admins through the
API: application submit, one prepared draft claim each — a part of ``--drafts`` per run; no think time):
first ``--warmup`` seconds not counted (each gunicorn worker's first requests), then ``--seconds``
measured. It prints per route the requests, failures, p50/p95 (ms) and requests/s, the total requests/s
and per core (os.cpu_count()), and the load average sampled during the run.

The machine may be shared, so it also measures the CPU time the server used during the run — the processes
listening on the target's port and their children (gunicorn's master and workers, or runserver), plus the
PostgreSQL backends of ``--database`` (found by polling the postmaster's children: runserver opens one per
request) — and prints **requests per CPU-second** of the server and of the server + database: the figure
that does not depend on what else the machine runs. The ratio of the two targets is printed both ways
(throughput at each target's peak, and requests per CPU-second).
"""

from __future__ import annotations

import argparse
import csv
import http.cookiejar
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
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


def _postmaster() -> int | None:
    """The PostgreSQL server's main process on this machine (its children are the backends)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmd and cmd[0].endswith(b"postgres") and b"-D" in cmd:
            return int(entry.name)
    return None


class BackendWatch(threading.Thread):
    """The CPU of the PostgreSQL backends of one database during a run, and the load average.

    runserver opens a connection per request, so its backends live for one request: they are found by
    polling the postmaster's children every ``interval`` seconds (their process title names the database)
    and each one's last reading is kept — CPU a backend uses after the last poll before it ends is missed,
    so the figure is a lower bound for short-lived backends (exact for gunicorn's persistent ones)."""

    def __init__(self, database: str | None, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.database = (f" {database} ").encode() if database else None
        self.interval = interval
        self.postmaster = _postmaster() if database else None
        self.start_cpu: dict[int, float] = {}
        self.last_cpu: dict[int, float] = {}
        self.ours: dict[int, bool] = {}
        self.loads: list[float] = []
        self.done = threading.Event()

    def _ours(self, pid: int) -> bool:
        if pid not in self.ours:
            try:
                self.ours[pid] = self.database in Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                self.ours[pid] = False
        return self.ours[pid]

    def poll(self) -> None:
        if self.postmaster is None:
            return
        try:
            children = Path(f"/proc/{self.postmaster}/task/{self.postmaster}/children").read_text().split()
        except OSError:
            return
        pids = {int(c) for c in children if self._ours(int(c))}
        for pid, cpu in cpu_seconds(pids).items():
            self.last_cpu[pid] = cpu

    def run(self) -> None:
        self.poll()
        self.start_cpu = dict(self.last_cpu)
        tick = 0
        while not self.done.wait(self.interval):
            self.poll()
            tick += 1
            if tick % max(1, int(2 / self.interval)) == 0:
                self.loads.append(os.getloadavg()[0])

    def stop(self) -> float:
        """Stop; the CPU seconds the database's backends used since the start."""
        self.done.set()
        self.join()
        self.poll()
        return used(self.start_cpu, self.last_cpu)


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


LOCUST_VENV = HERE.parent / "var" / "locust-venv"


def locust_python(given: str | None) -> str:
    """The Python that runs locust: ``--locust-python``, this one when it has locust, else a venv of its
    own under var/locust-venv (created on first use with pip: locust is not a dependency of the site)."""
    if given:
        return given
    if importlib.util.find_spec("locust"):
        return sys.executable
    python = LOCUST_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {LOCUST_VENV} with locust (once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(LOCUST_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "locust>=2.32,<3"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return str(python)


def run(
    name: str, url: str, users: int, seconds: int, drafts: str | None, part: str, python: str
) -> tuple[list[dict[str, str]], float]:
    """One headless locust run (one process, niced, so the server keeps the CPU): its rows and the CPU
    seconds locust itself used."""
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("only against 127.0.0.1")
    env = dict(os.environ, KC_LOAD_SESSIONS=json.dumps(sign_in(url)))
    if drafts:
        env.update(KC_LOAD_DRAFTS=drafts, KC_LOAD_DRAFTS_PART=part)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / name
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(  # its summary table goes to stderr: the figures are read from its CSV
            [
                "nice",
                "-n",
                "10",
                python,
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
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if not Path(f"{prefix}_stats.csv").exists():
            raise SystemExit(f"locust failed against {url}")
        with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
            return list(csv.DictReader(fh)), client_cpu


def measure(name: str, url: str, users: int, args: argparse.Namespace, part: str) -> dict[str, float]:
    """One bounded run against one target: prints its table; returns its figures (req/s, requests per
    server CPU-second with and without the database, the worst route's p95 in ms…)."""
    cores = os.cpu_count() or 1
    if args.warmup:
        # not measured: every worker process loads its templates, URL resolvers and the matching
        # indexes on its first requests (a restarted server pays it once; a benchmark must not count it)
        i, n = part.split("/")  # the warm-up submits drafts of its own (a claim is submitted once)
        run(name, url, users, args.warmup, args.drafts, f"{int(i) + 1}/{n}", args.python)
    pids = server_pids(url)
    watch = BackendWatch(args.database)
    cpu0 = cpu_seconds(pids)
    watch.start()
    started = time.monotonic()
    rows, client_cpu = run(name, url, users, args.seconds, args.drafts, part, args.python)
    wall = time.monotonic() - started
    app_cpu = used(cpu0, cpu_seconds(server_pids(url) | pids))
    db_cpu = watch.stop()
    loads = watch.loads or [os.getloadavg()[0]]
    print(
        f"\n== {name} ({url}): {users} users, {args.seconds} s, {cores} cores; load average during the run "
        f"{min(loads):.1f}–{max(loads):.1f} (mean {sum(loads) / len(loads):.1f})"
    )
    print(f"{'route':22} {'requests':>8} {'failed':>6} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}")
    worst = max((float(r["95%"] or 0) for r in rows if r["Name"] != "Aggregated"), default=0.0)
    result: dict[str, float] = {}
    for r in rows:
        label = "ALL" if r["Name"] == "Aggregated" else r["Name"]
        print(
            f"{label:22} {r['Request Count']:>8} {r['Failure Count']:>6} {r['50%']:>7} {r['95%']:>7} "
            f"{float(r['Requests/s']):7.1f}"
        )
        if label != "ALL":
            continue
        rps, count = float(r["Requests/s"]), int(r["Request Count"])
        per_app = count / app_cpu if app_cpu else 0.0
        per_all = count / (app_cpu + db_cpu) if app_cpu + db_cpu else 0.0
        result = {
            "rps": rps,
            "per_app": per_app,
            "per_all": per_all,
            "worst": worst,
            "failed": float(r["Failure Count"]),
            "cores_used": (app_cpu + db_cpu) / wall,
        }
        print(f"{'':22} per core: {rps / cores:.1f} req/s; worst route p95 {worst:.0f} ms")
        print(
            f"{'':22} server CPU {app_cpu:.1f} s + database CPU {db_cpu:.1f} s in {wall:.0f} s "
            f"({(app_cpu + db_cpu) / wall:.2f} cores busy): {per_app:.1f} requests per server CPU-second, "
            f"{per_all:.1f} with the database (= req/s per fully used core); load client (locust) "
            f"CPU {client_cpu:.1f} s ({client_cpu / wall:.2f} cores)"
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
    parser.add_argument(
        "--warmup",
        type=int,
        default=15,
        help="seconds of the same load before each measured run (not counted)",
    )
    parser.add_argument("--drafts", help="drafts prepared by deadline_peak.py --prepare (application submit)")
    parser.add_argument(
        "--database", help="PostgreSQL database of the targets (its backends' CPU is counted)"
    )
    parser.add_argument(
        "--locust-python", help="a Python with locust (default: var/locust-venv, created once)"
    )
    args = parser.parse_args()
    args.python = locust_python(args.locust_python)
    steps = [int(u) for u in str(args.users).split(",")]
    runs = len(steps) * len(args.target)
    best: dict[str, tuple[int, dict[str, float]]] = {}
    k = 0
    for users in steps:
        for target in args.target:
            name, url = target.split("=", 1)
            got = measure(name, url, users, args, f"{2 * k}/{2 * runs}")
            k += 1
            if name not in best or got["rps"] > best[name][1]["rps"]:
                best[name] = (users, got)
    cores = os.cpu_count() or 1
    print("\nwhere throughput peaked:")
    for name, (users, got) in best.items():
        print(
            f"  {name}: {got['rps']:.1f} req/s ({got['rps'] / cores:.1f} per core) at {users} users, "
            f"{got['failed']:.0f} failed, worst route p95 {got['worst']:.0f} ms; {got['per_app']:.1f} requests "
            f"per server CPU-second, {got['per_all']:.1f} with the database; {got['cores_used']:.2f} cores busy"
        )
    if len(best) == 2:
        (a, (_, x)), (b, (_, y)) = best.items()
        if y["rps"]:
            print(f"throughput {a}/{b} at their peaks: {x['rps'] / y['rps']:.2f}×")
        if y["per_app"] and y["per_all"]:
            print(
                f"requests per CPU-second {a}/{b}: {x['per_app'] / y['per_app']:.2f}× (server), "
                f"{x['per_all'] / y['per_all']:.2f}× (server + database)"
            )


if __name__ == "__main__":
    main()
