"""Rule guarded: a rule file is refused when it is incomplete or wrong, with the key where it is wrong and
what to write (:mod:`kechuang.eligibility.rules`); an answer carries its status, the facts missing, the reasons
it does not qualify apart from the changes it can make, the amount, the basis and the conditions left to
reviewers — as text and as data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.rules import load_library_in, load_rule, load_rules, rule_files

TODAY = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "reason", "where"),
    [
        ('title: t\nsource: {document: d}\nrule: \'kind == "enterprise"\'', '规则缺少“id”', 'id'),
        ('id: r\nsource: {document: d}\nrule: \'kind == "enterprise"\'', '规则缺少“title”', 'title'),
        ('id: r\ntitle: t\nsource: {document: d}', '规则缺少“rule”', 'rule'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: \'kind == "enterprise"\'\nfoo: 1', '未知的字段“foo”，可用字段：benefit、cases、cases_today、define、department、effective、grants、id、materials、mode、reviewed、rule、source、summary、tags、title', 'foo'),
        ('id: r\ntitle: t\nrule: \'kind == "enterprise"\'', '规则缺少“source”', 'source'),
        ('id: r\ntitle: t\nsource: d\nrule: \'kind == "enterprise"\'', 'source 必须写明 document（文件名称），并尽量写明 number（文号）和 article（条款）', 'source'),
        ('id: r\ntitle: t\nsource: {article: 第一条}\nrule: \'kind == "enterprise"\'', 'source 必须写明 document（文件名称），并尽量写明 number（文号）和 article（条款）', 'source'),
        ('id: r\ntitle: t\nsource: {document: d, date: 2026-13-01x}\nrule: \'kind == "enterprise"\'', '日期“2026-13-01x”不正确，应当是 YYYY-MM-DD', 'source.date'),
        ('id: r\ntitle: t\nsource: {document: d}\neffective: {from: 2026-01-01, to: 2025-01-01}\nrule: \'kind == "enterprise"\'', '有效期结束日期早于开始日期', 'effective'),
        ('id: r\ntitle: t\nsource: {document: d}\nbenefit: {type: cash}\nrule: \'kind == "enterprise"\'', '未知的优惠类型“cash”，可选：subsidy、tax_relief、award、recognition、voucher、loan_interest、service、other', 'benefit.type'),
        ('id: r\ntitle: t\nsource: {document: d}\nmode: auto\nrule: \'kind == "enterprise"\'', '未知的兑现方式“auto”，可选：apply（依申请）、automatic（免申即享）', 'mode'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: {all: [\'kind == "enterprise"\'], any: [\'kind == "enterprise"\']}', '条件应当只写 all、any、not、when、use 之一（可另加 label、format）', 'rule（第4行）'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: {all: []}', '“all”后面应当是非空列表', 'rule（第4行）'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: {some: []}', '未知的条件写法“some”，可用 all、any、not、when、use', 'rule（第4行）'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: [1]', '条件应当是表达式文字或 all/any/not 映射', 'rule'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: true', '条件应当是表达式文字或 all/any/not 映射', 'rule'),
        ('id: r\ntitle: t\nsource: {document: d}\ndefine: {x: 1}\nrule: \'kind == "enterprise"\'', '命名条件应当是表达式，或写成 {label: …, expr: …}', 'define.x'),
        ('id: r\ntitle: t\nsource: {document: d}\nreviewed: 评审\nrule: \'kind == "enterprise"\'', 'reviewed 应当是由评审核实的条件（文字）的列表', 'reviewed'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: \'kind == "enterprise"\'\ncases_today: 2026-01-01\ncases: [1]', '案例应当是映射', 'cases[0]'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: \'kind == "enterprise"\'\ncases: [{facts: {}, expected: eligible}]', '案例缺少 today（申请日）', 'cases[0]'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: \'kind == "enterprise"\'\ncases_today: 2026-01-01\ncases: [{facts: {}, expected: yes}]', 'expected 应当是 eligible、ineligible、unknown 或 held（已持有）', 'cases[0]'),
    ],
)  # fmt: skip
def test_a_wrong_rule_file_is_refused_at_its_key(text, reason, where):
    with pytest.raises(RuleError) as e:
        parse_text(text).cases()
    assert (e.value.reason, e.value.where) == (reason, where)


RULE = """id: r
title: 研发补助
source: {document: 办法, number: 某发〔2026〕1号, article: 第三条}
benefit: {type: subsidy, text: 补助, amount: "stats[last_year].rd_expenditure * 10%"}
reviewed: [（四）项目通过评审]
rule:
  all:
    - label: （一）吉林省企业
      when: 'region under "220000"'
    - label: （二）研发费用不低于100万元
      when: 'stats[last_year].rd_expenditure >= 100万'
