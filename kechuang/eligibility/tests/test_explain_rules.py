"""Rule guarded: an answer shows every condition with the actual value next to what the law requires
(:mod:`kechuang.eligibility.explain`) — ✓/✗/？ per step, the policy's own labels, the threshold named when it
is computed, choices and codes named as people know them, a designation's certificate and validity, the
facts missing when a step cannot be judged; the same in English."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kechuang.eligibility import nodes as n
from kechuang.eligibility import parse_text
from kechuang.eligibility.explain import Change, Step, label_of
from kechuang.eligibility.tests.explain_trees import (
    DESIGNATIONS_FACTS,
    DESIGNATIONS_RULE,
    DESIGNATIONS_TREE,
    FULL_TREE,
    MISSING_TREE,
)

TODAY = dt.date(2026, 6, 30)
RULE = """id: r
title: 综合
source: {document: d, article: 第一条}
define:
  占比: {label: 研发占比, expr: "stats[last_year].rd_expenditure / stats[last_year].revenue", format: percent}
  高企: {label: 高企有效, expr: 'designated("高新技术企业")'}
  两者: {label: 两者之一, expr: 'region under "220000" or size in ["small"]'}
  门槛: {label: 研发门槛, expr: "5% if stats[last_year].revenue <= 5000万 else 3%", format: percent}
rule:
  all:
    - use: 高企
    - label: 研发占比达标
      when: 占比 >= 门槛
    - '3% <= 占比'
    - 'stats[last_year].rd_expenditure >= stats[last_year].tech_staff * 1万'
    - label: 规模
      when: 'size in ["small", "micro"]'
    - 'size not in ["large"]'
    - 'kind in ["enterprise"]'
    - label: 在吉林
      when: 'region under "220000"'
    - not: 'industry under "F"'
    - 'known(stats[last_year].employees)'
    - use: 两者
    - 'designated("瞪羚企业", on=date("2025-01-01"))'
    - 'stats[last_year].rd_expenditure - stats[last_year - 1].rd_expenditure + 1 > 0'
    - 'stats[last_year].revenue * 2 / (stats[last_year].revenue + 1) > 0'
    - '(stats[last_year].employees >= 10) if stats[last_year].revenue > 0 else (stats[last_year].employees >= 1)'
