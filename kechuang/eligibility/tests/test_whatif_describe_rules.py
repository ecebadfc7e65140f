"""Rule guarded: an officer's what-if lists every threshold of a rule with a stable index — the constants
compared with a fact (read from the fact's side) and each tier of a bracket — and a changed copy leaves the
rule itself untouched (:mod:`kechuang.eligibility.whatif`); the rule read aloud says every condition in
words (:mod:`kechuang.eligibility.describe`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import parse_text
from kechuang.eligibility.describe import Line, describe
from kechuang.eligibility.i18n import language
from kechuang.eligibility.whatif import Threshold, thresholds, with_thresholds

TODAY = dt.date(2026, 6, 30)
RULE = """id: r
title: t
source: {document: d}
define:
  门槛: {label: 研发门槛, expr: "5% if stats[last_year].revenue <= 5000万 else 4% if stats[last_year].revenue <= 2亿 else 3%", format: percent}
rule:
  all:
    - label: 研发占比
      when: 'stats[last_year].rd_expenditure / stats[last_year].revenue >= 门槛'
    - '100万 <= stats[last_year].rd_expenditure'
    - 'stats[last_year].employees < 500'
    - 'kind == "enterprise"'
    - any: ['size in ["small"]', 'not verified', 'designated("高新技术企业")', 'known(stats[last_year].revenue)', 'region under "220000"', 'size not in ["large", "medium"]', 'verified == false']
"""
TREE = parse_text(RULE).compile(TODAY)
D = Decimal


def test_every_threshold_with_a_stable_index():
    assert thresholds(TREE) == [
        Threshold(0, "研发门槛：2025年营业收入 ≤ 5000万元时", "==", D("0.05"), "percent"),
        Threshold(1, "2025年营业收入", "<=", D("50000000"), "money"),
        Threshold(2, "研发门槛：2025年营业收入 ≤ 2亿元时", "==", D("0.04"), "percent"),
        Threshold(3, "研发门槛：否则（2025年营业收入 ≤ 2亿元 不成立）时", "==", D("0.03"), "percent"),
        Threshold(4, "2025年营业收入", "<=", D("200000000"), "money"),
        Threshold(5, "2025年研发费用", ">=", D("1000000"), "money"),  # 100万 <= x read from the fact's side
        Threshold(6, "2025年从业人员数", "<", D("500"), "count"),
    ]
    assert [t.text for t in thresholds(TREE)] == [
        "研发门槛：2025年营业收入 ≤ 5000万元时 = 5%",
        "2025年营业收入 ≤ 5000万元",
        "研发门槛：2025年营业收入 ≤ 2亿元时 = 4%",
        "研发门槛：否则（2025年营业收入 ≤ 2亿元 不成立）时 = 3%",
        "2025年营业收入 ≤ 2亿元",
        "2025年研发费用 ≥ 100万元",
        "2025年从业人员数 ＜ 500",
    ]


def test_a_changed_copy_leaves_the_rule_untouched():
    before = [t.value for t in thresholds(TREE)]
    variant = with_thresholds(TREE, {0: D("0.06"), 3: 200, 6: D("300")})
    assert [t.value for t in thresholds(variant)] == [D("0.06"), D("50000000"), D("0.04"), D("200"),
                                                      D("200000000"), D("1000000"), D("300")]  # fmt: skip
    assert [t.value for t in thresholds(TREE)] == before
    assert isinstance(thresholds(variant)[3].value, Decimal)
    for bad in (-1, 7):
        with pytest.raises(IndexError):
            with_thresholds(TREE, {bad: D(1)})
    assert with_thresholds(TREE, {}) is not TREE


def test_a_bracket_without_a_name_is_a_tier():
    tree = parse_text(
        "id: r\ntitle: t\nsource: {document: d}\n"
        "rule: 'stats[last_year].rd_expenditure >= (10 if stats[last_year].revenue > 5 else 20)'"
    ).compile(TODAY)
    assert [t.text for t in thresholds(tree)] == [
        "分档值：2025年营业收入 ＞ 5元时 = 10",
        "分档值：否则（2025年营业收入 ＞ 5元 不成立）时 = 20",
        "2025年营业收入 ＞ 5元",
    ]


def test_the_rule_read_aloud():
    assert describe(TREE).render() == (
        "- 以下条件须全部满足\n"
        "  - 研发占比：2025年研发费用÷2025年营业收入 ≥ 研发门槛\n"
        "  - 2025年研发费用 ≥ 100万元\n"
        "  - 2025年从业人员数 ＜ 500\n"
        "  - 主体类型 = 企业\n"
        "  - 以下条件满足其一即可\n"
        "    - 企业规模 为 小型\n"
        "    - 不得：信息已核验\n"
        "    - 具有高新技术企业资质\n"
        "    - 2025年营业收入已填报\n"
        "    - 所在地区 属于 220000\n"
        "    - 企业规模 不得为 大型、中型\n"
        "    - 信息已核验：否"
    )


def test_the_rule_read_aloud_in_english():
    with language("en"):
        text = describe(parse_text(RULE).compile(TODAY)).render()
    assert text.startswith(
        "- all of the following\n  - 研发占比: 2025 R&D expenditure÷2025 revenue ≥ 研发门槛\n"
    )
    assert text.endswith("    - Enterprise size is not Large, Medium\n    - Information verified: no")


def test_named_conditions_and_lines():
    tree = parse_text(
        "id: r\ntitle: t\nsource: {document: d}\ndefine:\n  两者: 'kind == \"enterprise\" or verified'\n"
        "  规模: {label: 小企业, expr: 'size in [\"small\"]'}\nrule:\n  all: [{use: 两者}, {use: 规模}, 'verified == true']\n"
    ).compile(TODAY)
    assert describe(tree).render() == (
        "- 以下条件须全部满足\n"
        "  - 两者：以下条件满足其一即可\n"
        "    - 主体类型 = 企业\n"
        "    - 信息已核验\n"
        "  - 小企业：企业规模 为 小型\n"
        "  - 信息已核验"
    )
    assert Line("a", [Line("b")]).render(1) == "  - a\n    - b"
