"""Rule guarded: an officer's rule text that is not right says so at its line and column in the rule
writers' words (:mod:`kechuang.eligibility.source`) — YAML slips (a colon, a tab, indentation, an unclosed
quote, bracket or brace, an anchor, a character that cannot be there) and mistakes inside an expression,
placed at the expression's own line and character."""

from __future__ import annotations

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.i18n import language
from kechuang.eligibility.source import yaml_reason


@pytest.mark.parametrize(
    ("text", "reason", "where", "line", "column"),
    [
        ('id: r\ntitle: t: x\nsource: {document: d}\nrule: \'kind == "enterprise"\'', '此处不能出现“:”（冒号后缺少空格，或缩进不对？含冒号的表达式请加引号）', '第2行第9列', 2, 9),
        ('id: r\ntitle t\nsource: {document: d}\nrule: \'kind == "enterprise"\'\n', '这里应当是“名称: 值”，缺少冒号', '第3行第1列', 3, 1),
        ('id: r\n\ttitle: t\n', '不能用制表符（Tab）缩进，请用空格', '第2行第1列', 2, 1),
        ('id: r\ntitle: t\nrule:\n  all:\n    - \'kind == "enterprise"\'\n   - \'x\'\n', '缩进不对：同一层的内容应当对齐', '第6行第4列', 6, 4),
        ("id: r\ntitle: 't\n", '引号没有闭合', '第3行第1列', 3, 1),
        ('id: r\ntitle: t\nreviewed: [a, b\n', '方括号“[”没有闭合，或列表项之间缺少逗号', '第4行第1列', 4, 1),
        ('id: r\ntitle: t\nsource: {document: d\n', '花括号“{”没有闭合，或各项之间缺少逗号', '第4行第1列', 4, 1),
        ('id: *x\n', 'YAML 锚点或别名有误', '第1行第5列', 1, 5),
        ('id: r\ntitle: @t\n', '这里有不能出现的字符', '第2行第8列', 2, 8),
        ('id: r\ntitle: t\nsource: {document: d}\nrule:\n  all:\n    - \'kind == "enterprise"\'\n    - \'stats[last_year].revenu > 1\'\n', '未知的年度统计字段“revenu”，是不是“revenue”？', 'rule.all[1]', 7, 25),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: >-\n  kind == "enterprise" and\n  stats[last_year].revenu > 1\n', '未知的年度统计字段“revenu”，是不是“revenue”？', 'rule', 4, 7),
        ("id: r\ntitle: t\nsource: {document: d}\ndefine:\n  x: 'revenu > 1'\nrule: {use: x}\n", '未知的事实或条件“revenu”', 'define.x', 5, 7),
        ('- 1\n', '规则应当是 YAML 映射（“名称: 值”）', '', 1, 1),
        ('', '规则应当是 YAML 映射（“名称: 值”）', '', 1, 1),
    ],
)  # fmt: skip
def test_a_wrong_rule_text_is_refused_at_its_line_and_column(text, reason, where, line, column):
    with pytest.raises(RuleError) as e:
        parse_text(text)
    assert (e.value.reason, e.value.where, e.value.line, e.value.column) == (reason, where, line, column)


def test_other_yaml_problems_are_passed_on_and_said_in_english_too():
    assert yaml_reason("something new") == "YAML 格式错误：something new"
    with language("en"):
        assert yaml_reason("something new") == "YAML format error: something new"
        assert yaml_reason("found a tab character that violates indentation") == (
            "tabs cannot be used for indentation, use spaces"
        )
