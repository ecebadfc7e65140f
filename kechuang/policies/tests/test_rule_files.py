"""The shipped rule files (``kechuang/policies/data/rules``): every one loads, cites its source, its
YAML cases pass, and the engine's structural keys and what-if variants work on each; the command line
runs them by name."""

import datetime as dt
import json

import pytest

from kechuang.eligibility import nodes as n
from kechuang.eligibility.scenarios import run_case
from kechuang.eligibility.whatif import thresholds, with_thresholds
from kechuang.policies.rules import RULES_DIR, main, rule_files, shipped_rules

RULES = shipped_rules()
TODAY = dt.date(2026, 6, 30)


def test_at_least_ten_measures_with_sources_and_cases():
    assert len(RULES) >= 10
    for rule in RULES:
        assert rule.source.document
        assert rule.source.article, rule.id
        assert len(rule.cases()) >= 2, rule.id


@pytest.mark.parametrize(
    ("rule", "case"),
    [(r, c) for r in RULES for c in r.cases()],
    ids=lambda x: getattr(x, "id", getattr(x, "name", "")),
)
def test_scenario_case(rule, case):
    outcome = run_case(rule, case)
    assert outcome.ok, "\n".join(outcome.problems) + "\n" + outcome.result.render()


def test_result_as_dict_is_json_ready():
    rule = next(r for r in RULES if r.id == "hnte-recognition")
    case = rule.cases()[1]
    d = rule.explain(case.facts, case.today).as_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["status"] == "ineligible"
    assert d["changes"][0]["fact"] == "stats[2025].rd_expenditure"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_shipped_rule_has_a_key_and_its_variant_shares_the_figures(rule):
    base = rule.compile(TODAY)
    memo: dict[int, tuple] = {}
    key = n.structure(base, memo)
    assert key == n.structure(base)  # memo does not change the answer
    assert memo[id(base)] == key
    ths = thresholds(base)
    if not ths:
        return
    variant = with_thresholds(base, {ths[0].index: ths[0].value + 1})
    assert n.structure(variant) != key  # a changed threshold is another rule…
    figures = {n.structure(x) for x in n.walk(base) if isinstance(x, n.Stat | n.Arith)}
    assert figures & {
        n.structure(x) for x in n.walk(variant) if isinstance(x, n.Arith | n.Stat)
    }  # …same figures


def test_the_rule_files_are_the_policies_apps():
    assert RULES_DIR.parts[-4:] == ("kechuang", "policies", "data", "rules")
    assert len(rule_files()) == len(RULES)
    assert "_definitions.yaml" not in {p.name for p in rule_files()}


def test_command_line_runs_the_shipped_rules_and_finds_one_by_name(tmp_path, capsys):
    assert main(["test"]) == 0
    assert f"{len(RULES)} 条规则" in capsys.readouterr().out
    facts = tmp_path / "f.yaml"
    facts.write_text("kind: university\n", encoding="utf-8")
    assert main(["check", "--rule", "specialized-sme", "--facts", str(facts), "--today", "2026-06-30"]) == 1
    assert capsys.readouterr().out.startswith("专精特新中小企业认定（量化条件预审）：不符合")
