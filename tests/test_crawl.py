"""Every page reachable from the home page, as every demo role, on the demo dataset: no 404, no server
error, no raw status constant, JSON field name, English snake_case token or industry letter without its
name (issue 14's crawl). The demo is loaded once for the module (a small one: 40 organizations)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from kechuang.accounts.models import User
from kechuang.market import search
from tests.crawl import crawl, inspect_text, status_constants
from tests.pages import client_for

ROLES = [
    "anonymous",
    "admin",
    "officer",
    "province",
    "enterprise",
    "member",
    "university",
    "expert",
    "county",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo, loaded once and rolled back after the module; its matching indexes in a directory of
    their own (other tests never see the demo's achievements)."""
    with override_settings(MATCHING_INDEX_DIR=tmp_path_factory.mktemp("crawl-matching")):
        search.reset_cache()
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("demo_load", "--organizations", "40", "--seed", "7", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
        search.reset_cache()


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_reads_as_the_domain(demo, db, role):
    user = None if role == "anonymous" else User.objects.get(username=role)
    # a user name that happens to be a code (the demo's "enterprise", "member") is data, not a code shown
    usernames = set(User.objects.values_list("username", flat=True))
    result = crawl(client_for(user), max_pages=120, constants=status_constants() - usernames)
    assert result.pages > (5 if role == "anonymous" else 20)
    assert [str(f) for f in result.findings] == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("历史：draft → submitted", "状态代码 'draft'"),
        ("申请状态 formal_check", "英文代码 'formal_check'"),
        ('指标 {"revenue": 1}', "JSON"),
        ("要求属于 B / D", "行业代码没有名称"),
        ("同行业 C", "行业代码没有名称"),
        ("评审意见: 很好", "中文后的半角冒号"),
        ("牵头单位:吉林省科学技术厅", "中文后的半角冒号"),
        ("备注:", "中文后的半角冒号"),
    ],
)
def test_the_crawler_sees_what_users_should_not(text, problem):
    assert any(p.startswith(problem) for p in inspect_text(text, {"draft", "submitted"}))


@pytest.mark.parametrize(
    "text",
    [
        "要求属于 制造业（C）",
        "同行业：C 制造业",
        "信用等级 A",
        "TRL 6",
        "2026年12月6日 02:31",
        "网址 https://x.cn",
    ],
)
def test_the_crawler_accepts_labelled_letters(text):
    assert inspect_text(text, {"draft"}) == []