"""
HEAD = "研发补助：{}（依据《办法》（某发〔2026〕1号）第三条，申请日 2026年6月30日）\n"
ONE_OK = "    ✓ （一）吉林省企业：所在地区 220102，要求属于 220000\n"
ONE_NO = "    ✗ （一）吉林省企业：所在地区 410105，要求属于 220000\n"
REVIEWED = "  由评审核实（数据无法判断）：\n    - （四）项目通过评审"
REASON = "（一）吉林省企业：所在地区须属于 220000"
RAISE = "（二）研发费用不低于100万元：2025年研发费用从 50万元 提高到 100万元"


def answer(region: str | None, rd: int):  # type: ignore[no-untyped-def]
    facts = {"stats": {2025: {"rd_expenditure": rd}}}
    if region:
        facts["region"] = region
    return parse_text(RULE).explain(facts, TODAY)


def test_an_eligible_answer_with_its_amount():
    res = answer("220102", 2000000)
    assert res.render() == (
        HEAD.format("符合") + "  ✓ 研发补助（2/2 项满足）\n" + ONE_OK
        + "    ✓ （二）研发费用不低于100万元：2025年研发费用 200万元，要求 ≥ 100万元\n"
        + "  预计金额：20万元\n" + REVIEWED
    )  # fmt: skip
    d = res.as_dict()
    assert (d["status"], d["amount"], d["changes"], d["reasons"], d["missing"]) == (
        "eligible",
        200000.0,
        [],
        [],
        [],
    )
    assert (d["rule"], d["title"], d["source"], d["today"], d["held"]) == (
        "r", "研发补助", "《办法》（某发〔2026〕1号）第三条", "2026-06-30", None
    )  # fmt: skip
    assert d["reviewed"] == ["（四）项目通过评审"]
    assert d["explanation"]["status"] == "pass"


def test_reasons_it_cannot_change_come_before_what_it_can_do():
    res = answer("410105", 500000)
    assert res.render() == (
        HEAD.format("不符合") + "  ✗ 研发补助（0/2 项满足）\n" + ONE_NO
        + "    ✗ （二）研发费用不低于100万元：2025年研发费用 50万元，要求 ≥ 100万元\n"
        + "  不符合的原因（无法通过自身调整）：\n    - " + REASON + "\n"
        + "  此外还需：\n    - " + RAISE + "\n" + REVIEWED
    )  # fmt: skip
    assert [c.text for c in res.reasons] == [REASON] and [c.text for c in res.advice] == [RAISE]
    assert res.as_dict()["reasons"] == [REASON]
    assert res.amount is None and res.as_dict()["amount"] is None


def test_only_advice_or_only_reasons():
    advice = answer("220102", 500000)
    assert "  达到条件还需：\n    - " + RAISE + "\n" in advice.render()
    assert "不符合的原因" not in advice.render()
    reasons = answer("410105", 2000000)
    assert "  不符合的原因（无法通过自身调整）：\n    - " + REASON + "\n" + REVIEWED in reasons.render()
    assert "还需" not in reasons.render()


def test_missing_data_is_listed():
    res = answer(None, 2000000)
    assert res.status == "unknown" and res.missing == {"region": "所在地区"}
    assert "\n  缺少：所在地区\n" in res.render()
    assert res.as_dict()["missing"] == [{"fact": "region", "label": "所在地区"}]
    assert answer("220102", 2000000).missing == {}


def test_no_change_found_is_said():
    r = parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: 'stats[last_year].rd_expenditure == 1'")
    res = r.explain({"stats": {2025: {"rd_expenditure": 5}}}, TODAY, changes=False)
    assert res.changes is None and res.as_dict()["changes"] is None
    assert res.render().endswith("\n  无法计算最小调整方案")


def test_an_amount_is_never_negative_is_rounded_half_up_and_is_none_when_unknown():
    r = parse_text(
        "id: r\ntitle: t\nsource: {document: d}\nbenefit: {amount: 'stats[last_year].profit'}\n"
        "rule: 'kind == \"enterprise\"'"
    )
    assert r.explain({"kind": "enterprise", "stats": {2025: {"profit": -5}}}, TODAY).amount == 0
    assert r.explain({"kind": "enterprise", "stats": {2025: {"profit": "1.005"}}}, TODAY).amount == Decimal(
        "1.01"
    )
    assert r.explain({"kind": "enterprise"}, TODAY).amount is None
    assert r.explain({"kind": "university", "stats": {2025: {"profit": 5}}}, TODAY).amount is None


def test_the_source_is_cited_with_what_it_has():
    assert parse_text(
        "id: r\ntitle: t\nsource: {document: 办法}\nrule: 'kind == \"enterprise\"'"
    ).source.cite() == ("《办法》")
    src = parse_text(
        "id: r\ntitle: t\nsource: {document: 办法, article: 第二条, url: 'http://x', date: 2026-01-02}\n"
        "rule: 'kind == \"enterprise\"'"
    ).source
    assert (src.cite(), src.url, src.date) == ("《办法》第二条", "http://x", dt.date(2026, 1, 2))


def test_rule_files_of_a_directory_and_its_library(tmp_path):
    (tmp_path / "_lib.yaml").write_text(
        "define:\n  企业: {label: 主体为企业, expr: 'kind == \"enterprise\"'}\n", "utf-8"
    )
    (tmp_path / "a.yaml").write_text("id: a\ntitle: A\nsource: {document: d}\nrule: {use: 企业}\n", "utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.yaml").write_text(
        "id: b\ntitle: B\nsource: {document: d}\nrule: 'kind == \"university\"'\n", "utf-8"
    )
    assert [p.name for p in rule_files(tmp_path)] == ["a.yaml", "b.yaml"]
    assert rule_files(tmp_path / "a.yaml") == [tmp_path / "a.yaml"]
    assert list(load_library_in(tmp_path)) == ["企业"]
    assert [r.id for r in load_rules(tmp_path)] == ["a"]
    assert load_rule(tmp_path / "a.yaml").evaluate({"kind": "enterprise"}, TODAY) is True
    (tmp_path / "c.yaml").write_text("- 1\n", "utf-8")
    with pytest.raises(RuleError) as e:
        load_rule(tmp_path / "c.yaml")
    assert e.value.file == str(tmp_path / "c.yaml")
