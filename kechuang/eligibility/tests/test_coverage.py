"""Rule guarded: every condition a rule states has cases at its edges, false, true and with data missing,
the effective period has a case outside it, and every case names the article it tests
(:mod:`kechuang.eligibility.coverage`; issue 12). Also the source's quote/summary note."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.coverage import CITATION, Gap, conditions, gaps, seen
from kechuang.eligibility.i18n import language

HEAD = (
    "id: r\ntitle: 研发补助\nsource: {document: 文件, article: 第三条}\n"
    "effective: {from: 2024-01-01, to: 2027-12-31}\ncases_today: 2026-06-30\n"
    "rule:\n  label: （一）上年度研发费用不低于100万元\n  when: stats[last_year].rd_expenditure >= 100万\n"
)
RD = "stats: {2025: {rd_expenditure: %s}}"


def case(name: str, rd: str | None, expected: str, *, cites: str = "第三条（一）", today: str = "") -> str:
    facts = "{kind: enterprise, " + (RD % rd if rd is not None else "stats: {2025: {revenue: 1}}") + "}"
    lines = [f"  - name: {name}", f"    facts: {facts}", f"    expected: {expected}"]
    if cites:
        lines.append(f"    cites: {cites}")
    if today:
        lines.append(f"    today: {today}")
    return "\n".join(lines) + "\n"


def needs(text: str) -> list[tuple[str, str]]:
    return [(g.need, g.condition) for g in gaps(parse_text(text))]


COND = "（一）上年度研发费用不低于100万元：2025年研发费用 ≥ 100万元"


def test_a_condition_with_one_passing_case_lacks_its_other_cases():
    rule = HEAD + "cases:\n" + case("研发200万元", "2000000", "eligible", cites="")
    assert needs(rule) == [
        ("false", COND),
        ("unknown", COND),
        ("edge", COND),
        ("before", "研发补助"),
        ("after", "研发补助"),
        ("cites", "研发200万元"),
    ]


def test_cases_at_the_edge_below_it_with_data_missing_and_outside_the_period_cover_the_rule():
    rule = (
        HEAD
        + "cases:\n"
        + case("恰为100万元（含本数）", "1000000", "eligible")
        + case("差1元", "999999", "ineligible")
        + case("未填报研发费用", None, "unknown")
        + case("施行前", "2000000", "ineligible", today="2023-12-31")
        + case("期满后", "2000000", "ineligible", today="2028-01-01")
    )
    assert needs(rule) == []


def test_cases_outside_the_period_do_not_count_for_the_conditions():
    rule = (
        HEAD
        + "cases:\n"
        + case("施行前恰为100万元", "1000000", "ineligible", today="2023-12-31")
        + case("期满后差1元", "999999", "ineligible", today="2028-01-01")
        + case("期满后未填报", None, "ineligible", today="2028-01-01")
    )
    assert [need for need, _ in needs(rule)] == ["false", "true", "unknown", "edge"]


def test_a_case_on_the_day_the_period_starts_or_ends_is_inside_it():
    first = case("施行首日", "1000000", "eligible", today="2024-01-01").replace("2025:", "2023:")
    last = case("期满当日", "999999", "ineligible", today="2027-12-31").replace("2025:", "2026:")
    rule = HEAD + "cases:\n" + first + last + case("未填报", None, "unknown")
    assert [need for need, _ in needs(rule)] == ["before", "after"]


def test_a_strict_comparison_needs_its_edge_too_and_the_edge_is_where_both_sides_are_equal():
    rule = parse_text(HEAD.replace(">= 100万", "> 0"))
    [node] = conditions(rule.compile(dt.date(2026, 6, 30)))
    zero = parse_text(HEAD.replace(">= 100万", "> 0") + "cases:\n" + case("没有研发费用", "0", "ineligible"))
    assert seen(zero, zero.cases()[0]) == [{"false", "edge"}]
    one = parse_text(HEAD + "cases:\n" + case("1元", "1", "ineligible"))
    assert seen(one, one.cases()[0]) == [{"false"}]
    assert node.op == ">"


def test_the_kind_of_an_organisation_is_never_missing_but_every_other_fact_can_be():
    rule = (
        "id: r\ntitle: 企业\nsource: {document: 文件, article: 第一条}\ncases_today: 2026-06-30\n"
        "rule: 'kind == \"enterprise\"'\ncases:\n"
        "  - {name: 企业, facts: {kind: enterprise}, expected: eligible, cites: 第一条}\n"
        "  - {name: 高校, facts: {kind: university}, expected: ineligible, cites: 第一条}\n"
    )
    assert needs(rule) == []
    region = rule.replace("'kind == \\\"enterprise\\\"'", "'region under \"220000\"'").replace(
        "rule: 'kind == \"enterprise\"'", "rule: 'region under \"220000\"'"
    )
    region = region.replace("{kind: enterprise}", '{kind: enterprise, region: "220102"}').replace(
        "{kind: university}", '{kind: university, region: "410105"}'
    )
    assert needs(region) == [("unknown", "所在地区 属于 220000")]


def test_a_designation_can_be_missing_when_no_designations_are_given():
    rule = (
        "id: r\ntitle: 高企\nsource: {document: 文件, article: 第一条}\ncases_today: 2026-06-30\n"
        'rule: designated("高新技术企业")\ncases:\n'
        "  - {name: 无资质, facts: {kind: enterprise, designations: []}, expected: ineligible, cites: 第一条}\n"
    )
    assert needs(rule) == [("true", "具有高新技术企业资质"), ("unknown", "具有高新技术企业资质")]


def test_brackets_inside_a_value_are_conditions_with_edges():
    text = (
        "id: r\ntitle: 分档\nsource: {document: 文件, article: 第五条}\ncases_today: 2026-06-30\n"
        "rule: 'stats[last_year].rd_expenditure / stats[last_year].revenue >= "
        "(5% if stats[last_year].revenue <= 5000万 else 4%)'\ncases: []\n"
    )
    rule = parse_text(text)
    assert [type(x).__name__ for x in conditions(rule.compile(dt.date(2026, 6, 30)))] == [
        "Compare",
        "Compare",
    ]
    assert ("edge", "2025年营业收入 ≤ 5000万元") in needs(text)


def test_the_founding_year_tests_of_operating_years_count_once_per_year():
    """“实际经营期不满三年的按实际经营时间计算”: the partial years are conditions — founded on the last day
    of each earlier year is their edge; the same test in two sums counts once."""
    text = (
        "id: r\ntitle: 近三年\nsource: {document: 文件, article: 第十一条}\ncases_today: 2026-06-30\n"
        "rule: 'sum_operating_years(rd_expenditure, 3) / sum_operating_years(revenue, 3) >= 5%'\ncases: []\n"
    )
    conds = [g.condition for g in gaps(parse_text(text)) if g.need == "edge"]
    assert conds == [COND_RATIO, "成立日期 ≤ 2023年12月31日", "成立日期 ≤ 2024年12月31日"]


COND_RATIO = "2023—2025年（按实际经营年度）研发费用合计÷2023—2025年（按实际经营年度）营业收入合计 ≥ 5%"


@pytest.mark.parametrize(
    ("cites", "ok"),
    [
        ("第十一条（五）", True),
        ("（三）", True),
        ("四、支持对象和条件", True),
        ("附件2", True),
        ("第二款", True),
        ("第3条", True),
        ("", False),
        ("见文件", False),
        ("第条", False),
    ],
)
def test_what_counts_as_naming_an_article(cites, ok):
    assert bool(CITATION.search(cites)) is ok


def test_a_case_keeps_what_it_cites():
    rule = parse_text(HEAD + "cases:\n" + case("差1元", "999999", "ineligible", cites="第三条（一）"))
    assert rule.cases()[0].cites == "第三条（一）"
    assert (
        parse_text(HEAD + "cases:\n" + case("差1元", "999999", "ineligible", cites="")).cases()[0].cites == ""
    )


def test_gaps_read_in_chinese_and_english():
    gap = Gap("（一）研发费用", "edge")
    assert gap.render() == "没有案例恰好处在“（一）研发费用”的边界（两边相等）"
    with language("en"):
        assert gap.render() == "no case sits exactly on the edge of “（一）研发费用” (both sides equal)"
    assert Gap("案例1", "cites").render().startswith("案例“案例1”没有注明所测试的条款")


SOURCE = "id: r\ntitle: t\nrule: 'kind == \"enterprise\"'\nsource: {document: 文件, article: 第一条%s}\n"


def test_a_summary_says_it_is_not_the_text_and_whether_the_citation_was_checked():
    rule = parse_text(SOURCE % "")
    assert rule.source.text == "summary"
    assert (
        rule.source.text_note()
        == "以上为条文内容摘要，并非原文，以文件原文为准（文号、条款未能对照官方原文核对）"
    )
    checked = parse_text(SOURCE % ", text: quote, checked: 条例原文")
    assert checked.source.text_note() == "以上为条文原文摘录（已对照条例原文核对）"
    with language("en"):
        assert checked.source.text_note() == "The above quotes the article (checked against 条例原文)"
        assert parse_text(SOURCE % "").source.text_note() == (
            "The above summarises the article in our words; the document's text prevails "
            "(number and article not checked against the official text)"
        )


def test_a_source_text_other_than_quote_or_summary_is_refused():
    with pytest.raises(RuleError) as e:
        parse_text(SOURCE % ", text: 原文")
    assert e.value.where == "source.text"
    assert "quote" in e.value.reason and "“原文”" in e.value.reason
