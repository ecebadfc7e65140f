"""Rules of the rule files, the what-if, the rule read aloud, the coverage check and the catalogue terms
found unguarded by the mutation run (issue 19, ``benchmarks/mutation.py eligibility_rules eligibility_whatif
eligibility_describe eligibility_coverage eligibility_i18n --together``); each test names its rule."""

from __future__ import annotations

import datetime as dt

from kechuang.eligibility import nodes as n
from kechuang.eligibility import parse_text
from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
from kechuang.eligibility.coverage import gaps, seen
from kechuang.eligibility.describe import describe
from kechuang.eligibility.i18n import language, term
from kechuang.eligibility.whatif import thresholds

TODAY = dt.date(2026, 6, 30)
HEAD = "id: r\ntitle: t\nsource: {document: d}\n"


def rule(expr: str, head: str = HEAD):  # type: ignore[no-untyped-def]
    return parse_text(head + "rule: '" + expr.replace("'", "''") + "'")


# --- rule files --------------------------------------------------------------------------------------


def test_a_benefit_without_text_is_empty_text():
    """Rule: a rule's benefit text is text — empty when the file gives none (the measure's 优惠内容 is
    copied from it and cut to 300 characters, never missing)."""
    assert rule('kind == "enterprise"').benefit_text == ""
    with_text = parse_text(HEAD + "benefit: {type: subsidy, text: 研发补助}\nrule: 'verified'")
    assert with_text.benefit_text == "研发补助"
    assert parse_text(HEAD + "benefit: {type: subsidy}\nrule: 'verified'").benefit_text == ""


def test_a_named_values_format_is_how_its_values_are_shown():
    """Rule: ``format:`` of a named value (``define: {x: {expr: …, format: percent}}``) sets how the value is
    shown wherever it is used."""
    text = (
        HEAD
        + "define:\n  比例: {label: 研发占比, expr: 'stats[last_year].employees / 100', format: percent}\n"
    )
    tree = parse_text(text + "rule: '比例 >= 0.1'").compile(TODAY)
    assert isinstance(tree, n.Compare) and isinstance(tree.left, n.Ref)
    assert (tree.left.label, tree.left.fmt) == ("研发占比", "percent")
    plain = parse_text(
        HEAD + "define:\n  比例: {expr: 'stats[last_year].employees / 100'}\nrule: '比例 >= 0.1'"
    )
    assert plain.compile(TODAY).left.fmt == ""  # type: ignore[attr-defined]  # its own: count ÷ number has none


def test_a_case_knows_the_line_it_is_written_on():
    """Rule: each scenario case carries its line in the rule file, so a failing case is found at once."""
    text = HEAD + (
        "cases_today: 2026-06-30\nrule: 'verified'\ncases:\n"
        "  - name: 甲\n    facts: {verified: true}\n    expected: eligible\n"
        "  - name: 乙\n    facts: {verified: false}\n    expected: ineligible\n"
    )
    assert [(c.name, c.line) for c in parse_text(text).cases()] == [("甲", 7), ("乙", 10)]


# --- what-if -------------------------------------------------------------------------------------------


def test_a_threshold_shared_by_a_named_condition_is_listed_once_and_the_rest_still_follow():
    """Rule: a named condition used in several places is one threshold (changing it changes every use),
    and the thresholds written after its second use are still listed."""
    text = HEAD + (
        "define:\n  规模: 'stats[last_year].employees >= 10'\n"
        "rule:\n  all:\n    - 规模\n    - any: [规模, 'kind == \"enterprise\"']\n"
        "    - 'stats[last_year].revenue >= 100万'\n"
    )
    got = [(t.index, t.label, t.op, t.value) for t in thresholds(parse_text(text).compile(TODAY))]
    assert got == [(0, "2025年从业人员数", ">=", 10), (1, "2025年营业收入", ">=", 1000000)]


# --- the rule read aloud -------------------------------------------------------------------------------


def test_a_designation_reads_as_holding_it_even_without_a_label():
    """Rule: ``designated(kind)`` reads “具有<kind>资质” (“holds the … designation”), label or not."""
    node = n.Designated("高新技术企业", TODAY)
    assert describe(node).text == "具有高新技术企业资质"
    with language("en"):
        assert describe(node).text == "holds the 高新技术企业 designation"


def test_a_constant_condition_reads_as_always_or_never():
    """Rule: a condition that is always true reads “总是成立”, one never true “不成立”."""
    assert describe(rule("true").compile(TODAY)).text == "总是成立"
    assert describe(rule("false").compile(TODAY)).text == "不成立"
    assert describe(n.BoolConst(False, label="已废止")).text == "已废止"


def test_a_constant_written_first_is_read_from_the_facts_side():
    """Rule: ``10 < x`` reads “x ＞ 10” and ``10 <= x`` reads “x ≥ 10” (the subject first, the comparison
    turned round)."""
    assert describe(rule("10 < stats[last_year].employees").compile(TODAY)).text == "2025年从业人员数 ＞ 10"
    assert describe(rule("10 <= stats[last_year].employees").compile(TODAY)).text == "2025年从业人员数 ≥ 10"
    assert describe(rule("10 > stats[last_year].employees").compile(TODAY)).text == "2025年从业人员数 ＜ 10"


# --- coverage ------------------------------------------------------------------------------------------


def one_case(head: str, rule_text: str, facts: str, expected: str, today: str = "") -> str:
    when = f"    today: {today}\n" if today else ""
    return (
        head
        + f"rule: '{rule_text}'\ncases:\n  - name: 甲\n    facts: {facts}\n    expected: {expected}\n"
        + (when + "    cites: 第三条\n")
    )


def test_a_count_compared_with_a_number_needs_a_case_at_its_edge():
    """Rule: every numeric comparison — money, numbers, ratios, counts, dates — needs a case exactly at its
    threshold; a count (从业人员数) is numeric."""
    text = one_case(HEAD + "cases_today: 2026-06-30\n", "stats[last_year].employees >= 10",
                    "{stats: {2025: {employees: 12}}}", "eligible")  # fmt: skip
    assert ("edge", "2025年从业人员数 ≥ 10") in [(g.need, g.condition) for g in gaps(parse_text(text))]


def test_without_cases_today_the_conditions_are_those_of_the_first_cases_date():
    """Rule: the conditions a rule's cases must reach are the rule compiled for ``cases_today``, or else for
    the first case's date (the years in them follow that date)."""
    text = one_case(HEAD, "stats[last_year].employees >= 10", "{stats: {2020: {employees: 12}}}", "eligible",
                    today="2021-06-30")  # fmt: skip
    words = {g.condition for g in gaps(parse_text(text))}
    assert words == {"2020年从业人员数 ≥ 10"}


def test_a_cases_facts_are_read_with_the_rules_own_catalogue():
    """Rule: a case's facts are read with the catalogue the rule was written for, so a fact of that
    catalogue (not of the default one) counts."""
    score = FactDef("score", "评分", "number")
    catalogue = Catalogue([*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats, score])
    text = one_case(HEAD + "cases_today: 2026-06-30\n", "score >= 60", "{score: 60}", "eligible")
    r = parse_text(text, catalogue=catalogue)
    assert seen(r, r.cases()[0]) == [{"true", "edge"}]


# --- terms ----------------------------------------------------------------------------------------------


def test_a_term_without_a_translation_is_shown_as_written():
    """Rule: in English, a catalogue term with no translation is shown as it is (never empty or None)."""
    with language("en"):
        assert term("某个没有译文的词") == "某个没有译文的词"
        assert term("企业") == "Enterprise"
    assert term("企业") == "企业"
