"""Rule guarded: values are shown the way officials write them (:mod:`kechuang.eligibility.format`) —
亿元 from 1亿 on with four places, 万元 from 1万 on with two, 元 below; percentages with two places;
counts whole; rounding half up; trailing zeros dropped; in English ¥ with thousands separators and
“million” from ¥1 million on; and two different numbers never shown alike (3.9999998% is not “4%”)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility.format import OP_SYMBOL, fmt_apart, fmt_date, fmt_value
from kechuang.eligibility.i18n import language

D = Decimal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("100000000"), "1亿元"),  # the 亿 unit from exactly 1亿 on
        (D("99999999"), "10000万元"),  # just below 1亿: 万元, rounded
        (D("123456789"), "1.2346亿元"),  # four places, half up
        (D("-250000000"), "-2.5亿元"),  # a loss in 亿
        (D("10000"), "1万元"),  # the 万 unit from exactly 1万 on
        (D("9999"), "9999元"),
        (D("-20000"), "-2万元"),
        (D("12345"), "1.23万元"),
        (D("12355"), "1.24万元"),  # 1.2355 → half up
        (D("0.5"), "0.5元"),
        (D("0.125"), "0.13元"),
        (D("0"), "0元"),
        (D("1200.00"), "1200元"),  # trailing zeros and the point dropped
    ],
)
def test_money_in_chinese_units(value, shown):
    assert fmt_value(value, "money") == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("1000000"), "¥1 million"),
        (D("-1000000"), "¥-1 million"),
        (D("1234567"), "¥1.2346 million"),
        (D("999999"), "¥999,999"),
        (D("1234.5"), "¥1,234.5"),
        (D("1234.567"), "¥1,234.57"),
        (D("850"), "¥850"),
    ],
)
def test_money_in_english(value, shown):
    with language("en"):
        assert fmt_value(value, "money") == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (D("0.0283"), "percent", "2.83%"),
        (D("0.04"), "percent", "4%"),
        (D("0.000049"), "percent", "0%"),
        (D("0.000051"), "percent", "0.01%"),  # half up at the second place
        (D("0.00005"), "percent", "0.01%"),  # exactly half: up
        (D("12.5"), "count", "13"),
        (D("12.4"), "count", "12"),
        (D("3.14159"), "", "3.1416"),  # a plain number: four places
        (7, "", "7"),
        (0.5, "", "0.5"),
        (D("-0.00004"), "", "-0"),
    ],
)
def test_percent_count_and_plain_numbers(value, fmt, shown):
    assert fmt_value(value, fmt) == shown


def test_extra_places_only_where_asked():
    assert fmt_value(D("0.039999983"), "percent", extra=4) == "3.999998%"
    assert fmt_value(D("7999999"), "money", extra=2) == "799.9999万元"
    assert fmt_value(D("123456789"), "money", extra=2) == "1.234568亿元"
    assert fmt_value(D("999.999"), "money", extra=1) == "999.999元"
    assert fmt_value(D("1.23456"), "", extra=1) == "1.23456"


def test_other_values():
    assert fmt_value(None) == "（缺少数据）"
    assert fmt_value(True) == "是" and fmt_value(False) == "否"
    assert fmt_value(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert fmt_value("C3311", labels={"C3311": "金属结构制造"}) == "金属结构制造（C3311）"
    assert fmt_value("C3311", labels={"C3312": "x"}) == "C3311"
    assert fmt_value("C3311") == "C3311"
    with language("en"):
        assert fmt_value(None) == "(no data)"
        assert fmt_value(True) == "yes" and fmt_value(False) == "no"
        assert fmt_date(dt.date(2026, 1, 5)) == "2026-01-05"
        assert fmt_value("C3311", labels={"C3311": "x"}) == "x (C3311)"


def test_two_different_numbers_are_never_shown_alike():
    assert fmt_apart(D("0.039999998"), D("0.04"), "percent") == ("3.9999998%", "4%")
    assert fmt_apart(D("0.0399"), D("0.04"), "percent") == ("3.99%", "4%")  # already apart: as they are
    assert fmt_apart(D("7999999"), D("8000000"), "money") == ("799.9999万元", "800万元")
    assert fmt_apart(D("0.04"), D("0.04"), "percent") == ("4%", "4%")  # equal numbers stay equal
    assert fmt_apart(4, D("4.000000001")) == ("4", "4.000000001")
    assert fmt_apart(D("4.0000000000001"), 4) == ("4", "4")  # beyond eight extra places: as close as shown
    assert fmt_apart("a", "a") == ("a", "a")
    assert fmt_apart(0.04, D("0.04")) == ("0.04", "0.04")  # a float is not compared digit by digit
    assert fmt_apart(D("0.04"), 0.04) == ("0.04", "0.04")
    assert fmt_apart(D("1.00001"), D("1")) == ("1.00001", "1")
    assert fmt_apart(D("1.0000001"), D("1")) == ("1.0000001", "1")


def test_the_comparison_symbols_are_full_width():
    assert OP_SYMBOL == {"==": "=", "!=": "≠", "<": "＜", "<=": "≤", ">": "＞", ">=": "≥"}
