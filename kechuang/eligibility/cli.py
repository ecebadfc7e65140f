"""The command line ``python -m kechuang.eligibility test PATH``, ``coverage PATH`` and ``check --rule R --facts F``.

The engine ships no rule files: give a file or a directory. An application that keeps its rule files in
one directory calls :func:`main` with ``rules_dir`` (``python -m kechuang.policies.rules`` does), so
``test`` runs that directory by default and ``check --rule NAME`` finds ``NAME.yaml`` in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .coverage import gaps
from .errors import FactsError, RuleError
from .facts import check_names
from .i18n import language
from .i18n import t as tr
from .rules import _strip_lines, load_library_in, load_rule, read_yaml, rule_files
from .scenarios import run_path


def cmd_test(args: argparse.Namespace) -> int:
    if args.path is None:
        print("请给出规则文件或目录", file=sys.stderr)
        return 2
    report = run_path(args.path)
    for e in report.errors:
        print(f"错误 {e}")
    for o in report.outcomes:
        mark = "通过" if o.ok else "失败"
        if args.verbose or not o.ok:
            print(f"[{mark}] {o.rule.id} / {o.case.name}" + (f"（{o.case.reason}）" if o.case.reason else ""))
            for p in o.problems:
                print(f"    {p}")
            if not o.ok or args.verbose > 1:
                print(o.result.render())
    passed = sum(1 for o in report.outcomes if o.ok)
    print(f"{report.rules} 条规则，{len(report.outcomes)} 个案例：{passed} 通过，"
          f"{len(report.outcomes) - passed} 失败，{len(report.errors)} 个错误")  # fmt: skip
    return 0 if report.ok else 1


def cmd_coverage(args: argparse.Namespace) -> int:
    """Every condition no case reaches (false, true, missing data, edge), the effective dates no case is
    dated outside, and the cases that name no article; exit 1 when there is any."""
    if args.path is None:
        print("请给出规则文件或目录", file=sys.stderr)
        return 2
    libraries: dict[Path, dict] = {}
    rules = found = 0
    for f in rule_files(args.path):
        if f.parent not in libraries:
            libraries[f.parent] = load_library_in(f.parent)
        try:
            rule = load_rule(f, library=libraries[f.parent])
            missing = gaps(rule)
        except RuleError as e:
            print(f"错误 {e}")
            found += 1
            continue
        rules += 1
        found += len(missing)
        for g in missing:
            print(f"{rule.id}：{g.render()}")
    print(f"{rules} 条规则：{found} 处未被案例覆盖")
    return 1 if found else 0


def cmd_check(args: argparse.Namespace) -> int:
    rule_path = Path(args.rule)
    named = args.rules_dir / f"{args.rule}.yaml" if args.rules_dir is not None else None
    if not rule_path.exists() and named is not None and named.exists():
        rule_path = named
    try:
        rule = load_rule(rule_path)
    except RuleError as e:
        print(f"规则有误：{e}", file=sys.stderr)
        return 2
    facts_path = Path(args.facts)
    data = _strip_lines(read_yaml(facts_path))
    if isinstance(data, dict) and "facts" in data and "kind" not in data:
        data = data["facts"]
    today = args.today or dt.date.today()
    try:
        with language(args.lang):
            if not isinstance(data, dict):
                raise FactsError(tr("rule.not_mapping"))
            check_names(data, rule.catalogue)
        result = rule.explain(data, today, lang=args.lang)
    except FactsError as e:
        print(f"企业数据有误：{e.reason}", file=sys.stderr)
        return 2
    except RuleError as e:  # the rule's date arithmetic leaves the calendar on this date
        print(f"无法按申请日 {today.isoformat()} 计算：{e}", file=sys.stderr)
        return 2
    except (ValueError, KeyError) as e:
        print(f"企业数据有误：{e}", file=sys.stderr)
        return 2
    with language(args.lang):
        if args.json:
            print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            print(result.render())
    return {"eligible": 0, "ineligible": 1, "unknown": 3}[result.status]


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"申请日“{text}”不正确，应当是 YYYY-MM-DD") from None


def main(argv: list[str] | None = None, *, rules_dir: Path | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=prog or "python -m kechuang.eligibility", description="政策规则：校验、案例测试、单户解释"
    )
    parser.set_defaults(rules_dir=rules_dir)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("test", help="运行规则文件中的 YAML 案例")
    t.add_argument("path", nargs="?", default=rules_dir, help="规则文件或目录")
    t.add_argument("-v", "--verbose", action="count", default=0)
    t.set_defaults(func=cmd_test)
    v = sub.add_parser(
        "coverage", help="列出规则中没有案例覆盖的条件（不满足、满足、缺数据、边界）和未注明条款的案例"
    )
    v.add_argument("path", nargs="?", default=rules_dir, help="规则文件或目录")
    v.set_defaults(func=cmd_coverage)
    c = sub.add_parser("check", help="解释一个主体是否符合一条规则")
    c.add_argument("--rule", required=True, help="规则文件路径或规则文件名（不含 .yaml）")
    c.add_argument("--facts", required=True, help="主体事实（YAML/JSON 文件）")
    c.add_argument("--today", type=_day, help="申请日 YYYY-MM-DD，默认今天")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.add_argument(
        "--lang", choices=["zh-hans", "en"], help="解释的语言（默认中文）/ language of the explanation"
    )
    c.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return int(args.func(args))
