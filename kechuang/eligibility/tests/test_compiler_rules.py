"""Rule guarded: a rule an officer writes is checked before it is used (:mod:`kechuang.eligibility.compiler`)
— every mistake is refused with the column where it is and a Chinese reason saying what is wrong and what to
write instead; a correct rule computes what it says (units 万/亿/%, 且/或/非 and full-width operators, ranges,
dates folded for the application date, yearly statistics by year, the functions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.compiler import Duration, normalise_code

TODAY = dt.date(2026, 6, 30)


def compile_rule(expr: str):  # type: ignore[no-untyped-def]
    return parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: '" + expr.replace("'", "''") + "'")


@pytest.mark.parametrize(
    ("expr", "reason", "column"),
    [
        ('stats[last_year].revenue', '这里需要一个条件（结果为真或假），实际是数值', 8),
        ('size in [kind, "small"]', '列表里只能写常量（数字、文字或日期）', 17),
        ('stats.revenue > 1', '只有 stats[年度].字段 这种写法可以使用“.”', 8),
        ('revenue > 1', '“revenue”是年度统计数据，要写成 stats[年度].revenue，例如 stats[last_year].revenue', 8),
        ('revenu > 1', '未知的事实或条件“revenu”', 8),
        ('stats[last_year].revenu > 1', '未知的年度统计字段“revenu”，是不是“revenue”？', 25),
        ('kind.revenue > 1', '只有 stats[年度].字段 这种写法可以使用“.”', 8),
        ('stats["x"].revenue > 1', '年度应写成 last_year、last_year - 1 或具体年份（如 2024）', 14),
        ('stats[last_year] > 1', 'stats[年度] 后面还要写字段，例如 .revenue', 24),
        ('kind[2025] > 1', '只有 stats 可以用 [年度] 取值', 8),
        ('-kind == 1', '负号只能用于数值，这里是文字', 8),
        ('today + 1 > today', '“+”两边都必须是数值，这里是日期', 8),
        ('kind + 1 > 1', '“+”两边都必须是数值，这里是文字', 8),
        ('[1, 2] > 1', '不能比较列表', 8),
        ('kind > 1', '“>”两边类型不同：左边是文字，右边是数值', 8),
        ('kind < "enterprise"', '文字只能用 == 或 != 比较', 13),
        ('kind == "firm"', '“主体类型”没有取值“firm”，可选：enterprise（企业）、university（高等院校）、institute（科研院所）、intermediary（中介服务机构）、park_operator（园区运营机构）、government（政府部门）', 16),
        ('kind in "enterprise"', '“in”后面应当是一个列表，例如 ["small", "micro"]', 16),
        ('verified in [true]', '列表里只能写常量（数字、文字或日期）', 21),
        ('kind in ["enterprise", 1]', '列表里的值应当是文字，这里是数值', 31),
        ('kind in []', '列表不能为空', 16),
        ('kind under "220000"', '“under”（属于）的左边只能是 region 或 industry 这类分级代码', 8),
        ('region under 220000', '“under”（属于）的右边应当是代码文字，例如 "220000"', 21),
        ('region under ""', '代码不能为空', 21),
        ('(1 if verified else "a") > 0', '“if … else …”两个分支类型必须相同：数值 与 文字', 9),
        ('foo(1) > 0', '未知的函数“foo”，可用：date、years、months、days、designated、known、min、max、sum_years、sum_operating_years、growth', 8),
        ('years(1, 2) > years(1)', '函数“years”需要 1 个参数，实际 2 个', 8),
        ('designated("高新技术企业", at=today)', '函数“designated”没有参数“at”', 32),
        ('date(1) > today', 'date() 的参数应当是 "YYYY-MM-DD" 形式的文字', 13),
        ('date("2026-13-01") > today', '日期“2026-13-01”不正确，应当是 YYYY-MM-DD', 13),
        ('date("0001-01-01") - days(1) < today', '从1年1月1日起加减后的日期超出了可以计算的范围（公元1年至9999年）', 8),
        ('years(kind) > years(1)', 'years() 的参数必须是整数常量', 14),
        ('designated(kind)', 'designated() 的参数应当是资质名称，例如 "高新技术企业"', 19),
        ('designated("高企")', '未知的资质“高企”，是不是“高新技术企业”？', 19),
        ('designated("高新技术企业", on=1)', 'on= 应当是日期，例如 today - years(1)', 32),
        ('min(1) > 0', 'min() 至少需要两个参数', 8),
        ('min(kind, 1) > 0', 'min() 的参数必须是数值', 12),
        ('sum_years(1, 3) > 0', '这里应当是年度统计字段名，例如 rd_expenditure', 18),
        ('sum_years(revenue, 11) > 0', '年数应当是 1 到 10 的整数', 27),
        ('sum_operating_years(revenue, 0) > 0', '年数应当是 1 到 10 的整数', 37),
        ('stats[last_year].revenue + kind > 1', '“+”两边都必须是数值，这里是文字', 35),
        ('growth(kind) > 0', '这里应当是年度统计字段名，例如 rd_expenditure', 15),
        ('today > 1', '“>”两边类型不同：左边是日期，右边是数值', 8),
        ('kind == 1', '“==”两边类型不同：左边是文字，右边是数值', 8),
    ],
)  # fmt: skip
def test_a_wrong_rule_is_refused_where_it_is_wrong(expr, reason, column):
    with pytest.raises(RuleError) as e:
        compile_rule(expr)
    assert (e.value.reason, e.value.column) == (reason, column)


FACTS = {
    "kind": "enterprise",
    "size": "small",
    "region": "220102",
    "industry": "C3311",
    "founded_on": "2024-06-30",
    "verified": True,
    "designations": [{"kind": "高新技术企业", "valid_from": "2023-01-01", "valid_to": "2025-12-31"}],
    "stats": {
        2023: {"revenue": 80000000},
        2024: {"revenue": 100000000, "rd_expenditure": 2000000},
        2025: {"revenue": 150000000, "rd_expenditure": 4500000, "employees": 120},
    },
}


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("stats[last_year].rd_expenditure / stats[last_year].revenue >= 3%", True),
        ("stats[last_year].rd_expenditure / stats[last_year].revenue > 3%", False),
        ("stats[last_year].revenue >= 1.5亿", True),
        ("stats[last_year].revenue > 15000万", False),
        ("stats[last_year].rd_expenditure == 450万元", True),
        ("stats[last_year].rd_expenditure ≥ 450万 且 stats[last_year].revenue ＜ 2亿", True),
        ('stats[last_year].revenue ≤ 1亿 或 size ＝ "small"', True),
        ('非 (size ≠ "small")', True),
        ("not verified", False),
        ("verified", True),
        ("1亿 <= stats[last_year].revenue < 2亿", True),
        ("1亿 < stats[last_year - 1].revenue <= 2亿", False),
        ("stats[2023].revenue == 8000万", True),
        ("stats[last_year - 2].revenue == 8000万", True),
        ("founded_on <= today - years(2)", True),
        ("founded_on <= today - years(2) + days(-1)", False),
        ("founded_on < today - months(24)", False),
        ('founded_on == date("2024-06-30")', True),
        ('founded_on >= date("2024-07-01") - days(1)', True),
        ('designated("高新技术企业")', False),
        ('designated("高新技术企业", on=today - years(1))', True),
        ('designated("高新技术企业", on=date("2025-12-31"))', True),
        ('designated("高新技术企业", on=date("2026-01-01"))', False),
        ('industry under "C"', True),
        ('industry under "C33"', True),
        ('industry under "33"', True),
        ('industry under "C3312"', False),
        ('region under "220000"', True),
        ('region 属于 "220100"', True),
        ('region under "410000"', False),
        ('size in ["small", "micro"]', True),
        ('size not in ["small", "micro"]', False),
        ("known(stats[last_year].employees)", True),
        ("known(stats[last_year].rd_staff)", False),
        ("stats[last_year].rd_staff >= 1", None),
        ("min(stats[last_year].revenue, stats[last_year - 1].revenue) == 1亿", True),
        ("max(stats[last_year].revenue, stats[last_year - 1].revenue, 1) == 1.5亿", True),
        ("growth(revenue) == 50%", True),
        ("sum_years(revenue, 3) == 3.3亿", True),
        ("sum_years(rd_expenditure, 2) == 650万", True),
        ("sum_years(rd_expenditure, 3) > 0", None),
        ("sum_operating_years(revenue, 3) == 2.5亿", True),
        ("(5% if stats[last_year].revenue <= 5000万 else 3%) == 3%", True),
        ("-stats[last_year].employees == -120", True),
        ("stats[last_year].employees * 2 - 40 == 200", True),
        ("stats[last_year].employees / 0 > 1", None),
        ("stats[last_year].employees + stats[last_year].rd_staff > 1", None),
        ('kind == "enterprise" and stats[last_year].rd_staff > 1', None),
        ('kind == "university" and stats[last_year].rd_staff > 1', False),
        ('kind == "enterprise" or stats[last_year].rd_staff > 1', True),
    ],
)
def test_a_correct_rule_computes_what_it_says(expr, value):
    assert compile_rule(expr).evaluate(FACTS, TODAY) is value


@pytest.mark.parametrize(
    ("fact", "code", "stored"),
    [("industry", "C3311", "3311"), ("industry", " c33 ", "33"), ("industry", "C", "C"), ("industry", "3311", "3311"),
     ("industry", "X12", "X12"), ("region", "220102", "220102"), ("region", " ab ", "AB")],
)  # fmt: skip
def test_codes_are_stored_without_their_section_letter(fact, code, stored):
    assert normalise_code(fact, code) == stored


@pytest.mark.parametrize(
    ("duration", "day", "moved"),
    [
        (Duration(years=1), dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # 29 February + 1 year
        (Duration(years=-1), dt.date(2024, 2, 29), dt.date(2023, 2, 28)),
        (Duration(months=1), dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (Duration(months=-13), dt.date(2026, 1, 15), dt.date(2024, 12, 15)),
        (Duration(days=365), dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
        (Duration(years=1, months=1, days=1), dt.date(2025, 12, 31), dt.date(2027, 2, 1)),
        (Duration(years=2).neg(), dt.date(2026, 6, 30), dt.date(2024, 6, 30)),
    ],
)
def test_date_arithmetic_is_calendar_arithmetic(duration, day, moved):
    assert duration.apply(day) == moved


def test_date_arithmetic_outside_the_calendar_is_refused():
    for duration, day in ((Duration(years=-1), dt.date(1, 6, 1)), (Duration(days=1), dt.date(9999, 12, 31)),
                          (Duration(months=1), dt.date(9999, 12, 1))):  # fmt: skip
        with pytest.raises(RuleError) as e:
            duration.apply(day)
        assert "超出了可以计算的范围（公元1年至9999年）" in e.value.reason


def test_dates_and_years_are_folded_for_the_application_date():
    rule = compile_rule("founded_on <= today - years(1) and stats[last_year].revenue > 0")
    tree = rule.compile(TODAY)
    assert tree.items[0].right.value == dt.date(2025, 6, 30)
    assert tree.items[1].left.year == 2025
    assert rule.compile(dt.date(2027, 1, 1)).items[1].left.year == 2026
    assert isinstance(tree.items[0].right.value, dt.date) and tree.items[1].right.value == Decimal(0)
