"""Rule guarded: a rule's text is read character by character and every slip is refused at its column with
what was expected (:mod:`kechuang.eligibility.syntax`): units, quotes, brackets, commas, operators, if/else,
fields after “.”, named arguments; a well-formed text reads the way it is written (precedence, chains,
full-width and Chinese operators, single or double quotes)."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import RuleError, parse_text

TODAY = dt.date(2026, 6, 30)


def rule(expr: str):  # type: ignore[no-untyped-def]
    return parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: '" + expr.replace("'", "''") + "'")


@pytest.mark.parametrize(
    ("expr", "reason", "column"),
    [
        ('stats[last_year].revenue > 5千万', '数字后面的“千万”无法识别，单位只能是 %、万、亿、万元、亿元、元', 36),
        ('kind == "enterprise', '字符串缺少结束引号', 16),
        ('kind @ 1', '无法识别的字符“@”', 13),
        ('(kind == "enterprise"', '这里应当是“)”，但表达式已经结束', 29),
        ('min(1, 2', '这里应当是“)”或“,”，但表达式已经结束', 16),
        ('min(1 2)', '这里应当是“)”或“,”', 14),
        ('   ', '表达式为空', 8),
        ('kind == "enterprise" )', '多余的内容“)”，前面的表达式已经完整', 29),
        ('kind == "enterprise" 1', '多余的内容“1”，前面的表达式已经完整', 29),
        ('1 if verified', '“if”后面缺少“else”，但表达式已经结束', 21),
        ('stats[last_year].', '“.”后面应当是字段名，但表达式已经结束', 25),
        ('stats[last_year].1 > 0', '“.”后面应当是字段名', 25),
        ('designated(on=today, "高新技术企业")', '位置参数不能写在命名参数之后', 29),
        ('1.2.3 > 0', '“.”后面应当是字段名', 12),
        ('kind ==', '这里缺少一个值，但表达式已经结束', 15),
        ('== 1', '这里不能出现“==”，应当是一个值', 8),
        ('> 1', '这里不能出现“>”，应当是一个值', 8),
        ('kind == )', '这里不能出现“)”，应当是一个值', 16),
        ('not', '这里缺少一个值，但表达式已经结束', 11),
        ('[1, 2', '这里应当是“]”或“,”，但表达式已经结束', 13),
        ('stats[last_year.revenue > 1', '这里应当是“]”，但表达式已经结束', 35),
        ('kind in ["a",]', '“主体类型”没有取值“a”，可选：enterprise（企业）、university（高等院校）、institute（科研院所）、intermediary（中介服务机构）、park_operator（园区运营机构）、government（政府部门）', 17),
        ('3%% > 1', '无法识别的字符“%”', 10),
        ('5万万 > 1', '多余的内容“万”，前面的表达式已经完整', 10),
        ('kind == ,', '这里不能出现“,”，应当是一个值', 16),
    ],
)  # fmt: skip
def test_a_slip_is_refused_at_its_column(expr, reason, column):
    with pytest.raises(RuleError) as e:
        rule(expr)
    assert (e.value.reason, e.value.column) == (reason, column)


FACTS = {
    "kind": "enterprise",
    "size": "small",
    "verified": False,
    "stats": {2025: {"revenue": 100, "employees": 10}},
}


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("kind == 'enterprise'", True),
        ("kind == “enterprise”", True),
        ("1 < 2 < 3 < 4", True),
        ("1 < 3 < 2", False),
        ("2 + 3 * 4 == 14", True),
        ("(2 + 3) * 4 == 20", True),
        ("10 - 4 - 3 == 3", True),
        ("12 / 3 / 2 == 2", True),
        ("-2 * -3 == 6", True),
        ('not verified and kind == "enterprise"', True),
        ('not (verified or kind == "enterprise")', False),
        ('verified or kind == "enterprise" and size == "large"', False),
        ('(verified or kind == "enterprise") and size == "small"', True),
        ('非 verified 且 kind ＝ "enterprise"', True),
        ('verified 或 size == "small"', True),
        ("stats[last_year].revenue ≥ 100 且 stats[last_year].revenue ≤ 100", True),
        (
            "stats[last_year].revenue ＞ 99 and stats[last_year].revenue ＜ 101 and stats[last_year].revenue ≠ 0",
            True,
        ),
        ("stats[last_year].employees >= 1.5万 or stats[last_year].employees == 10", True),
        ("0.5 + 0.25 == 75%", True),
        ("1亿 == 10000万", True),
        ("1.5万元 == 15000元", True),
        ("(1 if verified else 2) == 2", True),
        ('(1 if not verified else 2 if size == "small" else 3) == 1', True),
        ('size in ["small", "micro",]', True),
        ('designated("高新技术企业", on = today)', None),
    ],
)
def test_a_well_formed_rule_reads_as_written(expr, value):
    assert rule(expr).evaluate(FACTS, TODAY) is value
