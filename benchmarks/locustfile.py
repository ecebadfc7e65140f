"""Locust users for benchmarks/load.py: the demo roles signed in through the login page, each doing what
that role does most (no think time: the load is bounded by the number of users). Only 127.0.0.1."""

from __future__ import annotations

import random
import re

from locust import HttpUser, task

QUERIES = ["材料", "镁合金", "新能源汽车", "生物医药", "智能制造", "光电", "玉米深加工", "传感器"]


class Role(HttpUser):
    abstract = True
    username = password = ""

    def on_start(self) -> None:
        assert self.host and ("127.0.0.1" in self.host or "localhost" in self.host), "only against 127.0.0.1"
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
        self.client.get("/registry/organizations/", name="organization list")


class Enterprise(Role):
    weight = 5
    username, password = "enterprise", "Kechuang-Enterprise-2026"

    @task(2)
    def market_search(self) -> None:
        self.client.get(f"/market/achievements/?q={random.choice(QUERIES)}", name="market search")

    @task(2)
    def my_policies(self) -> None:
        self.client.get("/policies/mine/", name="my policies")


class Province(Role):
    weight = 2
    username, password = "province", "Kechuang-Province-2026"
    plan = ""

    def on_start(self) -> None:
        super().on_start()
        found = re.search(
            r'href="(/targets/plans/\d+/)"', self.client.get("/targets/", name="plan list").text
        )
        self.plan = found.group(1) if found else "/targets/"

    @task
    def plan_dashboard(self) -> None:
        self.client.get(self.plan, name="plan dashboard")
