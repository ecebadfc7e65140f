"""Rules of explanations, rule-file positions, scenario runs and the command line found unguarded by the
mutation run (issue 19, ``benchmarks/mutation.py eligibility_explain eligibility_source
eligibility_scenarios eligibility_cli --together``); each test names its rule."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kechuang.eligibility import RuleError, parse_text
from kechuang.eligibility.__main__ import main
from kechuang.eligibility.scenarios import run_path
from kechuang.eligibility.source import read_text

TODAY = dt.date(2026, 6, 30)
HEAD = "id: r\ntitle: t\nsource: {document: d}\n"


def rule(expr: str):  # type: ignore[no-untyped-def]
    return parse_text(HEAD + "rule: '" + expr.replace("'", "''") + "'")


# --- explanations --------------------------------------------------------------------------------------

RATIO = "stats[last_year].rd_expenditure / stats[last_year].revenue"
NEAR = {"stats": {2025: {"rd_expenditure": 3999999, "revenue": 100000000}}}


@pytest.mark.parametrize(
    ("expr", "line"),
    [
        (f"{RATIO} < 4%", "✓ 2025年研发费用÷2025年营业收入 3.999999%，要求 ＜ 4%"),
        (f"{RATIO} >= 4%", "✗ 2025年研发费用÷2025年营业收入 3.999999%，要求 ≥ 4%"),
        (f"4% > {RATIO}", "✓ 2025年研发费用÷2025年营业收入 3.999999%，要求 ＜ 4%"),
        (f"{RATIO} <= 3.999999%", "✓ 2025年研发费用÷2025年营业收入 4%，要求 ≤ 4%"),  # equal: shown alike
    ],
)
def test_two_different_numbers_are_never_shown_alike_whether_the_comparison_passed_or_failed(expr, line):
    """Rule: a value and a threshold that differ are shown with enough digits to differ — a passed
    “4%, required < 4%” reads as a contradiction as much as a failed “4%, required ≥ 4%” (a bug the
    mutation run found: only failed comparisons were shown apart); equal values are shown alike."""
    assert rule(expr).explain(NEAR, TODAY).step.render() == line


def test_the_options_of_a_list_are_shown_in_the_subjects_format():
    """Rule: “one of” options and the actual value are shown as the subject's values are (money in 万元/亿元)."""
    got = rule("stats[last_year].revenue in [1亿, 2亿]").explain(NEAR, TODAY).step.render()
    assert got == "✓ 2025年营业收入 1亿元，要求为 1亿元、2亿元 之一"
    got = rule("stats[last_year].revenue not in [5000万]").explain(NEAR, TODAY).step.render()
    assert "5000万元" in got and "1亿元" in got


# --- positions in the rule file --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "where"),
    [
        (HEAD + 'rule: |\n  kind == "enterprise" and\n    verified and\n    stats[last_year].revenu > 1\n', 7, 22, "rule"),
        (HEAD + "rule:\n  all:\n    - verified\n    - [1, 2]\n", 7, 7, "rule.all[1]"),
        ("id: r\ntitle: t\nsource:\n  - d\nrule: verified\n", 4, 3, "source"),
        (HEAD + "rule:\n  - verified\n", 5, 3, "rule"),
    ],
)  # fmt: skip
def test_a_mistake_is_placed_on_its_own_line_in_blocks_and_lists(text, line, column, where):
    """Rule: a mistake on the third line of a literal block is placed on that line at its column (counted
    from that line's start), and a value written as a list where it may not be is placed at the list."""
    with pytest.raises(RuleError) as e:
        parse_text(text)
    assert (e.value.line, e.value.column, e.value.where) == (line, column, where)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [("id: a\x07b\n", 1, 6), ("id: a\ntitle: x\x00y\n", 2, 9), ("\x01", 1, 1)],
)
def test_a_control_character_is_refused_at_its_line_and_column(text, line, column):
    """Rule: a control character in a rule file (PyYAML's reader refuses it with an offset, not a mark) is
    “a character that cannot appear here” at its line and column, like any other YAML error."""
    with pytest.raises(RuleError) as e:
        read_text(text)
    assert (e.value.reason, e.value.line, e.value.column) == ("这里有不能出现的字符", line, column)
    assert e.value.where == f"第{line}行第{column}列"


# --- scenario runs --------------------------------------------------------------------------------------

