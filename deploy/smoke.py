"""Smoke test of a running production layout (deploy/prod.sh): ready, sign in as each role, one page each.

    python deploy/smoke.py http://127.0.0.1:8000

Waits for /readyz (up to --wait seconds), then for each demo role signs in through the login page (CSRF
and session cookies as a browser does), opens that role's page and checks it answers 200 with its title
and a request id; checks /metrics from this address; prints one line per step and exits non-zero on the
first failure. Uses only the standard library.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# role: (username, password, page, text the page must contain)
ROLES = {
    "platform admin": ("admin", "Kechuang-Admin-2026", "/registry/organizations/", "主体库"),
    "officer": ("officer", "Kechuang-Officer-2026", "/registry/organizations/", "主体库"),
    "province officer": ("province", "Kechuang-Province-2026", "/targets/", "目标"),
    "enterprise admin": ("enterprise", "Kechuang-Enterprise-2026", "/policies/mine/", "政策"),
    "expert": ("expert", "Kechuang-Expert-2026", "/review/", "评审"),
}


class Failed(Exception):
    pass


def opener() -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def fetch(o: urllib.request.OpenerDirector, url: str, data: dict[str, str] | None = None, **headers: str):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with o.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace"), response.url
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace"), url


def wait_ready(base: str, seconds: float) -> dict:
    deadline, last = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            status, _, body, _ = fetch(opener(), base + "/readyz")
            if status == 200:
                return json.loads(body)
            last = f"{status} {body[:300]}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.5)
    raise Failed(f"/readyz not ready after {seconds:.0f} s: {last}")


def sign_in_and_open(base: str, username: str, password: str, page: str, text: str) -> str:
    o = opener()
    status, _, html, _ = fetch(o, base + "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not token:
        raise Failed(f"login page: {status}")
    status, _, html, final = fetch(
        o,
        base + "/accounts/login/",
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password},
        Referer=base + "/accounts/login/",
    )
    if status != 200 or "/accounts/login/" in final:
        raise Failed(f"sign-in as {username}: {status}, ended at {final}")
    status, headers, html, _ = fetch(o, base + page)
    if status != 200 or text not in html:
        raise Failed(f"{page} as {username}: {status}, {text!r} {'found' if text in html else 'missing'}")
    if not headers.get("X-Request-ID"):
        raise Failed(f"{page}: no X-Request-ID")
    return headers["X-Request-ID"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument("--wait", type=float, default=120)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    started = time.monotonic()
    try:
        ready = wait_ready(base, args.wait)
        print(f"ready after {time.monotonic() - started:.1f} s: {', '.join(ready['checks'])} ok")
        status, _, body, _ = fetch(opener(), base + "/healthz")
        if status != 200:
            raise Failed(f"/healthz: {status}")
        for role, (username, password, page, text) in ROLES.items():
            t0 = time.monotonic()
            rid = sign_in_and_open(base, username, password, page, text)
            print(
                f"{role:17} {username:11} {page:28} 200  {1000 * (time.monotonic() - t0):6.0f} ms  id {rid[:12]}"
            )
        status, _, body, _ = fetch(opener(), base + "/metrics")
        if status != 200 or "kechuang_http_request_duration_seconds_bucket" not in body:
            raise Failed(f"/metrics: {status}")
        routes = sorted(set(re.findall(r'route="([^"]+)"', body)))
        print(
            f"/metrics 200: {len(routes)} routes measured, task queue and index lag present: "
            f"{'kechuang_task_queue_depth' in body and 'kechuang_index_lag_changes' in body}"
        )
    except Failed as exc:
        print(f"SMOKE FAILED: {exc}", file=sys.stderr)
        return 1
    print(f"smoke test passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
