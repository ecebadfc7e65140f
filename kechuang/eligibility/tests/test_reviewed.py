"""``reviewed:`` in a rule file: the conditions the data cannot check, listed in every answer (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.i18n import language

TODAY = dt.date(2026, 6, 30)
HEAD = "id: r\ntitle: 测试\nsource: {document: 文件, article: 第十一条}\nrule: 'kind == \"enterprise\"'\n"
REVIEWED = "reviewed:\n  - （三）技术领域属于规定的范围\n  - （八）一年内未发生重大安全事故\n"


@pytest.mark.parametrize("kind", ["enterprise", "university"])
def test_every_answer_lists_the_conditions_left_to_reviewers(kind):
    rule = parse_text(HEAD + REVIEWED)
    result = rule.explain({"kind": kind}, TODAY)
    assert result.as_dict()["reviewed"] == ["（三）技术领域属于规定的范围", "（八）一年内未发生重大安全事故"]
    assert result.render().endswith(
        "\n  由评审核实（数据无法判断）：\n    - （三）技术领域属于规定的范围\n    - （八）一年内未发生重大安全事故"
    )


def test_the_heading_is_translated_and_the_conditions_quote_the_law():
    result = parse_text(HEAD + REVIEWED).explain({"kind": "enterprise"}, TODAY, lang="en")
    with language("en"):
        text = result.render()
    assert "\n  checked by reviewers (the data cannot tell):\n    - （三）技术领域属于规定的范围" in text


def test_a_rule_without_reviewed_conditions_lists_none():
    result = parse_text(HEAD).explain({"kind": "enterprise"}, TODAY)
    assert result.as_dict()["reviewed"] == [] and "由评审核实" not in result.render()


@pytest.mark.parametrize("value", ["'（三）技术领域'", "[1, 2]", "['']"])
def test_reviewed_must_be_a_list_of_texts(value):
    with pytest.raises(RuleError) as e:
        parse_text(HEAD + f"reviewed: {value}\n")
    assert e.value.reason == "reviewed 应当是由评审核实的条件（文字）的列表" and e.value.where == "reviewed"
