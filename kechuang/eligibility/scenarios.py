"""Running the YAML scenario cases of rule files (``python -m kechuang.eligibility test PATH``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import RuleError
from .facts import check_names
from .rules import Case, Result, Rule, load_library_in, load_rule, rule_files
from .threevalued import STATUS_ZH


@dataclass(slots=True)
class CaseOutcome:
    rule: Rule
    case: Case
    result: Result
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_case(rule: Rule, case: Case) -> CaseOutcome:
    check_names(case.facts, rule.catalogue)
    result = rule.explain(case.facts, case.today)
    problems: list[str] = []
    if result.status != case.expected:
        names = {**STATUS_ZH, "held": "已持有"}
        problems.append(f"期望“{names[case.expected]}”，实际“{names[result.status]}”")
    if case.missing is not None and sorted(case.missing) != sorted(result.missing):
        problems.append(f"缺少的数据应为 {sorted(case.missing)}，实际 {sorted(result.missing)}")
    text = result.step.render()
    for frag in case.explains:
        if frag not in text:
            problems.append(f"解释中没有“{frag}”")
    change_text = "\n".join(c.text for c in result.advice)
    for frag in case.changes:
        if frag not in change_text:
            problems.append(f"调整建议中没有“{frag}”（实际：{change_text or '无'}）")
    reason_text = "\n".join(c.text for c in result.reasons)
    for frag in case.reasons:
        if frag not in reason_text:
            problems.append(f"不符合的原因中没有“{frag}”（实际：{reason_text or '无'}）")
    if case.amount is not None and result.amount != case.amount:
        problems.append(f"金额应为 {case.amount}，实际 {result.amount}")
    return CaseOutcome(rule, case, result, problems)


@dataclass(slots=True)
class Report:
    outcomes: list[CaseOutcome] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    rules: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and all(o.ok for o in self.outcomes)


def run_path(path: Path | str) -> Report:
    """Load every rule file under ``path`` (with the ``_*.yaml`` libraries beside them) and run its cases."""
    report = Report()
    libraries: dict[Path, dict] = {}
    for f in rule_files(path):
        lib = libraries.get(f.parent)
        if lib is None:
            lib = libraries[f.parent] = load_library_in(f.parent)
        try:
            rule = load_rule(f, library=lib)
            cases = rule.cases()
        except RuleError as e:
            report.errors.append(e)
            continue
        report.rules += 1
        for case in cases:
            try:
                report.outcomes.append(run_case(rule, case))
            except (RuleError, ValueError, KeyError) as e:
                err = (
                    e
                    if isinstance(e, RuleError)
                    else RuleError(f"案例数据有误：{e}", where=case.name, file=str(f))
                )
                report.errors.append(err)
    return report
