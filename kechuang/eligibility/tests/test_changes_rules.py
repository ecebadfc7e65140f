"""Rule guarded: the smallest change (:mod:`kechuang.eligibility.changes`) — what an organisation can do
(raise R&D, hire R&D staff, obtain a designation, supply missing data) is advice with the exact target
(a strict bound stepped over, whole units for money and counts); what it cannot or would not do (shrink
revenue, change its founding date, region, kind or size) is a reason said as it is; among alternatives
the one needing the fewest changes it cannot make, then the fewest changes; two conditions on one fact
keep the stricter; choices are named as people know them (大型, not large)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import parse_text
from kechuang.eligibility.changes import smallest_change
from kechuang.eligibility.facts import Facts
from kechuang.eligibility.i18n import language

TODAY = dt.date(2026, 6, 30)
E = {"kind": "enterprise"}


def stats(**row):  # type: ignore[no-untyped-def]
    return {**E, "stats": {2025: row}}


def changes(rule: str, facts: dict) -> tuple[str, list[tuple]]:
    r = parse_text("id: r\ntitle: t\nsource: {document: d, article: 第一条}\nrule:\n" + rule)
    res = r.explain(facts, TODAY)
    return res.status, [
        (c.text, c.fact, c.label, c.current, c.required, c.actionable) for c in res.changes or []
    ]


RD = "2025年研发费用"
D = Decimal


@pytest.mark.parametrize(
    ("rule", "facts", "expected"),
    [
        # advice: the exact target of an actionable fact
        ("  'stats[last_year].rd_expenditure / stats[last_year].revenue >= 3%'",
         stats(revenue=10000000, rd_expenditure=200000),
         [("2025年研发费用从 20万元 提高到 30万元", "stats[2025].rd_expenditure", RD, D(200000), D(300000), True)]),
        # a strict bound is stepped over, by one 元
        ("  'stats[last_year].rd_expenditure > 100万'", stats(rd_expenditure=1000000),
         [("2025年研发费用从 100万元 提高到 100.0001万元", "stats[2025].rd_expenditure", RD, D(1000000), D(1000001),
           True)]),
        # people are whole: 9 of 91 → 10 (9.1 rounded up)
        ("  'stats[last_year].rd_staff / stats[last_year].employees >= 10%'", stats(rd_staff=9, employees=91),
         [("2025年研发人员数从 9 提高到 10", "stats[2025].rd_staff", "2025年研发人员数", D(9), D(10), True)]),
        # the fact sits on the right-hand side, and a bracket decides the threshold
        ("  '(5% if stats[last_year].revenue <= 5000万 else 3%) <= "
         "stats[last_year].rd_expenditure / stats[last_year].revenue'",
         stats(revenue=10000000, rd_expenditure=100000),
         [("2025年研发费用从 10万元 提高到 50万元", "stats[2025].rd_expenditure", RD, D(100000), D(500000), True)]),
        ("  'stats[last_year].rd_expenditure - 100万 >= 0'", stats(rd_expenditure=500000),
         [("2025年研发费用从 50万元 提高到 100万元", "stats[2025].rd_expenditure", RD, D(500000), D(1000000), True)]),
        ("  label: 研发达标\n  when: 'stats[last_year].rd_expenditure >= 100万'", stats(rd_expenditure=500000),
         [("研发达标：2025年研发费用从 50万元 提高到 100万元", "stats[2025].rd_expenditure", RD, D(500000),
           D(1000000), True)]),
        # reasons: revenue is not shrunk to qualify, a loss is not advice, == is not solved
        ("  'stats[last_year].revenue <= 2亿'", stats(revenue=300000000),
         [("2025年营业收入 3亿元，要求 ≤ 2亿元", "", "2025年营业收入", None, D(200000000), False)]),
        ("  'stats[last_year].profit >= 100万'", stats(profit=-500000),
         [("2025年利润总额 -50万元，要求 ≥ 100万元", "", "2025年利润总额", None, D(1000000), False)]),
        ("  'stats[last_year].rd_expenditure == 100万'", stats(rd_expenditure=500000),
         [("2025年研发费用 50万元，要求 = 100万元", "", RD, None, D(1000000), False)]),
        ("  'stats[last_year].rd_expenditure * stats[last_year].rd_expenditure >= 100'", stats(rd_expenditure=5),
         [("2025年研发费用×2025年研发费用 25元，要求 ≥ 100元", "", "2025年研发费用×2025年研发费用", None, D(100),
           False)]),
        ("  'kind == \"university\"'", E, [("主体类型 企业，要求 = 高等院校", "", "主体类型", None, "university", False)]),
        # dates: what is required, by the comparison's words
        ("  'founded_on <= today - years(2)'", {**E, "founded_on": "2025-01-01"},
         [("成立日期须不晚于2024年6月30日", "", "成立日期", None, dt.date(2024, 6, 30), False)]),
        ("  'founded_on < today - years(2)'", {**E, "founded_on": "2025-01-01"},
         [("成立日期须早于2024年6月30日", "", "成立日期", None, dt.date(2024, 6, 30), False)]),
        ("  'founded_on >= date(\"2020-01-01\")'", {**E, "founded_on": "2019-01-01"},
         [("成立日期须不早于2020年1月1日", "", "成立日期", None, dt.date(2020, 1, 1), False)]),
        ("  'founded_on > date(\"2020-01-01\")'", {**E, "founded_on": "2019-01-01"},
         [("成立日期须晚于2020年1月1日", "", "成立日期", None, dt.date(2020, 1, 1), False)]),
        ("  label: 成立满两年\n  when: 'founded_on <= today - years(2)'", {**E, "founded_on": "2025-01-01"},
         [("成立满两年：成立日期须不晚于2024年6月30日", "", "成立日期", None, dt.date(2024, 6, 30), False)]),
        # alternatives: the one the organisation can reach, the fewest changes
        ("  any:\n    - 'stats[last_year].revenue >= 1亿'\n    - 'stats[last_year].rd_expenditure >= 300万'\n",
         stats(revenue=10000000, rd_expenditure=100000),
         [("2025年研发费用从 10万元 提高到 300万元", "stats[2025].rd_expenditure", RD, D(100000), D(3000000), True)]),
        ("  any:\n    - all: ['stats[last_year].rd_expenditure >= 300万', 'stats[last_year].rd_staff >= 10']\n"
         "    - 'stats[last_year].rd_expenditure >= 500万'\n",
         stats(rd_expenditure=100000, rd_staff=1),
         [("2025年研发费用从 10万元 提高到 500万元", "stats[2025].rd_expenditure", RD, D(100000), D(5000000), True)]),
        ("  label: 二选一\n  any:\n    - 'region under \"220000\"'\n    - 'stats[last_year].revenue >= 1亿'\n",
         {**E, "region": "410105", "stats": {2025: {"revenue": 10000000}}},
         [("二选一：不满足", "", "二选一", None, None, False)]),
        ("  any:\n    - 'region under \"220000\"'\n    - 'stats[last_year].revenue >= 1亿'\n",
         {**E, "region": "410105", "stats": {2025: {"revenue": 10000000}}},
         [("所在地区须属于 220000", "region", "所在地区", None, None, False)]),
        # designations, lists, codes
        ("  'designated(\"高新技术企业\")'", {**E, "designations": []},
         [("取得高新技术企业资质", "designated:高新技术企业", "高新技术企业", None, None, True)]),
        ("  'size in [\"small\", \"micro\"]'", {**E, "size": "large"},
         [("企业规模须为 小型、微型 之一", "", "企业规模", "large", None, False)]),
        ("  'size not in [\"large\"]'", {**E, "size": "large"},
         [("企业规模不得为当前的“大型”", "", "企业规模", "large", None, False)]),
        ("  'region under \"220000\"'", {**E, "region": "410105", "labels": {"220000": "吉林省"}},
         [("所在地区须属于 吉林省（220000）", "region", "所在地区", None, None, False)]),
        ("  label: 在吉林\n  when: 'region under \"220000\"'", {**E, "region": "410105"},
         [("在吉林：所在地区须属于 220000", "region", "所在地区", None, None, False)]),
        ("  'known(stats[last_year].revenue)'", E, [("补充2025年营业收入", "", "2025年营业收入", None, None, True)]),
        # two conditions on one fact: the stricter, whichever comes first
        ("  all:\n    - 'stats[last_year].rd_expenditure >= 100万'\n    - 'stats[last_year].rd_expenditure >= 200万'\n",
         stats(rd_expenditure=500000),
         [("2025年研发费用从 50万元 提高到 200万元", "stats[2025].rd_expenditure", RD, D(500000), D(2000000), True)]),
        ("  all:\n    - 'stats[last_year].rd_expenditure >= 200万'\n    - 'stats[last_year].rd_expenditure >= 100万'\n",
         stats(rd_expenditure=500000),
         [("2025年研发费用从 50万元 提高到 200万元", "stats[2025].rd_expenditure", RD, D(500000), D(2000000), True)]),
        # a missing fact beside a failed one: supply it
        ("  all:\n    - 'stats[last_year].revenue >= 1000万'\n    - 'region under \"220000\"'\n"
         "    - 'size in [\"small\"]'\n    - 'designated(\"高新技术企业\")'\n",
         {**E, "region": "410105"},
         [("补充2025年营业收入", "stats[2025].revenue", "2025年营业收入", None, None, True),
          ("所在地区须属于 220000", "region", "所在地区", None, None, False),
          ("补充企业规模", "size", "企业规模", None, None, True),
          ("补充资质认定情况", "designations", "资质认定情况", None, None, True)]),
    ],
)  # fmt: skip
def test_the_smallest_change(rule, facts, expected):
    status, got = changes(rule, facts)
    assert status == "ineligible"
    assert got == expected


def test_a_lower_bound_on_a_fact_that_may_fall_is_a_lowering():
    """A fact that can move both ways (none in the catalogue shipped: a test catalogue) is lowered."""
    from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef

    cat = Catalogue([*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats,
                     FactDef("debt", "负债", "money", per_year=True, moves="both", actionable=True)])  # fmt: skip
    from kechuang.eligibility.rules import Rule

    rule = Rule({"id": "r", "title": "t", "source": {"document": "d"}, "rule": "stats[last_year].debt <= 100万"},
                catalogue=cat)  # fmt: skip
    res = rule.explain({"stats": {2025: {"debt": 1500000}}}, TODAY)
    assert [(c.text, c.required, c.actionable) for c in res.changes] == [
        ("2025年负债从 150万元 降低到 100万元", D(1000000), True)
    ]
    strict = Rule({"id": "r", "title": "t", "source": {"document": "d"}, "rule": "stats[last_year].debt < 100万"},
                  catalogue=cat)  # fmt: skip
    assert strict.explain({"stats": {2025: {"debt": 1000000}}}, TODAY).changes[0].required == D(999999)
    never_below_zero = Rule({"id": "r", "title": "t", "source": {"document": "d"},
                             "rule": "stats[last_year].debt < 0"}, catalogue=cat)  # fmt: skip
    assert never_below_zero.explain({"stats": {2025: {"debt": 5}}}, TODAY).changes[0].actionable is False


def test_a_ratio_of_a_number_that_is_not_whole_steps_by_a_hundredth():
    from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
    from kechuang.eligibility.rules import Rule

    cat = Catalogue([*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats,
                     FactDef("score", "评分", "number", per_year=True, moves="up", actionable=True)])  # fmt: skip
    rule = Rule({"id": "r", "title": "t", "source": {"document": "d"}, "rule": "stats[last_year].score > 60"},
                catalogue=cat)  # fmt: skip
    [change] = rule.explain({"stats": {2025: {"score": 55.5}}}, TODAY).changes
    assert change.required == D("60.01")
    assert change.text == "2025年评分从 55.5 提高到 60.01"


def test_in_english():
    with language("en"):
        _, got = changes("  'stats[last_year].rd_expenditure >= 100万'", stats(rd_expenditure=500000))
    assert got[0][0] == "raise 2025 R&D expenditure from ¥500,000 to ¥1 million"


def test_a_rule_already_met_needs_no_change_and_an_unknown_one_none():
    tree = parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: 'stats[last_year].rd_expenditure >= 1'")
    tree_ = tree.compile(TODAY)
    assert smallest_change(tree_, Facts(stats(rd_expenditure=5))) == []
    cond = (
        "id: r\ntitle: t\nsource: {document: d}\nrule:\n  all:\n"
        "    - 'stats[last_year].rd_expenditure >= 1 if stats[last_year].revenue > 0 "
        "else stats[last_year].rd_expenditure >= 2'\n"
        "    - 'region under \"220000\"'\n"
    )
    tree = parse_text(cond).compile(TODAY)
    far = {**stats(rd_expenditure=0), "region": "410105"}
    assert smallest_change(tree, Facts(far)) is None  # the bracket's own fact is missing: no advice
    known = {**E, "region": "410105", "stats": {2025: {"rd_expenditure": 0, "revenue": 0}}}
    assert [c.text for c in smallest_change(tree, Facts(known))] == [
        "2025年研发费用从 0元 提高到 2元",
        "所在地区须属于 220000",
    ]
    known["stats"][2025]["revenue"] = 5
    assert smallest_change(tree, Facts(known))[0].text == "2025年研发费用从 0元 提高到 1元"
