"""Showing values the way Chinese officials write them: 万元, percentages, 2026年11月26日 (and, in English,
¥1.5 million and 2026-11-26: see :mod:`.i18n`)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .i18n import EN, current, t

OP_SYMBOL = {"==": "=", "!=": "≠", "<": "＜", "<=": "≤", ">": "＞", ">=": "≥"}


def _trim(d: Decimal, places: int = 2) -> str:
    q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    s = f"{q:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_date(d: dt.date) -> str:
    if current() == EN:
        return d.isoformat()
    return f"{d.year}年{d.month}月{d.day}日"


def _money_en(d: Decimal) -> str:
    if abs(d) >= Decimal(10**6):
        return "¥" + _trim(d / Decimal(10**6), 4) + " million"
    whole = _trim(d)
    head, _, tail = whole.partition(".")
    return "¥" + f"{int(head):,}" + (f".{tail}" if tail else "")


def fmt_apart(a: Any, b: Any, fmt: str = "") -> tuple[str, str]:
    """Two different numbers shown so that they look different: 3.9999998% and 4% are not both “4%”
    (a failed comparison showing the value equal to the threshold reads as a contradiction)."""
    sa, sb = fmt_value(a, fmt), fmt_value(b, fmt)
    if sa != sb or not isinstance(a, Decimal | int) or not isinstance(b, Decimal | int) or a == b:
        return sa, sb
    for extra in (2, 4, 6, 8):
        sa, sb = fmt_value(a, fmt, extra=extra), fmt_value(b, fmt, extra=extra)
        if sa != sb:
            break
    return sa, sb


def fmt_value(v: Any, fmt: str = "", labels: dict[str, str] | None = None, *, extra: int = 0) -> str:
    if v is None:
        return t("value.missing")
    if isinstance(v, bool):
        return t("value.yes") if v else t("value.no")
    if isinstance(v, dt.date):
        return fmt_date(v)
    if isinstance(v, Decimal | int | float):
        d = Decimal(str(v))
        if fmt == "percent":
            return _trim(d * 100, 2 + extra) + "%"
        if fmt == "money":
            if current() == EN:
                return _money_en(d)
            if abs(d) >= Decimal(10**8):
                return _trim(d / Decimal(10**8), 4 + extra) + "亿元"
            if abs(d) >= 10000:
                return _trim(d / 10000, 2 + extra) + "万元"
            return _trim(d, 2 + extra) + "元"
        if fmt == "count":
            return _trim(d, 0)
        return _trim(d, 4 + extra)
    s = str(v)
    if labels and s in labels:
        return t("value.labelled", label=labels[s], code=s)
    return s
