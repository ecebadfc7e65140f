"""Rule guarded: the fact catalogue says which way each fact moves and whether an organisation can act on
it — R&D effort, R&D and science staff, patents and other IP, R&D institutions, high-tech revenue and new
product output up and actionable; revenue, output, exports, profit, tax, employees, assets grow but are no
lever; kind, region, industry, size, founding date do not move (:mod:`kechuang.eligibility.catalogue`);
a scenario case fails, saying why, when the answer, the missing facts, the explanation, the advice, the
reasons or the amount differ from what the law's text expects (:mod:`kechuang.eligibility.scenarios`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import parse_text
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, DESIGNATION_KINDS, Catalogue, FactDef
from kechuang.eligibility.scenarios import run_case, run_path

ACTIONABLE = {"rd_expenditure", "domestic_rd_expenditure", "rd_staff", "tech_staff", "valid_invention_patents",
              "patent_applications", "ip_count", "rd_institutions", "rd_institutions_provincial",
              "high_tech_revenue", "new_product_output"}  # fmt: skip
GROWS = {"revenue", "total_output", "exports", "profit", "tax_paid", "employees", "total_assets"}


def test_which_facts_move_and_which_the_organisation_can_act_on():
    for f in DEFAULT_CATALOGUE.facts:
        assert (f.moves, f.actionable, f.per_year) == ("none", False, False), f.name
    for f in DEFAULT_CATALOGUE.stats:
        assert f.per_year and f.moves == "up", f.name
        if f.name in ACTIONABLE:
            assert f.actionable, f.name
        elif f.name in GROWS:
            assert not f.actionable, f.name
    assert {f.name for f in DEFAULT_CATALOGUE.stats} >= ACTIONABLE | GROWS
    assert [f.name for f in DEFAULT_CATALOGUE.stats if f.signed] == ["profit"]
    assert {"高新技术企业", "科技型中小企业", "专精特新中小企业", "专精特新“小巨人”企业"} <= DESIGNATION_KINDS


def test_a_fact_moves_only_its_way():
    up = FactDef("a", "甲", "money", moves="up")
    down = FactDef("b", "乙", "money", moves="down")
    both = FactDef("c", "丙", "money", moves="both")
    fixed = FactDef("d", "丁", "date")
    assert (up.allows(up=True), up.allows(up=False)) == (True, False)
    assert (down.allows(up=True), down.allows(up=False)) == (False, True)
    assert (both.allows(up=True), both.allows(up=False)) == (True, True)
    assert (fixed.allows(up=True), fixed.allows(up=False)) == (False, False)
    with pytest.raises(ValueError, match="e: moves must be one of"):
        FactDef("e", "戊", "money", moves="sideways")


@pytest.mark.parametrize(
    ("type_", "numeric", "value_type"),
    [("money", True, "number"), ("count", True, "number"), ("ratio", True, "number"), ("number", True, "number"),
     ("enum", False, "string"), ("code", False, "string"), ("date", False, "date"), ("bool", False, "bool")],
)  # fmt: skip
def test_fact_types(type_, numeric, value_type):
    f = FactDef("x", "X", type_)
    assert (f.numeric, f.value_type) == (numeric, value_type)


def test_a_catalogue_finds_facts_and_statistics_apart():
    cat = Catalogue(
        [FactDef("kind", "主体类型", "enum"), FactDef("revenue", "营业收入", "money", per_year=True)]
    )
    assert cat.fact("kind").label == "主体类型" and cat.fact("revenue") is None
    assert cat.stat("revenue").label == "营业收入" and cat.stat("kind") is None
    assert [f.name for f in cat.facts] == ["kind"] and [f.name for f in cat.stats] == ["revenue"]
    assert cat.describe() == (
        "| 写法 | 含义 | 类型 |\n| --- | --- | --- |\n| `kind` | 主体类型 | enum |\n"
        "| `stats[年度].revenue` | 营业收入（按年度） | money |"
    )


RULE = """id: r
title: 研发补助
source: {document: d}
benefit: {amount: "stats[last_year].rd_expenditure * 10%"}
cases_today: 2026-06-30
rule:
  label: 研发费用不低于100万元
  when: 'stats[last_year].rd_expenditure >= 100万'
cases:
  - {name: 对, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible, amount: 200000,
     explains: [研发费用不低于100万元]}
  - {name: 错的期望, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 500000}}}, expected: eligible}
  - {name: 错的缺失, cites: 第一条, facts: {}, expected: unknown, missing: [revenue]}
  - {name: 错的解释, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible, explains: [没有这句]}
  - {name: 错的建议, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 500000}}}, expected: ineligible, changes: [降低]}
  - {name: 错的原因, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 500000}}}, expected: ineligible, reasons: [地区]}
  - {name: 错的金额, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible, amount: 1}
"""


def test_a_case_fails_saying_what_differs():
    rule = parse_text(RULE)
    problems = {c.name: run_case(rule, c).problems for c in rule.cases()}
    assert problems == {
        "对": [],
        "错的期望": ["期望“符合”，实际“不符合”"],
        "错的缺失": ["缺少的数据应为 ['revenue']，实际 ['stats[2025].rd_expenditure']"],
        "错的解释": ["解释中没有“没有这句”"],
        "错的建议": [
            "调整建议中没有“降低”（实际：研发费用不低于100万元：2025年研发费用从 50万元 提高到 100万元）"
        ],
        "错的原因": ["不符合的原因中没有“地区”（实际：无）"],
        "错的金额": ["金额应为 1，实际 200000.00"],
    }
    outcome = run_case(rule, rule.cases()[0])
    assert outcome.ok and outcome.result.amount == Decimal("200000.00")
    assert not run_case(rule, rule.cases()[1]).ok


def test_running_a_directory_counts_rules_and_reports_broken_files(tmp_path):
    (tmp_path / "a.yaml").write_text(RULE, "utf-8")
    (tmp_path / "b.yaml").write_text("id: b\ntitle: t\nsource: {document: d}\nrule: 'revenu > 1'\n", "utf-8")
    (tmp_path / "c.yaml").write_text(
        "id: c\ntitle: t\nsource: {document: d}\nrule: 'kind == \"enterprise\"'\ncases_today: 2026-01-01\n"
        "cases: [{name: 拼错, facts: {rd_expenditur: 1}, expected: eligible}, {name: 年度, facts: {stats: {x: {}}},"
        " expected: eligible}]\n",
        "utf-8",
    )
    report = run_path(tmp_path)
    assert report.rules == 2 and not report.ok
    assert len(report.outcomes) == 7 and sum(o.ok for o in report.outcomes) == 1
    assert [e.reason for e in report.errors] == [
        "未知的事实或条件“revenu”",
        "未知的事实“rd_expenditur”",
        "年度“x”不是年份",
    ]
    fine = tmp_path / "fine"
    fine.mkdir()
    (fine / "a.yaml").write_text(RULE.split("  - {name: 错的期望")[0], "utf-8")
    assert run_path(fine).ok and run_path(fine).rules == 1
    assert dt.date(2026, 6, 30) == parse_text(RULE).cases_today
