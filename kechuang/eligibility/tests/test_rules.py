"""The shipped rule files: every one loads, cites its source, and its YAML cases pass."""

import datetime as dt

import pytest

from kechuang.eligibility import RULES_DIR, RuleError, load_rules
from kechuang.eligibility.rules import Rule, load_library
from kechuang.eligibility.scenarios import run_case

RULES = load_rules()


def test_at_least_ten_measures_with_sources_and_cases():
    assert len(RULES) >= 10
    for rule in RULES:
        assert rule.source.document
        assert rule.source.article, rule.id
        assert len(rule.cases()) >= 2, rule.id


@pytest.mark.parametrize(
    ("rule", "case"),
    [(r, c) for r in RULES for c in r.cases()],
    ids=lambda x: getattr(x, "id", getattr(x, "name", "")),
)
def test_scenario_case(rule, case):
    outcome = run_case(rule, case)
    assert outcome.ok, "\n".join(outcome.problems) + "\n" + outcome.result.render()


def _rule(**over):
    data = {
        "id": "t",
        "title": "测试",
        "source": {"document": "测试文件", "article": "第一条"},
        "rule": {"all": ['kind == "enterprise"']},
    }
    data.update(over)
    return Rule(data, library=load_library(sorted(RULES_DIR.glob("_*.yaml"))))


def test_rule_error_names_the_place():
    with pytest.raises(RuleError) as exc:
        _rule(rule={"all": ['kind == "enterprise"', {"label": "x", "when": "stats[last_year].revenu > 0"}]})
    assert exc.value.where == "rule.all[1]"
    assert exc.value.reason == "未知的年度统计字段“revenu”，是不是“revenue”？"


def test_rule_requires_source():
    with pytest.raises(RuleError) as exc:
        _rule(source={"number": "1"})
    assert exc.value.reason.startswith("source 必须写明 document")


def test_unused_definition_is_still_checked():
    with pytest.raises(RuleError) as exc:
        _rule(define={"x": "nosuch > 1"})
    assert exc.value.reason == "未知的事实或条件“nosuch”"


def test_effective_dates_gate_the_rule():
    rule = _rule(effective={"from": "2020-01-01", "to": "2020-12-31"})
    assert rule.evaluate({"kind": "enterprise"}, dt.date(2020, 6, 1)) is True
    assert rule.evaluate({"kind": "enterprise"}, dt.date(2021, 1, 1)) is False
    text = rule.explain({"kind": "enterprise"}, dt.date(2021, 1, 1)).render()
    assert "政策有效期 2020年1月1日至2020年12月31日，申请日 2021年1月1日 不在有效期内" in text


def test_result_as_dict_is_json_ready():
    import json

    rule = next(r for r in RULES if r.id == "hnte-recognition")
    case = rule.cases()[1]
    d = rule.explain(case.facts, case.today).as_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["status"] == "ineligible"
    assert d["changes"][0]["fact"] == "stats[2025].rd_expenditure"
