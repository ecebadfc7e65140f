"""Rule guarded: a mistake inside a rule text is placed at its line and column in the text the officer
wrote — double-, single- and unquoted expressions, literal blocks, list items, named conditions, an
amount formula, a wrong key or value (:func:`kechuang.eligibility.source.locate`); a date the calendar
refuses is a refusal in Chinese, never a crash."""

from __future__ import annotations

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.rules import read_yaml


@pytest.mark.parametrize(
    ("text", "line", "column", "where"),
    [
        ('id: r\ntitle: t\nsource: {document: d}\nrule: "stats[last_year].revenu > 1"\n', 4, 25, 'rule'),
        ("id: r\ntitle: t\nsource: {document: d}\nrule: 'stats[last_year].revenu > 1'\n", 4, 25, 'rule'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: stats[last_year].revenu > 1\n', 4, 24, 'rule'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: |\n  kind == "enterprise" and\n    stats[last_year].revenu > 1\n', 6, 22, 'rule'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule:\n  any:\n    - kind == "enterprise"\n    - label: x\n      when: stats[last_year].revenu > 1\n', 8, 30, 'rule.any[1]（第7行）'),
        ("id: r\ntitle: t\nsource: {document: d}\ndefine:\n  a: {label: A, expr: 'revenu > 1'}\nrule: {use: a}\n", 5, 24, 'define.a'),
        ('id: r\ntitle: t\nsource: {document: d}\nbenefit: {amount: \'stats[last_year].revenu * 2\'}\nrule: \'kind == "enterprise"\'\n', 4, 37, ''),
        ('id: r\ntitle: t\nsource: {document: d}\nrule: \'kind == "enterprise"\'\nfoo: 1\n', 5, 6, 'foo'),
        ('id: r\ntitle: t\nsource: {document: d}\nmode: x\nrule: \'kind == "enterprise"\'\n', 4, 7, 'mode'),
        ("id: r\ntitle: t\nsource: {document: d}\nrule:\n  not: 'revenu > 1'\n", 5, 9, 'rule.not'),
        ('id: r\ntitle: t\nsource: {document: d}\nrule:\n  all:\n    - {foo: 1}\n', 6, 7, 'rule.all[0]（第6行）'),
    ],
)  # fmt: skip
def test_a_mistake_is_placed_where_the_officer_wrote_it(text, line, column, where):
    with pytest.raises(RuleError) as e:
        parse_text(text)
    assert (e.value.line, e.value.column, e.value.where) == (line, column, where)


def test_a_date_the_calendar_refuses_is_refused_not_a_crash(tmp_path):
    text = "id: r\ntitle: t\nsource: {document: d}\neffective: {from: 2026-13-01}\nrule: 'kind == \"enterprise\"'\n"
    with pytest.raises(RuleError) as e:
        parse_text(text)
    assert e.value.reason == "日期不正确（月份或日期超出范围），应当是 YYYY-MM-DD"
    path = tmp_path / "r.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RuleError) as e:
        read_yaml(path)
    assert (e.value.reason, e.value.file) == (
        "日期不正确（月份或日期超出范围），应当是 YYYY-MM-DD",
        str(path),
    )
