"""Mutation testing of the critical modules (issue 19): do the tests fail when the code is subtly wrong?

Run (slow, not in CI; each module takes minutes on the 2-core machine):

    /work/main/.venv/bin/python benchmarks/mutation.py workflow permissions      # the small ones
    /work/main/.venv/bin/python benchmarks/mutation.py --all [--max-children 2] [--diff]

For each module named, the script copies the project into ``var/mutation/<name>/`` (so the checkout is
never touched and modules do not share results), sets mutmut's ``only_mutate`` to that one file and
``pytest_add_cli_args_test_selection`` to the tests that guard it (the rest of the configuration is the
project's ``[tool.mutmut]`` in ``pyproject.toml``), runs ``mutmut run``, and prints per module the score
(killed + timeout over mutants tested), the counts by status, and the surviving mutants (with their diff
when ``--diff`` is given).

Limitation of mutmut 3: it does not mutate decorated functions (``@transaction.atomic`` services,
``@register_rule`` rules) — the script lists, per module, which functions were therefore out of reach, so
the score is not read as covering them.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
COPY = ["kechuang", "config", "tests", "conftest.py", "manage.py", "pyproject.toml"]


@dataclass(frozen=True)
class Module:
    path: str
    tests: tuple[str, ...]


MODULES: dict[str, Module] = {
    "permissions": Module(
        "kechuang/core/permissions.py",
        (
            "kechuang/core/tests/test_restrict.py",
            "kechuang/review/tests/test_services.py",
            "kechuang/review/tests/test_views.py",
        ),
    ),
    "audit": Module("kechuang/core/audit.py", ("kechuang/core/tests/test_audit.py",)),
    "workflow": Module(
        "kechuang/core/workflow.py",
        (
            "kechuang/core/tests/test_workflow_kernel.py",
            "kechuang/review/tests/test_page_actions.py",
            "kechuang/review/tests/test_audit_and_sealing.py",
        ),
    ),
    "review_services": Module("kechuang/review/services.py", ("kechuang/review/tests",)),
    "review_assignment": Module(
        "kechuang/review/assignment.py",
        ("kechuang/review/tests/test_assignment.py", "kechuang/review/tests/test_services.py"),
    ),
    "review_selectors": Module(
        "kechuang/review/selectors.py", ("kechuang/review/tests/test_audit_and_sealing.py",)
    ),
    "excel_import": Module(
        "kechuang/registry/excel/importer.py",
        ("kechuang/registry/tests/test_excel_import.py", "kechuang/registry/tests/test_excel_atomic.py"),
    ),
}

STATUS_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>[a-z ]+)$")


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def prepare(name: str, module: Module) -> Path:
    """A private copy of the project with mutmut pointed at one file and its tests."""
    dest = WORK / name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "mutants", "media", "*.sqlite3")
    for item in COPY:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=ignore)
        else:
            shutil.copy2(src, dest / item)
    pyproject = (dest / "pyproject.toml").read_text("utf-8")
    base = tomllib.loads(pyproject)["tool"]["mutmut"]
    section = "\n".join(
        [
            "[tool.mutmut]",
            f"source_paths = {_toml_list(base['source_paths'])}",
            f"also_copy = {_toml_list(base['also_copy'])}",
            f"pytest_add_cli_args = {_toml_list(base['pytest_add_cli_args'])}",
            f"only_mutate = {_toml_list([module.path])}",
            f"pytest_add_cli_args_test_selection = {_toml_list(list(module.tests))}",
            "",
        ]
    )
    pyproject = re.sub(r"\[tool\.mutmut\]\n(?:[^\[].*\n|\n)*", section + "\n", pyproject, count=1)
    (dest / "pyproject.toml").write_text(pyproject, "utf-8")
    return dest


def decorated_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    skipped = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.decorator_list:
            skipped.append(node.name)
        if isinstance(node, ast.ClassDef):
            skipped += [
                f"{node.name}.{n.name}"
                for n in node.body
                if isinstance(n, ast.FunctionDef)
                and n.decorator_list
                and not all(
                    isinstance(d, ast.Name) and d.id in {"staticmethod", "classmethod"}
                    for d in n.decorator_list
                )
            ]
    return skipped


def run(name: str, module: Module, *, max_children: int, diff: bool) -> tuple[int, int]:
    workdir = prepare(name, module)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    env.update(PYTHONHASHSEED="0", DJANGO_SETTINGS_MODULE="config.django.test")
    mutmut = [sys.executable, "-m", "mutmut"]
    print(f"== {name}: {module.path}  (tests: {' '.join(module.tests)})", flush=True)
    completed = subprocess.run(
        [*mutmut, "run", "--max-children", str(max_children)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        print(completed.stdout[-3000:], completed.stderr[-3000:], sep="\n")
        raise SystemExit(f"mutmut run failed for {name}")
    listing = subprocess.run(
        [*mutmut, "results", "--all", "true"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses: dict[str, str] = {}
    for line in listing.splitlines():
        match = STATUS_LINE.match(line)
        if match:
            statuses[match["name"]] = match["status"]
    counts = Counter(statuses.values())
    caught = counts["killed"] + counts["timeout"]
    tested = caught + counts["survived"] + counts["suspicious"]
    score = 100.0 * caught / tested if tested else 0.0
    print(
        f"   score {score:.1f} % ({caught}/{tested})  "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    survivors = sorted(n for n, s in statuses.items() if s in {"survived", "suspicious"})
    for survivor in survivors:
        print(f"   survived: {survivor}")
        if diff:
            shown = subprocess.run(
                [*mutmut, "show", survivor], cwd=workdir, env=env, capture_output=True, text=True
            ).stdout
            print("\n".join("      " + line for line in shown.splitlines()[1:]))
    skipped = decorated_functions(ROOT / module.path)
    if skipped:
        print(f"   not mutated (decorated, mutmut skips them): {', '.join(skipped)}")
    return caught, tested


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("modules", nargs="*", help="modules to mutate: " + ", ".join(MODULES))
    parser.add_argument("--all", action="store_true", help="every module")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--diff", action="store_true", help="show each surviving mutant's diff")
    args = parser.parse_args()
    names = list(MODULES) if args.all else args.modules
    if not names:
        parser.error("name modules or give --all: " + ", ".join(MODULES))
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown modules {unknown}: choose from " + ", ".join(MODULES))
    total_caught = total_tested = 0
    for name in names:
        caught, tested = run(name, MODULES[name], max_children=args.max_children, diff=args.diff)
        total_caught += caught
        total_tested += tested
    if len(names) > 1 and total_tested:
        print(f"== overall {100.0 * total_caught / total_tested:.1f} % ({total_caught}/{total_tested})")


if __name__ == "__main__":
    main()
