"""Rule guarded: facts are read as the law means them (:mod:`kechuang.eligibility.facts`) — a missing fact
is unknown, never zero; a number that is not one, an impossible negative, a date that is not one, a year
that is not one and a name the catalogue does not know are refused with the field named; codes carry their
ancestors (region 220102 is in 220100 and 220000; industry C3311 is in C331, C33 and section C); a
founding date after the application date is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
from kechuang.eligibility.errors import FactsError
from kechuang.eligibility.facts import (
    Facts,
    check_dates,
    check_names,
    code_ancestors,
    industry_section,
    to_date,
    to_decimal,
)
from kechuang.eligibility.i18n import language


@pytest.mark.parametrize(
    ("division", "section"),
    [("01", "A"), ("05", "A"), ("06", "B"), ("12", "B"), ("13", "C"), ("43", "C"), ("44", "D"), ("46", "D"),
     ("47", "E"), ("50", "E"), ("51", "F"), ("52", "F"), ("53", "G"), ("60", "G"), ("61", "H"), ("62", "H"),
     ("63", "I"), ("65", "I"), ("66", "J"), ("69", "J"), ("70", "K"), ("71", "L"), ("72", "L"), ("73", "M"),
     ("75", "M"), ("76", "N"), ("79", "N"), ("80", "O"), ("82", "O"), ("83", "P"), ("84", "Q"), ("85", "Q"),
     ("86", "R"), ("90", "R"), ("91", "S"), ("97", "S"), ("98", "T"), ("3311", "C"), ("00", None),
     ("99", None), ("X1", None), ("", None)],
)  # fmt: skip
def test_industry_sections_of_gbt_4754(division, section):
    assert industry_section(division) == section


@pytest.mark.parametrize(
    ("fact", "code", "ancestors"),
    [
        ("region", "220102", ["220100", "220000"]),
        ("region", "220100", ["220000"]),
        ("region", "220000", []),
        ("region", "2201", []),  # not a six-digit code: no structure to read
        ("region", "22010A", []),
        ("industry", "C3311", ["331", "33", "C"]),
        ("industry", "c3311", ["331", "33", "C"]),
        ("industry", "3311", ["331", "33", "C"]),
        ("industry", " 6513 ", ["651", "65", "I"]),
        ("industry", "331", ["33", "C"]),
        ("industry", "33", ["C"]),
        ("industry", "C", []),
        ("industry", "99", []),
        ("size", "small", []),
    ],
)
def test_codes_carry_their_ancestors(fact, code, ancestors):
    assert code_ancestors(fact, code) == ancestors


def test_numbers_and_dates_as_given():
    assert to_decimal(None) is None and to_decimal("") is None
    assert (
        to_decimal(3) == Decimal(3)
        and to_decimal("1.5") == Decimal("1.5")
        and to_decimal(0.1) == Decimal("0.1")
    )
    d = Decimal("2.50")
    assert to_decimal(d) is d
    for bad in (True, "一亿", "1,000"):
        with pytest.raises(ValueError, match="不是数值"):
            to_decimal(bad)
    assert to_date(None) is None and to_date("") is None
    assert to_date("2026-01-05") == dt.date(2026, 1, 5)
    assert to_date(dt.datetime(2026, 1, 5, 13, 0)) == dt.date(2026, 1, 5)
    assert to_date(dt.date(2026, 1, 5)) == dt.date(2026, 1, 5)
    with pytest.raises(ValueError):
        to_date("去年")


def test_facts_are_normalised():
    f = Facts(
        {
            "kind": "enterprise",
            "region": "220102",
            "industry": "c3311",
            "founded_on": "2015-03-01",
            "in_park": 1,
            "verified": None,
            "stats": {"2025": {"revenue": 52000000, "rd_expenditure": None, "nonsense": 1}, 2024: None},
            "designations": [
                {"kind": "高新技术企业", "valid_from": "2023-12-01", "valid_to": None},
                {"kind": "瞪羚企业", "number": "D1"},
            ],
            "labels": {220102: "朝阳区"},
        }
    )
    assert f.fact("kind") == "enterprise"
    assert f.fact("region") == "220102" and f.code("region") == ("220102", frozenset({"220100", "220000"}))
    assert f.code("industry") == ("3311", frozenset({"331", "33", "C"}))
    assert f.fact("founded_on") == dt.date(2015, 3, 1)
    assert f.fact("in_park") is True
    assert f.fact("verified") is None and f.fact("size") is None
    assert f.stat("revenue", 2025) == Decimal(52000000)
    assert f.stat("rd_expenditure", 2025) is None and f.stat("revenue", 2024) is None
    assert f.stat("nonsense", 2025) is None
    assert f.designations == [
        {"kind": "高新技术企业", "valid_from": dt.date(2023, 12, 1), "valid_to": None, "number": ""},
        {"kind": "瞪羚企业", "valid_from": None, "valid_to": None, "number": "D1"},
    ]
    assert f.labels == {"220102": "朝阳区"}
    assert f.code("size") is None


def test_a_code_given_with_its_ancestors_and_name():
    f = Facts(
        {"region": {"code": "220102", "ancestors": ["220100"], "name": "朝阳区"}, "labels": {"220102": "x"}}
    )
    assert f.code("region") == ("220102", frozenset({"220100"}))
    assert f.labels["220102"] == "x"  # a label given beside it wins
    g = Facts({"region": {"code": "220102", "name": "朝阳区"}})
    assert g.code("region") == ("220102", frozenset({"220100", "220000"}))
    assert g.labels == {"220102": "朝阳区"}
    h = Facts({"industry": {"code": "C3311", "ancestors": ["C331", "C33"]}})
    assert h.code("industry") == ("3311", frozenset({"C331", "C33", "C"}))


def test_no_designations_given_is_unknown_an_empty_list_is_none():
    assert Facts({}).designations is None
    assert Facts({"designations": []}).designations == []


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"stats": {2025: {"revenue": "NaN"}}}, "stats[2025].revenue", "2025年营业收入：不是数值：'NaN'"),
        (
            {"stats": {2025: {"revenue": "-Infinity"}}},
            "stats[2025].revenue",
            "2025年营业收入：不是数值：'-Infinity'",
        ),
        ({"stats": {2025: {"revenue": "一亿"}}}, "stats[2025].revenue", "2025年营业收入：不是数值：'一亿'"),
        (
            {"stats": {2025: {"revenue": -20000000}}},
            "stats[2025].revenue",
            "2025年营业收入：不能为负数：-20000000",
        ),
        ({"stats": {2025: {"employees": -1}}}, "stats[2025].employees", "2025年从业人员数：不能为负数：-1"),
        ({"founded_on": "去年"}, "founded_on", "成立日期：不是日期：'去年'"),
        ({"stats": {"去年": {"revenue": 1}}}, "stats", "年度“去年”不是年份"),
        ({"stats": {True: {"revenue": 1}}}, "stats", "年度“True”不是年份"),
        ({"stats": {None: {"revenue": 1}}}, "stats", "年度“None”不是年份"),
    ],
)
def test_impossible_facts_are_refused_with_the_field_named(data, field, message):
    with pytest.raises(FactsError) as e:
        Facts(data)
    assert e.value.field == field
    assert e.value.reason == message


# a catalogue with organisation-level numbers (the default one keeps every number per year)
SCALARS = Catalogue([*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats, FactDef("carriers", "创新载体数", "count"),
                     FactDef("score", "评分", "number"), FactDef("balance", "余额", "money", signed=True)])  # fmt: skip


def test_organisation_level_numbers_are_read_and_checked_like_yearly_ones():
    f = Facts({"carriers": "2", "score": -1.5, "balance": -3}, SCALARS)
    assert (f.fact("carriers"), f.fact("score"), f.fact("balance")) == (
        Decimal(2),
        Decimal("-1.5"),
        Decimal(-3),
    )
    for raw, message in (("一个", "创新载体数：不是数值：'一个'"), (-1, "创新载体数：不能为负数：-1"),
                         ("NaN", "创新载体数：不是数值：'NaN'"), (True, "创新载体数：不是数值：True")):  # fmt: skip
        with pytest.raises(FactsError) as e:
            Facts({"carriers": raw}, SCALARS)
        assert (e.value.field, e.value.reason) == ("carriers", message)


def test_a_loss_may_be_negative():
    assert Facts({"stats": {2025: {"profit": -300000}}}).stat("profit", 2025) == Decimal(-300000)


def test_the_english_refusal_names_the_field_in_english():
    with language("en"), pytest.raises(FactsError) as e:
        Facts({"stats": {2025: {"revenue": -1}}})
    assert e.value.reason == "2025 revenue: cannot be negative: -1"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rd_expenditur": 1}, "rd_expenditur", "未知的事实“rd_expenditur”"),
        ({"regoin": "220102"}, "regoin", "未知的事实“regoin”，是不是“region”？"),
        ({"zzzz": 1}, "zzzz", "未知的事实“zzzz”"),
        ({"stats": {2025: {"rd_expenditur": 1}}}, "stats[2025].rd_expenditur",
         "未知的年度统计字段“rd_expenditur”，是不是“rd_expenditure”？"),
        ({"stats": {2025: {"qqqq": 1}}}, "stats[2025].qqqq", "未知的年度统计字段“qqqq”"),
        ({"stats": [2025]}, "stats", "年度“[2025]”不是年份"),
        ({"stats": {"二〇二五": {"revenue": 1}}}, "stats", "年度“二〇二五”不是年份"),
    ],
)  # fmt: skip
def test_names_the_catalogue_does_not_know_are_refused_with_the_nearest_known_one(data, field, message):
    with pytest.raises(FactsError) as e:
        check_names(data)
    assert (e.value.field, e.value.reason) == (field, message)


def test_known_names_and_structure_keys_pass():
    check_names(
        {"kind": "enterprise", "stats": {2025: {"revenue": 1}, 2024: None}, "designations": [], "labels": {}}
    )
    check_names({"stats": None})


def test_a_founding_date_after_the_application_date_is_refused():
    today = dt.date(2026, 6, 30)
    check_dates(Facts({"founded_on": "2026-06-30"}), today)  # the same day is possible
    check_dates(Facts({}), today)
    with pytest.raises(FactsError) as e:
        check_dates(Facts({"founded_on": "2026-07-01"}), today)
    assert (e.value.field, e.value.reason) == ("founded_on", "成立日期 2026-07-01 晚于申请日 2026-06-30")


def test_an_override_replaces_one_fact_and_shares_the_rest():
    base = Facts({"founded_on": "2015-03-01", "region": "220102", "stats": {2025: {"revenue": 5, "employees": 7}},
                  "designations": [], "labels": {"220102": "朝阳区"}})  # fmt: skip
    stat = base.with_override(("stat", ("revenue", 2025)), Decimal(9))
    assert stat.stat("revenue", 2025) == Decimal(9)
    assert stat.stat("employees", 2025) == Decimal(7) and stat.stat("revenue", 2024) is None
    assert stat.fact("founded_on") == dt.date(2015, 3, 1)
    assert (
        stat.code("region") == base.code("region") and stat.designations == [] and stat.labels == base.labels
    )
    fact = base.with_override(("fact", "founded_on"), dt.date(2020, 1, 1))
    assert fact.fact("founded_on") == dt.date(2020, 1, 1) and fact.fact("region") == "220102"
    assert fact.stat("revenue", 2025) == Decimal(5)
    assert base.fact("founded_on") == dt.date(2015, 3, 1) and base.stat("revenue", 2025) == Decimal(5)
