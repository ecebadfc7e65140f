import json

from kechuang.eligibility.__main__ import main
from kechuang.eligibility.tests.samples import SAMPLES, SRDI, small_enterprise_facts


def test_cli_test_runs_all_cases(capsys):
    assert main(["test", str(SAMPLES)]) == 0
    out = capsys.readouterr().out
    assert "0 失败，0 个错误" in out


def test_cli_test_fails_on_a_wrong_case(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text(
        "id: r\ntitle: 测试\nsource: {document: 文件, article: 第一条}\n"
        "rule: 'kind == \"enterprise\"'\n"
        "cases:\n  - {name: 错例, today: 2026-01-01, facts: {kind: university}, expected: eligible}\n",
        encoding="utf-8",
    )
    assert main(["test", str(tmp_path)]) == 1
    assert "期望“符合”，实际“不符合”" in capsys.readouterr().out


def test_cli_test_reports_a_bad_rule(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text(
        "id: r\ntitle: 测试\nsource: {document: 文件}\nrule: 'kind == '\n", encoding="utf-8"
    )
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "rule：第 9 个字符处：这里缺少一个值，但表达式已经结束" in out


def test_cli_check_prints_explanation(tmp_path, capsys):
    facts = small_enterprise_facts(tmp_path)
    code = main(["check", "--rule", str(SRDI), "--facts", str(facts), "--today", "2026-06-30"])
    out = capsys.readouterr().out
    assert code == 1
    assert "（二）上年度研发费用总额不低于100万元：2025年研发费用 80万元，要求 ≥ 100万元" in out
    assert "2025年研发费用从 80万元 提高到 100万元" in out
    code = main(["check", "--rule", str(SRDI), "--facts", str(facts), "--today", "2026-06-30", "--json"])
    assert json.loads(capsys.readouterr().out)["status"] == "ineligible"


def test_cli_check_reports_a_date_the_rule_cannot_be_computed_for(tmp_path, capsys):
    facts = tmp_path / "f.yaml"
    facts.write_text("kind: enterprise\nsize: small\nfounded_on: 2020-01-01\n", encoding="utf-8")
    args = ["check", "--rule", "specialized-sme", "--facts", str(facts), "--today", "0001-01-01"]
    code = main(args, rules_dir=SAMPLES)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("无法按申请日 0001-01-01 计算：")
    assert "从1年1月1日起加减后的日期超出了可以计算的范围（公元1年至9999年）" in err


def test_cli_names_a_rule_of_the_directory_it_is_given(tmp_path, capsys):
    facts = tmp_path / "f.yaml"
    facts.write_text("kind: university\n", encoding="utf-8")
    args = ["check", "--rule", "specialized-sme", "--facts", str(facts), "--today", "2026-06-30"]
    assert main(args, rules_dir=SAMPLES) == 1
    assert "专精特新中小企业认定（量化条件预审）：不符合" in capsys.readouterr().out
    assert main(["test"], rules_dir=SAMPLES) == 0
    assert "0 失败，0 个错误" in capsys.readouterr().out


def test_cli_without_rule_files_asks_for_them(capsys):
    assert main(["test"]) == 2
    assert capsys.readouterr().err == "请给出规则文件或目录\n"
