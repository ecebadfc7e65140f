"""Locust users for benchmarks/load.py: the demo roles signed in through the login page, each doing what
that role does most (no think time: the load is bounded by the number of users). Only 127.0.0.1.

``FastHttpUser`` (geventhttpclient) rather than ``HttpUser`` (requests): the load client costs several
times less CPU per request, so on a 2-core machine it does not take the server's CPU away."""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from locust import FastHttpUser, task

QUERIES = ["材料", "镁合金", "新能源汽车", "生物医药", "智能制造", "光电", "玉米深加工", "传感器"]


# Sessions signed in once per role by benchmarks/load.py (``KC_LOAD_SESSIONS``: {username: {cookie: value}}),
# so the measured window is the pages, not twenty password hashes at once; without it each user signs in.
SESSIONS = json.loads(os.environ.get("KC_LOAD_SESSIONS") or "{}")


class Role(FastHttpUser):
    abstract = True
    username = password = ""
    headers: dict[str, str] = {}

    def page(self, path: str, name: str) -> Any:
        return self.client.get(path, name=name, headers=self.headers)

    def on_start(self) -> None:
        assert self.host and ("127.0.0.1" in self.host or "localhost" in self.host), "only against 127.0.0.1"
        if self.username in SESSIONS:
            # the role's signed-in session: its cookies on every request of this user
            cookie = "; ".join(f"{name}={value}" for name, value in SESSIONS[self.username].items())
            self.headers = {"Cookie": cookie}
            return
        page = self.client.get("/accounts/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.username,
                "password": self.password,
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign in",
        )


class Officer(Role):
    weight = 3
    username, password = "officer", "Kechuang-Officer-2026"

    @task
    def organization_list(self) -> None:
        self.page("/registry/organizations/", "organization list")


class Enterprise(Role):
    weight = 5
    username, password = "enterprise", "Kechuang-Enterprise-2026"

    @task(2)
    def market_search(self) -> None:
        self.page(f"/market/achievements/?q={random.choice(QUERIES)}", "market search")

    @task(2)
    def my_policies(self) -> None:
        self.page("/policies/mine/", "my policies")


def _drafts() -> tuple[dict[str, str], list[list]]:
    """Draft claims prepared by ``benchmarks/deadline_peak.py --prepare FILE`` (``KC_LOAD_DRAFTS=FILE``);
    ``KC_LOAD_DRAFTS_PART=i/n`` takes the i-th of n equal parts (one per target of benchmarks/load.py)."""
    path = os.environ.get("KC_LOAD_DRAFTS")
    if not path:
        return {}, []
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    i, n = (int(x) for x in os.environ.get("KC_LOAD_DRAFTS_PART", "0/1").split("/"))
    drafts = data["drafts"]
    size = len(drafts) // n
    return data["tokens"], drafts[i * size : (i + 1) * size]


TOKENS, DRAFTS = _drafts()


class Applicant(FastHttpUser):
    """An enterprise admin submitting its claim through the API (one prepared draft per request)."""

    abstract = not DRAFTS  # no prepared drafts: no applicants
    weight = 2

    def on_start(self) -> None:
        assert self.host and ("127.0.0.1" in self.host or "localhost" in self.host), "only against 127.0.0.1"

    @task
    def application_submit(self) -> None:
        if not DRAFTS:
            self.stop()
            return
        claim, version, username = DRAFTS.pop()
        self.client.post(
            f"/api/v1/policies/claims/{claim}/actions/",
            json={"action": "submit", "expected_version": version},
            headers={"Authorization": f"Token {TOKENS[username]}"},
            name="application submit",
        )


class Province(Role):
    weight = 2
    username, password = "province", "Kechuang-Province-2026"
    plan = ""

    def on_start(self) -> None:
        super().on_start()
        found = re.search(r'href="(/targets/plans/\d+/)"', self.page("/targets/", "plan list").text)
        self.plan = found.group(1) if found else "/targets/"

    @task
    def plan_dashboard(self) -> None:
        self.page(self.plan, "plan dashboard")
