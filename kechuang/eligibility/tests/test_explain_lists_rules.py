"""Rule guarded: a list condition shows the current value and the allowed ones as people know them — codes
with their names, choices by their labels, numbers as numbers — and lists the missing fact
(:meth:`kechuang.eligibility.explain.Explainer.s_InList`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility import parse_text

TODAY = dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("expr", "facts", "shown", "actual", "required", "missing"),
    [
        ('region in ["220102", "220104"]', {"region": "220104", "labels": {"220102": "朝阳区", "220104": "绿园区"}},
         "✓ 所在地区 绿园区（220104），要求为 朝阳区（220102）、绿园区（220104） 之一", "220104", ["220102", "220104"], {}),
        ("stats[last_year].employees in [10, 20]", {"stats": {2025: {"employees": 15}}},
         "✗ 2025年从业人员数 15，要求为 10、20 之一", Decimal(15), [Decimal(10), Decimal(20)], {}),
        ('region not in ["220102"]', {}, "？ 所在地区 （缺少数据），不得为 220102 之一", None, ["220102"],
         {"region": "所在地区"}),
        ('size in ["small"]', {"size": "small"}, "✓ 企业规模 小型，要求为 小型", "small", ["small"], {}),
    ],
)  # fmt: skip
def test_a_list_condition_as_people_read_it(expr, facts, shown, actual, required, missing):
    step = (
        parse_text("id: r\ntitle: t\nsource: {document: d}\nrule: '" + expr + "'").explain(facts, TODAY).step
    )
    assert step.render() == shown
    assert (step.actual, step.required, step.missing) == (actual, required, missing)
    assert step.label == shown.split(" ")[1]