"""
FACTS = {
    "kind": "enterprise",
    "size": "small",
    "region": "220102",
    "industry": "C3311",
    "labels": {"220102": "朝阳区"},
    "designations": [
        {"kind": "高新技术企业", "number": "GR1", "valid_from": "2024-01-01", "valid_to": "2026-12-31"},
        {"kind": "瞪羚企业", "valid_from": "2020-01-01", "valid_to": "2022-12-31"},
    ],
    "stats": {
        2025: {"revenue": 40000000, "rd_expenditure": 2000000, "tech_staff": 300, "employees": 50},
        2024: {"rd_expenditure": 100},
    },
}
RULE_OBJ = parse_text(RULE)

ZH = "✗ 综合（13/15 项满足）\n  ✓ 高企有效：证书 GR1，有效期至 2026年12月31日\n  ✓ 研发占比达标：研发占比 5%，要求 ≥ 5%（研发门槛）\n  ✓ 研发占比 5%，要求 ≥ 3%\n  ✗ 2025年研发费用 200万元，要求 ≥ 300万元（2025年科技人员数×1万元）\n  ✓ 规模：企业规模 小型，要求为 小型、微型 之一\n  ✓ 企业规模 小型，不得为 大型 之一\n  ✓ 主体类型 企业，要求为 企业\n  ✓ 在吉林：所在地区 朝阳区（220102），要求属于 220000\n  ✓ 不得：所属行业\n    ✗ 所属行业 3311，要求属于 F\n  ✓ 2025年从业人员数已填报\n  ✓ 两者之一（2/2 项满足）\n    ✓ 所在地区 朝阳区（220102），要求属于 220000\n    ✓ 企业规模 小型，要求为 小型\n  ✗ 具有瞪羚企业资质（2025年1月1日）：资质不在有效期内（2020年1月1日至2022年12月31日）\n  ✓ （2025年研发费用－2024年研发费用）＋1 199.99万元，要求 ＞ 0元\n  ✓ （2025年营业收入×2）÷（2025年营业收入＋1） 200%，要求 ＞ 0%\n  ✓ 2025年从业人员数 50，要求 ≥ 10\n    ✓ 2025年营业收入 4000万元，要求 ＞ 0元\n    ✓ 2025年从业人员数 50，要求 ≥ 10"

EN = "✗ 综合 (13 of 15 met)\n  ✓ 高企有效: certificate GR1, valid until 2026-12-31\n  ✓ 研发占比达标: 研发占比 5%, required ≥ 5% (研发门槛)\n  ✓ 研发占比 5%, required ≥ 3%\n  ✗ 2025 R&D expenditure ¥2 million, required ≥ ¥3 million (2025 S&T staff×¥10,000)\n  ✓ 规模: Enterprise size Small, required one of Small, Micro\n  ✓ Enterprise size Small, must not be Large\n  ✓ Organization type Enterprise, required Enterprise\n  ✓ 在吉林: Region 朝阳区 (220102), required within 220000\n  ✓ not: Industry\n    ✗ Industry 3311, required within F\n  ✓ 2025 employees reported\n  ✓ 两者之一 (2 of 2 met)\n    ✓ Region 朝阳区 (220102), required within 220000\n    ✓ Enterprise size Small, required Small\n  ✗ holds the Gazelle Enterprise designation (on 2025-01-01): not valid on that date (2020-01-01 to 2022-12-31)\n  ✓ （2025 R&D expenditure－2024 R&D expenditure）＋1 ¥1.9999 million, required ＞ ¥0\n  ✓ （2025 revenue×2）÷（2025 revenue＋1） 200%, required ＞ 0%\n  ✓ 2025 employees 50, required ≥ 10\n    ✓ 2025 revenue ¥40 million, required ＞ ¥0\n    ✓ 2025 employees 50, required ≥ 10"

MISSING = "✗ 综合（2/15 项满足）\n  ？ 高企有效：缺少资质认定情况\n  ？ 研发占比达标：研发占比 （缺少数据），要求 ≥ 5%（研发门槛）\n  ？ 研发占比 （缺少数据），要求 ≥ 3%\n  ？ 2025年研发费用 （缺少数据），要求 ≥ 2025年科技人员数×1万元\n  ？ 规模：企业规模 （缺少数据），要求为 小型、微型 之一\n  ？ 企业规模 （缺少数据），不得为 大型 之一\n  ✓ 主体类型 企业，要求为 企业\n  ？ 在吉林：所在地区 （缺少数据），要求属于 220000\n  ？ 不得：所属行业\n    ？ 所属行业 （缺少数据），要求属于 F\n  ✗ 2025年从业人员数未填报\n  ？ 两者之一（0/2 项满足）\n    ？ 所在地区 （缺少数据），要求属于 220000\n    ？ 企业规模 （缺少数据），要求为 小型\n  ？ 具有瞪羚企业资质（2025年1月1日）：缺少资质认定情况\n  ？ （2025年研发费用－2024年研发费用）＋1 （缺少数据），要求 ＞ 0元\n  ✓ （2025年营业收入×2）÷（2025年营业收入＋1） 200%，要求 ＞ 0%\n  ？ 2025年从业人员数 （缺少数据），要求 ≥ 10\n    ✓ 2025年营业收入 4000万元，要求 ＞ 0元\n    ？ 2025年从业人员数 （缺少数据），要求 ≥ 10"


def test_every_kind_of_condition_explained():
    assert RULE_OBJ.explain(FACTS, TODAY).step.render() == ZH


def test_every_kind_of_condition_explained_in_english():
    assert RULE_OBJ.explain(FACTS, TODAY, lang="en").step.render() == EN


def test_missing_facts_are_shown_as_missing_and_listed():
    facts = {"kind": "enterprise", "stats": {2025: {"revenue": 40000000}}}
    result = RULE_OBJ.explain(facts, TODAY)
    assert result.step.render() == MISSING
    assert result.step.as_dict()["children"][1] == {
        "label": "研发占比达标",
        "status": "unknown",
        "text": "研发占比达标：研发占比 （缺少数据），要求 ≥ 5%（研发门槛）",
        "actual": None,
        "required": 0.05,
        "missing": [{"fact": "stats[2025].rd_expenditure", "label": "2025年研发费用"}],
        "children": [],
    }


def rule(body: str, extra: str = "") -> object:
    return parse_text("id: r\ntitle: 事项\nsource: {document: d}\n" + extra + "rule:\n" + body)


def test_a_rule_out_of_force_says_so_first():
    r = rule("  'kind == \"enterprise\"'", "effective: {from: 2027-01-01}\n")
    assert r.explain({"kind": "enterprise"}, TODAY).step.render() == (
        "✗ 政策不在有效期内（1/2 项满足）\n"
        "  ✗ 政策有效期 2027年1月1日至长期，申请日 2026年6月30日 不在有效期内\n"
        "  ✓ 主体类型 企业，要求 = 企业"
    )


def test_a_value_just_below_the_threshold_is_shown_apart_from_it():
    r = rule("  'stats[last_year].rd_expenditure / stats[last_year].revenue >= 4%'")
    facts = {"stats": {2025: {"revenue": 100000000, "rd_expenditure": 3999999}}}
    assert r.explain(facts, TODAY).step.render() == "✗ 2025年研发费用÷2025年营业收入 3.999999%，要求 ≥ 4%"


def test_named_conditions_groups_and_values():
    group = rule(
        "  use: 组\n", 'define:\n  组: {label: 两项, expr: \'kind == "enterprise" and size in ["small"]\'}\n'
    )
    assert group.explain({"kind": "enterprise", "size": "large"}, TODAY).step.render() == (
        "✗ 两项（1/2 项满足）\n  ✓ 主体类型 企业，要求 = 企业\n  ✗ 企业规模 大型，要求为 小型"
    )
    value = rule(
        "  all:\n    - use: 收入\n    - 'kind == \"enterprise\"'\n",
        "define:\n  收入: {label: 收入合计, expr: 'stats[last_year].revenue > 0', format: money}\n",
    )
    assert value.explain({"kind": "enterprise", "stats": {2025: {"revenue": 5}}}, TODAY).step.render() == (
        "✓ 事项（2/2 项满足）\n  ✓ 收入合计：2025年营业收入 5元，要求 ＞ 0元\n  ✓ 主体类型 企业，要求 = 企业"
    )


def test_a_branch_that_cannot_be_chosen_says_on_what_it_depends_not_the_expression():
    r = rule(
        "  '(stats[last_year].employees >= 10) if stats[last_year].revenue > 0 else (stats[last_year].employees >= 1)'"
    )
    step = r.explain({"kind": "enterprise"}, TODAY).step
    assert step.render() == "？ 视2025年营业收入而定\n  ？ 2025年营业收入 （缺少数据），要求 ＞ 0元"
    assert step.missing == {"stats[2025].revenue": "2025年营业收入"}


def test_designations_negations_and_known():
    held = rule("  'designated(\"高新技术企业\")'")
    assert (
        held.explain({"designations": []}, TODAY).step.render()
        == "✗ 具有高新技术企业资质：未取得高新技术企业资质"
    )
    open_ended = {"designations": [{"kind": "高新技术企业", "valid_from": "2020-01-01"}]}
    assert held.explain(open_ended, TODAY).step.render() == "✓ 具有高新技术企业资质：已认定"
    negated = rule("  label: 非批发\n  not: 'industry under \"F\"'")
    assert negated.explain({"industry": "F5131"}, TODAY).step.render() == (
        "✗ 非批发\n  ✓ 所属行业 5131，要求属于 F"
    )
    known = rule("  label: 收入已报\n  when: 'known(stats[last_year].revenue)'")
    assert known.explain({}, TODAY).step.render() == "✗ 收入已报未填报"


def test_steps_and_changes_as_data():
    step = Step("l", None, "t", Decimal("0.5"), dt.date(2026, 1, 2), {"f": "F"}, [Step("c", True, "ct")])
    assert (
        step.status == "unknown"
        and Step("x", True, "x").status == "pass"
        and Step("x", False, "x").status == "fail"
    )
    assert step.as_dict() == {
        "label": "l",
        "status": "unknown",
        "text": "t",
        "actual": 0.5,
        "required": "2026-01-02",
        "missing": [{"fact": "f", "label": "F"}],
        "children": [
            {
                "label": "c",
                "status": "pass",
                "text": "ct",
                "actual": None,
                "required": None,
                "missing": [],
                "children": [],
            }
        ],
    }
    assert step.render() == "？ t\n  ✓ ct"
    change = Change(
        "补充", fact="f", label="F", current=Decimal(2), required=dt.date(2026, 1, 2), actionable=False
    )
    assert change.as_dict() == {
        "text": "补充",
        "fact": "f",
        "label": "F",
        "current": 2.0,
        "required": "2026-01-02",
        "actionable": False,
    }


def test_labels_of_values():
    rev = n.Stat("revenue", 2025, None, label="2025年营业收入")  # type: ignore[arg-type]
    one = n.Const(Decimal(1), "number")
    assert label_of(n.Arith("+", n.Arith("*", rev, one), one)) == "（2025年营业收入×1）＋1"
    assert label_of(n.Arith("-", rev, n.Arith("/", rev, one, label="均值"))) == "2025年营业收入－均值"
    assert label_of(n.Const(Decimal("0.05"), "number", fmt="percent")) == "5%"
    assert label_of(n.Fact("kind", None, text="kind")) == "kind"  # type: ignore[arg-type]


def test_every_step_carries_its_label_values_and_missing_facts():
    assert RULE_OBJ.explain(FACTS, TODAY).step.as_dict() == FULL_TREE
    missing = {"kind": "enterprise", "stats": {2025: {"revenue": 40000000}}}
    assert RULE_OBJ.explain(missing, TODAY).step.as_dict() == MISSING_TREE


def test_designations_expired_or_not_yet_valid_name_the_latest_period():
    rule = parse_text(DESIGNATIONS_RULE)
    assert rule.explain(DESIGNATIONS_FACTS, TODAY).step.as_dict() == DESIGNATIONS_TREE
