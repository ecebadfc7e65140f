"""Cleaning numbers typed by people: one set of rules and messages for every app.

Amounts are in 元 and arrive from forms, the API and Excel as text or numbers.  Thousands separators
(``1,000`` or the full-width ``1，000``) and full-width digits are accepted; negatives, non-numbers and
absurd magnitudes are refused with a message naming the field.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError

# Above this an amount is a unit mistake (万元 typed as 元 × 10⁴ twice, extra zeros), not a figure.
MONEY_MAX = Decimal("1e13")


def clean_money(value: Any, *, field: str, label: str | Promise) -> Decimal | None:
    """An amount in 元 rounded to the fen, or None when nothing was given.

    >>> clean_money("1，000.5", field="amount", label="金额")
    Decimal('1000.50')
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ApplicationError(
            _("%(label)s必须是数字。") % {"label": label}, extra={"field": field}
        ) from None
    if not amount.is_finite():
        raise ApplicationError(_("%(label)s必须是数字。") % {"label": label}, extra={"field": field})
    if amount < 0:
        raise ApplicationError(_("%(label)s不能为负数。") % {"label": label}, extra={"field": field})
    if amount > MONEY_MAX:
        raise ApplicationError(
            _("%(label)s数值过大（超过10万亿元），请检查单位是否为元。") % {"label": label},
            extra={"field": field},
        )
    if amount.is_zero():
        amount = Decimal(0)  # "-0" is zero, not "-0.00" (a negative zero would show as such)
    return amount.quantize(Decimal("0.01"))
