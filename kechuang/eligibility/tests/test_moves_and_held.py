"""The smallest change moves each fact only its sensible way and advises only what the organisation can
act on; the rest is “does not qualify, because …”. A designation already held answers “held” (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import DEFAULT_CATALOGUE, FactDef, RuleError, parse_text

TODAY = dt.date(2026, 6, 30)

TECH_SME = """
id: t
title: 科技型中小企业评价（节选）
source: {document: 科技型中小企业评价办法, number: 国科发政〔2017〕115号, article: 第六条}
rule:
  all:
    - label: 职工总数不超过500人
      when: stats[last_year].employees <= 500
    - label: 年销售收入不超过2亿元
      when: stats[last_year].revenue <= 2亿
    - label: 资产总额不超过2亿元
      when: stats[last_year].total_assets <= 2亿
    - label: 研发费用占比不低于3%
      when: stats[last_year].rd_expenditure / stats[last_year].revenue >= 3%
"""

# the firm: revenue 2.68亿, assets 5.2亿 — “差一点” advised cutting both to 2亿
BIG = {
    "kind": "enterprise",
    "stats": {2025: {"employees": 420, "revenue": 268_000_000, "total_assets": 520_000_000,
                     "rd_expenditure": 10_000_000}},
}  # fmt: skip


def test_revenue_and_assets_are_never_advised_to_shrink():
    result = parse_text(TECH_SME).explain(BIG, TODAY)
    assert result.status == "ineligible"
    assert result.advice == []
    texts = [c.text for c in result.reasons]
    assert texts == [
        "年销售收入不超过2亿元：2025年营业收入 2.68亿元，要求 ≤ 2亿元",
        "资产总额不超过2亿元：2025年资产总额 5.2亿元，要求 ≤ 2亿元",
    ]
    assert not any("降低" in c.text for c in result.changes or [])
    assert result.as_dict()["reasons"] == texts
    rendered = result.render()
    assert "不符合的原因（无法通过自身调整）：" in rendered and "达到条件还需" not in rendered


def test_a_ratio_is_met_by_raising_rd_not_by_lowering_revenue():
    small = {"kind": "enterprise", "stats": {2025: {"employees": 80, "revenue": 20_000_000,
                                                    "total_assets": 30_000_000, "rd_expenditure": 500_000}}}  # fmt: skip
    result = parse_text(TECH_SME).explain(small, TODAY)
    assert [c.text for c in result.advice] == ["研发费用占比不低于3%：2025年研发费用从 50万元 提高到 60万元"]
    assert result.reasons == []


def test_a_required_minimum_of_revenue_is_a_reason_not_advice():
    rule = parse_text(
        "id: r\ntitle: 规模以上\nsource: {document: 某办法}\n"
        "rule:\n  label: 上年度营业收入2000万元以上\n  when: stats[last_year].revenue >= 2000万\n"
    )
    result = rule.explain({"stats": {2025: {"revenue": 19_000_000}}}, TODAY)
    assert result.advice == []
    assert [c.text for c in result.reasons] == [
        "上年度营业收入2000万元以上：2025年营业收入 1900万元，要求 ≥ 2000万元"
    ]


def test_every_catalogue_fact_says_which_way_it_moves():
    for f in DEFAULT_CATALOGUE.facts + DEFAULT_CATALOGUE.stats:
        assert f.moves in ("up", "down", "both", "none"), f.name
        assert not (f.actionable and f.moves == "none"), f.name
    assert {f.name for f in DEFAULT_CATALOGUE.stats if f.actionable} >= {
        "rd_expenditure", "rd_staff", "tech_staff", "ip_count", "domestic_rd_expenditure"
    }  # fmt: skip
    assert not any(f.actionable for f in DEFAULT_CATALOGUE.facts)  # founding date, region, size, kind…
    assert not DEFAULT_CATALOGUE.stat("revenue").actionable  # type: ignore[union-attr]
    assert not DEFAULT_CATALOGUE.stat("total_assets").actionable  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        FactDef("x", "x", "money", moves="sideways")


HNTE = """
id: h
title: 高新技术企业认定
source: {document: 高新技术企业认定管理办法, number: 国科发火〔2016〕32号, article: 第十一条}
grants:
  designation: 高新技术企业
  renewal: 重新认定
  before_months: 3
  basis: 第十二条 高新技术企业资格自颁发证书之日起有效期为三年。
rule:
  label: （五）研发费用占比
  when: stats[last_year].rd_expenditure / stats[last_year].revenue >= 5%
"""
FIRM = {"stats": {2025: {"revenue": 30_000_000, "rd_expenditure": 1_800_000}}}
CERT = {
    "kind": "高新技术企业",
    "valid_from": "2023-12-01",
    "valid_to": "2026-11-30",
    "number": "GR202322000123",
}


def test_a_valid_certificate_answers_held_with_its_end_and_renewal_date():
    rule = parse_text(HNTE)
    result = rule.explain({**FIRM, "designations": [CERT]}, TODAY)
    assert result.status == "held" and result.value is True
    held = result.as_dict()["held"]
    assert held["valid_to"] == "2026-11-30" and held["renew_by"] == "2026-08-30"
    assert (
        held["text"]
        == "已持有高新技术企业资质，证书 GR202322000123，有效期至2026年11月30日，重新认定应于2026年8月30日前申请"
    )
    assert "按现有数据，重新认定时：符合" in result.render()


def test_an_expired_certificate_or_another_kind_is_not_held():
    rule = parse_text(HNTE)
    expired = {**CERT, "valid_to": "2026-06-29"}
    assert rule.explain({**FIRM, "designations": [expired]}, TODAY).status == "eligible"
    other = {**CERT, "kind": "科技型中小企业"}
    assert rule.explain({**FIRM, "designations": [other]}, TODAY).status == "eligible"
    assert rule.explain(FIRM, TODAY).held is None


def test_held_even_when_the_present_figures_would_not_qualify():
    poor = {"stats": {2025: {"revenue": 30_000_000, "rd_expenditure": 100_000}}, "designations": [CERT]}
    result = parse_text(HNTE).explain(poor, TODAY)
    assert result.status == "held" and result.value is False
    assert "按现有数据，重新认定时：不符合" in result.render()


def test_a_grant_of_an_unknown_designation_is_refused():
    with pytest.raises(RuleError, match="grants"):
        parse_text(HNTE.replace("designation: 高新技术企业", "designation: 高薪企业"))
