"""The engine's texts in Chinese (the default) and English: explanations, smallest changes, missing
facts, parse errors with line and column, the rule read aloud; and the catalogue itself."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from kechuang.eligibility import DEFAULT_CATALOGUE, RuleError, load_rule
from kechuang.eligibility.__main__ import main
from kechuang.eligibility.catalogue import DESIGNATION_KINDS
from kechuang.eligibility.describe import describe
from kechuang.eligibility.i18n import EN, MESSAGES, TERMS_EN, ZH, current, language, normalise, t
from kechuang.eligibility.source import parse_text
from kechuang.eligibility.tests.samples import HNTE_INCOME_TAX, SRDI, library, small_enterprise_facts

TODAY = dt.date(2026, 6, 30)
SHORT = {
    "kind": "enterprise",
    "size": "small",
    "founded_on": "2019-05-10",
    "stats": {2025: {"revenue": 20_000_000, "rd_expenditure": 800_000}},
}


def texts(step):  # type: ignore[no-untyped-def]
    yield step.text
    for c in step.children:
        yield from texts(c)


def test_chinese_is_the_default():
    assert current() == ZH
    result = load_rule(SRDI).explain(SHORT, TODAY)
    assert "（二）上年度研发费用总额不低于100万元：2025年研发费用 80万元，要求 ≥ 100万元" in list(
        texts(result.step)
    )
    assert [c.text for c in result.changes] == [
        "（二）上年度研发费用总额不低于100万元：2025年研发费用从 80万元 提高到 100万元"
    ]


def test_explanation_in_english_and_back():
    rule = load_rule(SRDI)
    result = rule.explain(SHORT, TODAY, lang="en")
    lines = list(texts(result.step))
    assert (
        "（二）上年度研发费用总额不低于100万元: 2025 R&D expenditure ¥800,000, required ≥ ¥1 million" in lines
    )
    assert "主体为企业: Organization type Enterprise, required = Enterprise" in lines
    assert lines[0] == "专精特新中小企业认定（量化条件预审） (5 of 6 met)"
    assert [c.text for c in result.changes] == [
        "（二）上年度研发费用总额不低于100万元: raise 2025 R&D expenditure from ¥800,000 to ¥1 million"
    ]
    # the language is only changed for that call; the rule's compiled labels are kept per language
    assert current() == ZH
    again = rule.explain(SHORT, TODAY)
    assert "（二）上年度研发费用总额不低于100万元：2025年研发费用 80万元，要求 ≥ 100万元" in list(
        texts(again.step)
    )


def test_missing_facts_and_fixed_conditions_in_english():
    rule = load_rule(SRDI)
    result = rule.explain({"kind": "enterprise"}, TODAY, lang="en")
    assert result.status == "unknown"
    assert set(result.missing.values()) == {
        "Enterprise size",
        "Founding date",
        "2025 R&D expenditure",
        "2025 revenue",
    }
    young = dict(
        SHORT, founded_on="2025-01-10", stats={2025: {"revenue": 20_000_000, "rd_expenditure": 1_500_000}}
    )
    with language("en"):
        result = rule.explain(young, TODAY)
        assert result.changes is not None
        assert [c.text for c in result.changes] == [
            "（一）从事特定细分市场时间达到2年以上: Founding date must be on or before 2024-06-30"
        ]
        rendered = result.render()
    assert "why not (the enterprise cannot change this):" in rendered and "to qualify:" not in rendered


def test_designations_in_both_languages():
    rule = load_rule(HNTE_INCOME_TAX)
    facts = {"kind": "enterprise", "designations": []}
    zh = rule.explain(facts, TODAY)
    en = rule.explain(facts, TODAY, lang="en")
    assert any("未取得高新技术企业资质" in t for t in texts(zh.step))
    assert any("not designated High and New Technology Enterprise" in t for t in texts(en.step))


@pytest.mark.parametrize(
    ("lang", "reason", "rendered"),
    [
        (ZH, "未知的年度统计字段“revenu”，是不是“revenue”？", "rule.all[5]（第31行）：第 18 个字符处："),
        (
            EN,
            "unknown yearly statistic “revenu”, did you mean “revenue”?",
            "rule.all[5] (line 31): at character 18: ",
        ),
    ],
)
def test_parse_errors_in_both_languages_with_line_and_column(lang, reason, rendered):
    text = SRDI.read_text(encoding="utf-8").replace(
        "stats[last_year].revenue >= 1000万", "stats[last_year].revenu >= 1000万"
    )
    with language(lang), pytest.raises(RuleError) as exc:
        parse_text(text, library=library())
    err = exc.value
    assert err.reason == reason
    line = text.splitlines()[err.line - 1]
    assert line[err.column - 1 :].startswith("revenu >=")
    assert err.line == 32 and rendered in str(err)


@pytest.mark.parametrize(
    ("snippet", "pointed"),
    [
        ('    - kind == "enterprize"', '"enterprize"'),  # plain scalar in a list
        ("    - when: 'kind == \"enterprize\"'", '"enterprize"'),  # single-quoted scalar
        (
            '    - when: |\n        kind == "enterprise"\n          and size == "hugе"',
            '"hugе"',
        ),  # block literal, line 2
    ],
)
def test_the_column_points_at_the_offending_text(snippet, pointed):
    text = f"id: x\ntitle: t\nsource: {{document: d}}\nrule:\n  all:\n{snippet}\n"
    with pytest.raises(RuleError) as exc:
        parse_text(text, library={})
    err = exc.value
    assert text.splitlines()[err.line - 1][err.column - 1 :].startswith(pointed), (
        err.line,
        err.column,
        str(err),
    )


def test_yaml_errors_say_where_in_chinese_and_english():
    text = "id: x\ntitle: t\nrule:\n\t- kind == 'enterprise'\n"
    with pytest.raises(RuleError) as exc:
        parse_text(text)
    assert (exc.value.line, exc.value.column) == (4, 1)
    assert exc.value.reason == "不能用制表符（Tab）缩进，请用空格"
    with language("en-us"), pytest.raises(RuleError) as exc:
        parse_text(text)
    assert exc.value.reason == "tabs cannot be used for indentation, use spaces"
    assert str(exc.value).startswith("line 4, column 1: ")


def test_describe_reads_the_rule_in_both_languages():
    rule = load_rule(SRDI)
    zh = describe(rule.compile(TODAY)).render()
    assert "- 以下条件须全部满足" in zh
    assert (
        "属于中小企业（按《中小企业划型标准规定》划型为中型、小型或微型）：企业规模 为 中型、小型、微型 之一"
        in zh
    )
    with language("en"):
        en = describe(rule.compile(TODAY)).render()
    assert "- all of the following" in en
    assert "（二）上年度研发费用总额不低于100万元: 2025 R&D expenditure ≥ ¥1 million" in en


def test_every_message_has_both_languages_with_the_same_placeholders():
    fields = string.Formatter()
    for key, (zh, en) in MESSAGES.items():
        assert zh and en, key
        names_zh = {f for _, f, _, _ in fields.parse(zh) if f}
        names_en = {f for _, f, _, _ in fields.parse(en) if f}
        assert names_zh == names_en, key


def test_a_message_without_placeholders_shows_a_brace_once():
    assert t("yaml.unclosed_brace") == "花括号“{”没有闭合，或各项之间缺少逗号"
    with language(EN):
        assert t("rule.define") == "a named condition is an expression, or {label: …, expr: …}"


def test_every_catalogue_term_has_an_english_label():
    terms = [f.label for f in DEFAULT_CATALOGUE.facts + DEFAULT_CATALOGUE.stats]
    terms += [label for f in DEFAULT_CATALOGUE.facts for label in f.choices.values()]
    terms += sorted(DESIGNATION_KINDS)
    assert [t for t in terms if t not in TERMS_EN] == []


def test_language_names():
    assert normalise("en") == normalise("en-GB") == normalise("en_us") == EN
    assert normalise("zh-hans") == normalise(None) == normalise("fr") == ZH


def test_cli_check_in_english(tmp_path, capsys):
    facts = small_enterprise_facts(tmp_path)
    args = [
        "check",
        "--rule",
        str(SRDI),
        "--facts",
        str(facts),
        "--today",
        "2026-06-30",
        "--lang",
        "en",
    ]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert (
        "专精特新中小企业认定（量化条件预审）: not eligible (under 《优质中小企业梯度培育管理暂行办法》"
        in out
    )
    assert "raise 2025 R&D expenditure from ¥800,000 to ¥1 million" in out
    assert current() == ZH


def test_a_rule_written_as_json_points_at_its_errors_too():
    text = (
        "{\n"
        '  "id": "x", "title": "t", "source": {"document": "d"},\n'
        '  "rule": {"all": [\n'
        '    "kind == \\"enterprise\\"",\n'
        '    {"label": "研发", "when": "stats[last_year].rd_expenditur >= 100万"}\n'
        "  ]}\n"
        "}\n"
    )
    with pytest.raises(RuleError) as exc:
        parse_text(text, library={})
    err = exc.value
    line = text.splitlines()[4]
    assert (err.line, err.column) == (5, line.index("rd_expenditur") + 1)
    assert parse_text(text.replace("rd_expenditur ", "rd_expenditure "), library={}).id == "x"