CASES = HEAD + "cases_today: 2026-06-30\nrule: 'stats[last_year].rd_expenditure >= 100万'\ncases:\n"


def test_a_case_expecting_a_held_designation_says_so_when_it_fails(tmp_path):
    """Rule: a failing case names the expected and the actual answer in words, “已持有” included."""
    (tmp_path / "r.yaml").write_text(
        CASES + "  - {name: 甲, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: held}\n", "utf-8"
    )
    (outcome,) = run_path(tmp_path).outcomes
    assert outcome.problems == ["期望“已持有”，实际“符合”"]


def test_a_missing_change_says_there_was_none(tmp_path):
    """Rule: a case expecting advice the answer does not give says what advice there was, or “无”."""
    (tmp_path / "r.yaml").write_text(
        CASES
        + "  - {name: 甲, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible, changes: [增加]}\n",
        "utf-8",
    )
    (outcome,) = run_path(tmp_path).outcomes
    assert outcome.problems == ["调整建议中没有“增加”（实际：无）"]


def test_a_case_whose_data_cannot_be_read_is_an_error_naming_its_file_and_case(tmp_path):
    """Rule: a case whose facts the engine cannot read (a designation dated “x”) is reported as an error
    naming the rule file and the case, and the other cases still run."""
    path = tmp_path / "r.yaml"
    path.write_text(
        CASES
        + "  - {name: 坏, facts: {designations: [{kind: 高新技术企业, valid_from: x}]}, expected: eligible}\n"
        + "  - {name: 好, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible}\n",
        "utf-8",
    )
    report = run_path(tmp_path)
    assert [o.case.name for o in report.outcomes] == ["好"]
    (error,) = report.errors
    assert (error.file, error.where) == (str(path), "坏")
    assert error.reason.startswith("案例数据有误：")


@pytest.mark.parametrize(
    ("designations", "reason"),
    [
        ("[1]", "案例数据有误：资质认定情况第 1 项应写作 {kind: …, valid_from: …, valid_to: …}：1"),
        (
            "[{kind: 高新技术企业}, 高新技术企业]",
            "案例数据有误：资质认定情况第 2 项应写作 {kind: …, valid_from: …, valid_to: …}：'高新技术企业'",
        ),
        ("[{valid_to: 2027-01-01}]", "案例数据有误：资质认定情况第 1 项应写作"),
        ("高新技术企业", "案例数据有误：资质认定情况应为列表"),
    ],
)
def test_a_case_whose_designations_are_not_written_as_designations_names_the_case(
    tmp_path, designations, reason
):
    """Rule: a case whose designations are not a list of {kind: …} (``designations: [1]``) is an error
    naming the rule file and the case and saying how a designation is written — never a TypeError — and
    the other cases still run."""
    path = tmp_path / "r.yaml"
    path.write_text(
        CASES
        + f"  - {{name: 坏, facts: {{designations: {designations}}}, expected: eligible}}\n"
        + "  - {name: 好, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible}\n",
        "utf-8",
    )
    report = run_path(tmp_path)
    assert [o.case.name for o in report.outcomes] == ["好"]
    (error,) = report.errors
    assert (error.file, error.where) == (str(path), "坏")
    assert error.reason.startswith(reason)


# --- the command line -----------------------------------------------------------------------------------

RULE_FILE = HEAD + "rule: 'stats[last_year].rd_expenditure >= 100万'\n"


def test_check_reads_a_cases_facts_or_bare_facts(tmp_path, capsys):
    """Rule: ``check --facts`` takes a file of facts, or a case (``{facts: …, expected: …}``) whose facts
    it reads; a bare facts file need not name the organisation's kind."""
    (tmp_path / "r.yaml").write_text(RULE_FILE, "utf-8")
    facts = {"stats": {"2025": {"rd_expenditure": 2000000}}}
    (tmp_path / "bare.json").write_text(json.dumps(facts), "utf-8")
    (tmp_path / "case.json").write_text(json.dumps({"facts": facts, "expected": "eligible"}), "utf-8")
    for name in ("bare.json", "case.json"):
        code = main(["check", "--rule", str(tmp_path / "r.yaml"), "--facts", str(tmp_path / name),
                     "--today", "2026-06-30"])  # fmt: skip
        assert code == 0, capsys.readouterr()
    capsys.readouterr()


