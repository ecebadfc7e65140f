"""Rule guarded: ``coverage`` on the command line lists every condition no case reaches and every case that
names no article, and fails when there is one (:mod:`kechuang.eligibility.cli`)."""

from __future__ import annotations

from kechuang.eligibility.__main__ import main

RULE = (
    "id: r\ntitle: 研发补助\nsource: {document: d}\ncases_today: 2026-06-30\n"
    "rule: 'stats[last_year].rd_expenditure >= 100万'\ncases:\n"
    "  - {name: 够, facts: {stats: {2025: {rd_expenditure: 2000000}}}, expected: eligible}\n"
)


def test_coverage_lists_what_no_case_reaches(tmp_path, capsys):
    (tmp_path / "r.yaml").write_text(RULE, "utf-8")
    (tmp_path / "bad.yaml").write_text(
        "id: b\ntitle: t\nsource: {document: d}\nrule: 'revenu > 1'\n", "utf-8"
    )
    assert main(["coverage", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("错误 ") and "未知的事实或条件“revenu”" in out[0]
    assert out[1:3] == ["    revenu > 1", "    ^^^^^^"]  # the caret under the word
    assert out[3:] == [
        "r：没有案例使“2025年研发费用 ≥ 100万元”不满足",
        "r：没有案例缺少“2025年研发费用 ≥ 100万元”所需的数据",
        "r：没有案例恰好处在“2025年研发费用 ≥ 100万元”的边界（两边相等）",
        "r：案例“够”没有注明所测试的条款（cites：第几条第几项）",
        "1 条规则：5 处未被案例覆盖",
    ]


def test_coverage_passes_when_every_condition_is_reached(tmp_path, capsys):
    full = RULE.replace("expected: eligible}", "expected: eligible, cites: 第一条}") + (
        "  - {name: 差一元, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 999999}}}, expected: ineligible}\n"
        "  - {name: 恰好, cites: 第一条, facts: {stats: {2025: {rd_expenditure: 1000000}}}, expected: eligible}\n"
        "  - {name: 未填, cites: 第一条, facts: {}, expected: unknown}\n"
    )
    (tmp_path / "r.yaml").write_text(full, "utf-8")
    assert main(["coverage", str(tmp_path / "r.yaml")]) == 0
    assert capsys.readouterr().out == "1 条规则：0 处未被案例覆盖\n"


def test_coverage_without_rule_files_asks_for_them(capsys):
    assert main(["coverage"]) == 2
    assert capsys.readouterr().err == "请给出规则文件或目录\n"
