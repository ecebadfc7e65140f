"""A rule file's keys: its source, effective dates and definitions are checked when it is loaded."""

import datetime as dt

import pytest

from kechuang.eligibility import RuleError, load_library_in
from kechuang.eligibility.rules import Rule
from kechuang.eligibility.tests.samples import library


def _rule(**over):
    data = {
        "id": "t",
        "title": "测试",
        "source": {"document": "测试文件", "article": "第一条"},
        "rule": {"all": ['kind == "enterprise"']},
    }
    data.update(over)
    return Rule(data, library=library())


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


def test_a_wrong_shared_definition_is_refused_with_its_file(tmp_path):
    (tmp_path / "_shared.yaml").write_text("define:\n  企业: {label: 主体为企业}\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_library_in(tmp_path)
    assert exc.value.where == "_shared.yaml: define.企业"
    assert exc.value.file == str(tmp_path / "_shared.yaml")
    assert exc.value.reason == "命名条件应当是表达式，或写成 {label: …, expr: …}"
