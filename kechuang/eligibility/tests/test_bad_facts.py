"""Facts that cannot be true are refused with the field's name (issue 12): a misspelt fact, a negative
amount or count, text where a number belongs, a founding date after the application date."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.eligibility import load_rule
from kechuang.eligibility.__main__ import main
from kechuang.eligibility.errors import FactsError
from kechuang.eligibility.facts import Facts, check_names
from kechuang.eligibility.i18n import language
from kechuang.eligibility.tests.samples import SAMPLES, SRDI

TODAY = dt.date(2026, 6, 30)
GOOD = {"kind": "enterprise", "size": "small", "founded_on": "2020-01-01"}


def check(tmp_path, capsys, facts: str, *extra: str) -> tuple[int, str]:
    path = tmp_path / "f.yaml"
    path.write_text(facts, encoding="utf-8")
    code = main(["check", "--rule", str(SRDI), "--facts", str(path), "--today", "2026-06-30", *extra])
    return code, capsys.readouterr().err


def test_an_unknown_yearly_figure_is_refused_with_the_nearest_name(tmp_path, capsys):
    code, err = check(tmp_path, capsys, "kind: enterprise\nstats: {2025: {rd_expenditur: 800000}}\n")
    assert code == 2
    assert err == "企业数据有误：未知的年度统计字段“rd_expenditur”，是不是“rd_expenditure”？\n"


def test_an_unknown_fact_is_refused_with_the_nearest_name(tmp_path, capsys):
    code, err = check(tmp_path, capsys, "kind: enterprise\nfounded: 2020-01-01\n")
    assert code == 2 and err == "企业数据有误：未知的事实“founded”，是不是“founded_on”？\n"
    code, err = check(tmp_path, capsys, "kind: enterprise\ndomestic_rd_share: 0.5\n")
    assert code == 2 and err == "企业数据有误：未知的事实“domestic_rd_share”\n"


def test_text_where_a_number_belongs_names_the_field(tmp_path, capsys):
    code, err = check(tmp_path, capsys, "kind: enterprise\nstats: {2025: {rd_expenditure: 一亿}}\n")
    assert code == 2 and err == "企业数据有误：2025年研发费用：不是数值：'一亿'\n"


def test_negative_amounts_and_counts_are_refused(tmp_path, capsys):
    code, err = check(tmp_path, capsys, "kind: enterprise\nstats: {2025: {revenue: -20000000}}\n")
    assert code == 2 and err == "企业数据有误：2025年营业收入：不能为负数：-20000000\n"
    code, err = check(tmp_path, capsys, "kind: enterprise\nstats: {2025: {employees: -3}}\n")
    assert code == 2 and err == "企业数据有误：2025年从业人员数：不能为负数：-3\n"


def test_a_loss_is_not_refused():
    assert Facts({"stats": {2025: {"profit": -500000}}}).stat("profit", 2025) == -500000


def test_a_founding_date_after_the_application_date_is_refused(tmp_path, capsys):
    code, err = check(tmp_path, capsys, "kind: enterprise\nsize: small\nfounded_on: 2027-01-01\n")
    assert code == 2 and err == "企业数据有误：成立日期 2027-01-01 晚于申请日 2026-06-30\n"
    rule = load_rule(SRDI)
    with pytest.raises(FactsError) as e:
        rule.explain({**GOOD, "founded_on": "2026-07-01"}, TODAY)
    assert e.value.field == "founded_on"


def test_a_wrong_date_names_the_field():
    with pytest.raises(FactsError) as e:
        Facts({"founded_on": "去年"})
    assert e.value.reason == "成立日期：不是日期：'去年'" and e.value.field == "founded_on"


def test_the_refusals_are_translated():
    with language("en"), pytest.raises(FactsError) as e:
        Facts({"stats": {2025: {"rd_expenditure": "一亿"}}})
    assert e.value.reason == "2025 R&D expenditure: not a number: '一亿'"
    assert e.value.field == "stats[2025].rd_expenditure"
    with language("en"), pytest.raises(FactsError) as e:
        check_names({"stats": {2025: {"rd_expenditur": 1}}})
    assert e.value.reason == "unknown yearly statistic “rd_expenditur”, did you mean “rd_expenditure”?"
    with pytest.raises(FactsError) as e:
        load_rule(SRDI).explain({**GOOD, "founded_on": "2027-01-01"}, TODAY, lang="en")
    assert e.value.reason == "the founding date 2027-01-01 is after the application date 2026-06-30"


def test_a_scenario_case_with_a_misspelt_fact_is_an_error(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text(
        "id: r\ntitle: 测试\nsource: {document: 文件, article: 第一条}\n"
        "rule: 'kind == \"enterprise\"'\n"
        "cases:\n  - {name: 错例, today: 2026-01-01, facts: {kindd: enterprise}, expected: ineligible}\n",
        encoding="utf-8",
    )
    assert main(["test", str(tmp_path)]) == 1
    assert "未知的事实“kindd”，是不是“kind”？" in capsys.readouterr().out


def test_the_shipped_samples_still_pass():
    assert main(["test", str(SAMPLES)]) == 0