def test_test_marks_each_case_passed_or_failed_when_verbose(tmp_path, capsys):
    """Rule: ``test -v`` lists every case marked 通过 or 失败; ``-v -v`` counts as more verbose (the
    answers of passing cases too)."""
    (tmp_path / "r.yaml").write_text(
        CASES + "  - {name: 够, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible}\n"
        "  - {name: 错, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: ineligible}\n",
        "utf-8",
    )
    assert main(["test", "-v", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "[通过] r / 够" in out and "[失败] r / 错" in out
    assert out.count("✓ 2025年研发费用") == 1  # only the failing case's answer
    assert main(["test", "-v", "-v", str(tmp_path)]) == 1
    assert capsys.readouterr().out.count("✓ 2025年研发费用") == 2


def test_the_command_line_needs_a_command_and_checks_need_facts(capsys):
    """Rule: without a command, or ``check`` without ``--facts``, the command line refuses with usage
    (exit 2) under its own name."""
    for argv in ([], ["check", "--rule", "r.yaml"]):
        with pytest.raises(SystemExit) as e:
            main(argv)
        assert e.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("usage: python -m kechuang.eligibility")
    with pytest.raises(SystemExit):
        main(["check", "--rule", "r.yaml"], prog="python -m kechuang.policies.rules")
    assert capsys.readouterr().err.startswith("usage: python -m kechuang.policies.rules")


def test_the_help_says_what_each_command_does(capsys):
    """Rule: ``--help`` describes the tool and ``check --help`` the facts file's formats."""
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "政策规则：校验、案例测试、单户解释" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "主体事实（YAML/JSON 文件）" in capsys.readouterr().out


def test_check_exits_with_the_answer_and_refuses_an_unknown_language(tmp_path, capsys):
    """Rule: ``check`` exits 0 when eligible, 1 when not, 3 when data is missing; ``--lang`` is zh-hans or en."""
    (tmp_path / "r.yaml").write_text(RULE_FILE, "utf-8")
    for name, facts, code in (
        ("yes", {"stats": {"2025": {"rd_expenditure": 2000000}}}, 0),
        ("no", {"stats": {"2025": {"rd_expenditure": 1}}}, 1),
        ("unknown", {"kind": "enterprise"}, 3),
    ):
        (tmp_path / f"{name}.json").write_text(json.dumps(facts), "utf-8")
        argv = ["check", "--rule", str(tmp_path / "r.yaml"), "--facts", str(tmp_path / f"{name}.json")]
        assert main([*argv, "--today", "2026-06-30"]) == code
    with pytest.raises(SystemExit) as e:
        main([*argv, "--lang", "fr"])
    assert e.value.code == 2
    capsys.readouterr()


def test_coverage_runs_the_applications_rule_directory_by_default(tmp_path, capsys):
    """Rule: an application that keeps its rules in one directory gets ``coverage`` (like ``test``) run on
    that directory when no path is given."""
    (tmp_path / "r.yaml").write_text(RULE_FILE, "utf-8")
    assert main(["coverage"], rules_dir=tmp_path) == 1
    assert (
        capsys.readouterr().out.splitlines()[-1] == "1 条规则：4 处未被案例覆盖"
    )  # no case: false, true, missing, edge


def test_a_named_negation_is_explained_under_its_name():
    """Rule: a named condition of any other kind (here ``not verified``) is one step named by it, the
    condition it stands for as its child."""
    r = parse_text(HEAD + "define:\n  未核验: 'not verified'\nrule: '未核验'")
    step = r.explain({"verified": True}, TODAY).step
    assert (step.label, step.text, [c.text for c in step.children]) == (
        "未核验",
        "未核验：不得：信息已核验",
        ["不得：信息已核验"],
    )


def test_a_case_is_checked_against_the_rules_own_catalogue():
    """Rule: a case's fact names are checked against the catalogue the rule was written for."""
    from kechuang.eligibility.catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
    from kechuang.eligibility.scenarios import run_case

    catalogue = Catalogue(
        [*DEFAULT_CATALOGUE.facts, *DEFAULT_CATALOGUE.stats, FactDef("score", "评分", "number")]
    )
    text = (
        HEAD
        + "cases_today: 2026-06-30\nrule: 'score >= 60'\ncases:\n  - {name: 甲, facts: {score: 60}, expected: eligible}\n"
    )
    r = parse_text(text, catalogue=catalogue)
    assert run_case(r, r.cases()[0]).problems == []
