import datetime as dt

import pytest

from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE
from kechuang.eligibility.compiler import Context, Definition, Duration, compile_condition
from kechuang.eligibility.errors import RuleError
from kechuang.eligibility.i18n import language
from kechuang.eligibility.syntax import SNum, parse

TODAY = dt.date(2026, 6, 30)


def compile_(text, **defs):
    ctx = Context(DEFAULT_CATALOGUE, TODAY, {k: Definition(k, v) for k, v in defs.items()})
    return compile_condition(text, ctx)


def refused(text, **defs):
    with pytest.raises(RuleError) as exc:
        compile_(text, **defs)
    return exc.value


@pytest.mark.parametrize(
    ("text", "value"),
    [("3%", "0.03"), ("5000万", "50000000"), ("2亿", "200000000"), ("1.5万元", "15000"), ("12", "12")],
)
def test_numbers_take_chinese_units(text, value):
    node = parse(text)
    assert isinstance(node, SNum)
    assert str(node.value.normalize()) == str(__import__("decimal").Decimal(value).normalize())


def test_full_width_operators_and_chinese_keywords_parse():
    compile_("stats[last_year].revenue ≥ 1000万 且 kind ＝ “enterprise”")
    compile_('非 (size == "large") 或 verified')


def test_unknown_fact_is_refused_with_position_and_suggestion():
    e = refused('kind == "enterprise" and revenu > 0')
    assert e.reason == "未知的事实或条件“revenu”，是不是“region”？" or e.reason.startswith(
        "未知的事实或条件“revenu”"
    )
    assert e.position == 25
    assert "^^^^^^" in str(e)


def test_stat_without_year_is_explained():
    e = refused("revenue > 0")
    assert e.reason == "“revenue”是年度统计数据，要写成 stats[年度].revenue，例如 stats[last_year].revenue"
    assert e.position == 0


def test_unknown_stat_field():
    e = refused("stats[last_year].rd_expense > 0")
    assert e.reason == "未知的年度统计字段“rd_expense”，是不是“rd_expenditure”？"
    assert e.position == 17


def test_missing_operand_reports_end_of_expression():
    e = refused("stats[last_year].revenue >=")
    assert e.reason == "这里缺少一个值，但表达式已经结束"
    assert e.position == 27


def test_unbalanced_parenthesis():
    e = refused("(stats[last_year].revenue > 0")
    assert e.reason == "这里应当是“)”，但表达式已经结束"


def test_unit_typo():
    e = refused("stats[last_year].revenue > 5000千")
    assert e.reason == "数字后面的“千”无法识别，单位只能是 %、万、亿、万元、亿元、元"
    assert e.position == 31


def test_type_mismatch():
    e = refused('stats[last_year].revenue > "大"')
    assert e.reason == "“>”两边类型不同：左边是数值，右边是文字"
    e = refused("founded_on > 5")
    assert e.reason == "“>”两边类型不同：左边是日期，右边是数值"


def test_enum_value_is_checked():
    e = refused('size == "tiny"')
    assert e.reason.startswith("“企业规模”没有取值“tiny”，可选：large（大型）")
    assert e.position == 8


def test_condition_required():
    e = refused("stats[last_year].revenue")
    assert e.reason == "这里需要一个条件（结果为真或假），实际是数值"


def test_date_arithmetic_only_on_constants():
    e = refused("founded_on + years(1) <= today")
    assert e.reason == "日期加减只能用于 today 或日期常量；比较企业日期时请把运算写在另一边"


OUT_OF_RANGE = "从{}起加减后的日期超出了可以计算的范围（公元1年至9999年）"


@pytest.mark.parametrize(
    ("duration", "start"),
    [
        (Duration(days=10**12), dt.date(2026, 6, 30)),  # timedelta overflow
        (Duration(years=-1), dt.date(1, 1, 1)),  # looped forever before: no day of year 0 exists
        (Duration(months=-1), dt.date(1, 1, 31)),
        (Duration(days=-1), dt.date(1, 1, 1)),
        (Duration(years=1), dt.date(9999, 12, 31)),
        (Duration(years=-(10**9)), dt.date(2026, 6, 30)),
    ],
)
def test_date_arithmetic_outside_the_calendar_is_an_error(duration, start):
    with pytest.raises(RuleError) as e:
        duration.apply(start)
    assert e.value.reason == OUT_OF_RANGE.format(f"{start.year}年{start.month}月{start.day}日")
    with language("en"), pytest.raises(RuleError) as e:
        duration.apply(start)
    assert e.value.reason == (
        f"the date computed from {start.isoformat()} is outside the range that can be computed (years 1 to 9999)"
    )


def test_date_arithmetic_reaches_the_calendar_ends_and_keeps_the_last_day_of_a_shorter_month():
    with pytest.raises(RuleError):
        Duration(days=1).apply(dt.date(9999, 12, 31))  # was an OverflowError
    assert Duration(years=1).apply(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert Duration(months=1).apply(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Duration(years=-1).apply(dt.date(2, 1, 1)) == dt.date(1, 1, 1)
    assert Duration(days=1).apply(dt.date(9999, 12, 30)) == dt.date(9999, 12, 31)


def test_a_rule_compiled_for_year_one_points_at_the_arithmetic():
    ctx = Context(DEFAULT_CATALOGUE, dt.date(1, 1, 1))
    text = "founded_on <= today - years(2)"
    with pytest.raises(RuleError) as e:
        compile_condition(text, ctx)
    assert e.value.reason == OUT_OF_RANGE.format("1年1月1日")
    assert text[e.value.span.start : e.value.span.end] == "today - years(2)"


def test_under_needs_hierarchical_fact():
    e = refused('kind under "220000"')
    assert e.reason == "“under”（属于）的左边只能是 region 或 industry 这类分级代码"


def test_unknown_function_and_designation():
    assert refused("foo(1) > 0").reason.startswith("未知的函数“foo”")
    assert refused('designated("高新企业")').reason == "未知的资质“高新企业”，是不是“高新技术企业”？"


def test_definition_cycle_is_refused():
    e = refused("a", a="b", b="a")
    assert "命名条件循环引用：a → b → a" in e.reason


def test_unexpected_character():
    e = refused("stats[last_year].revenue > 0 ; kind")
    assert e.reason == "无法识别的字符“;”"
    assert e.position == 29


def test_chained_comparison_is_a_range():
    node = compile_("100万 <= stats[last_year].revenue < 2亿")
    assert type(node).__name__ == "And"
