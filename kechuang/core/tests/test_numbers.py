"""One money cleaner for every app: thousands separators and full-width digits are accepted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,000", Decimal("1000.00")),
        ("1，000.5", Decimal("1000.50")),
        ("１２３４", Decimal("1234.00")),
        (" 12.346 ", Decimal("12.35")),
        (2500, Decimal("2500.00")),
        (Decimal("0"), Decimal("0.00")),
        (None, None),
        ("", None),
        ("   ", None),
    ],
)
def test_accepted(value, expected):
    assert clean_money(value, field="amount", label="金额") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "金额不能为负数。"),
        ("－5", "金额不能为负数。"),
        ("abc", "金额必须是数字。"),
        ("NaN", "金额必须是数字。"),
        ("1e14", "金额数值过大（超过10万亿元），请检查单位是否为元。"),
    ],
)
def test_refused_with_the_field_named(value, message):
    with pytest.raises(ApplicationError) as exc:
        clean_money(value, field="amount", label="金额")
    assert (exc.value.message, exc.value.extra) == (message, {"field": "amount"})
