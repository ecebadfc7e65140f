"""Mutation testing of the critical modules (issue 19): do the tests fail when the code is subtly wrong?

Run (slow, not in CI; a module takes minutes on the 2-core machine; one mutant at a time by default):

    .venv/bin/python benchmarks/mutation.py workflow permissions       # modules by name
    .venv/bin/python benchmarks/mutation.py critical --together --diff # the whole critical set, one session
    .venv/bin/python benchmarks/mutation.py app_permissions --together --sample 40   # a busy machine
    .venv/bin/python benchmarks/mutation.py critical --summary         # the table of the last runs

Named sets: ``critical`` (every module below), ``kernel``, ``app_permissions``, ``review``, ``excel``,
``engines``. For the modules named, the script copies the project into ``var/mutation/<name>/`` (one
directory per module, or one for all of them with ``--together``: one copy and one run of the tests to
map them to functions instead of one per module — each mutant still runs only the tests that reach its
function), sets mutmut's ``only_mutate`` to the files and ``pytest_add_cli_args_test_selection`` to the
tests that guard them (the rest of the configuration is the project's ``[tool.mutmut]`` in
``pyproject.toml``), runs ``mutmut run`` and prints per module the counts by status, the score and the
surviving mutants (with their diff when ``--diff`` is given), then a Markdown table per module with a
line per set and overall (docs/testing.md). ``--sample N`` runs a seeded random sample of at most N
mutants per module and gives the score with its 95 % (Wilson) interval; ``--recheck`` runs again only
what the last run of a module did not catch.

Score = killed / (mutants − equivalent). A mutant no test reaches ("no tests") counts as a survivor; a
timeout is reported apart and counts as killed only when listed in ``LOOPS`` (checked by hand to loop
for ever), otherwise as a survivor; an equivalent mutant (no behaviour to observe) is listed in
``EQUIVALENT`` with the reason, keyed by mutant name and the mutated line, so a renumbering after an edit
is not silently taken as equivalent.

Three adjustments to the copy (never to the checkout), all to make mutmut usable on this project:

- mutmut 3 does not mutate decorated functions (``@transaction.atomic`` services, ``@register_rule``
  rules, ``@functools.wraps`` wrappers). In the copy of the mutated file, every decorated function
  outside a class body is written without its decorators and re-bound right after
  (``@a @b(x) def f`` → ``def f`` then ``f = a(b(x)(f))``), which Python defines to be the same thing;
  mutmut's trampoline is then wrapped by the decorator like the original function was. Methods of a
  class with decorators other than ``staticmethod``/``classmethod`` stay out of reach and are listed.
- a rule built by a factory at import time (``register_rule(M)(_child_rule("x__"))``) would keep the
  original code whichever mutant is active (mutmut picks it after the import): in the copy such a call at
  module level becomes ``lambda *a, **k: _child_rule("x__")(*a, **k)``, the same rule built at each call.
- each mutant runs in a forked pytest session that creates the test database again; with the
  migrations that takes ~35 s, without (``--no-migrations``: tables straight from the models; the data
  migrations only convert existing rows, of which a test database has none) ~3 s.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import libcst as cst

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
COPY = ["kechuang", "config", "tests", "conftest.py", "manage.py", "pyproject.toml"]


@dataclass(frozen=True)
class Module:
    path: str
    tests: tuple[str, ...]
    group: str = ""
    options: tuple[str, ...] = ()  # more pytest arguments for the selection (``--deselect``…)


_MATRIX = "tests/test_permission_matrix.py"
# review's tests but test_assignment (its 10-second timing test fails on a loaded machine)
_REVIEW_TESTS_BUT_TIMED = (
    "selectors",
    "audit_and_sealing",
    "services",
    "views",
    "page_actions",
    "pool_in_registry",
    "aggregation",
    "decline_rules",
)

# the engine is plain Python: its own tests guard it (a second, no database)
_ELIGIBILITY_TESTS = ("kechuang/eligibility/tests",)

_MATCHING_STORAGE_TESTS = (
    "test_persistence_without_reindexing",
    "test_other_process_writes_are_picked_up",
    "test_merging_keeps_results",
    "test_concurrent_readers_during_writes",
    "test_a_commit_within_the_same_clock_tick_is_not_missed",
    "test_a_reader_loading_while_several_commits_go_by_still_loads",
    "test_unreferenced_files_are_removed_once_old",
    "test_a_reader_reads_only_the_new_vocabulary_and_notices_a_rebuilt_index",
    "test_every_file_the_manifest_names_is_made_durable_before_it",
)


def _app_permissions(app: str) -> Module:
    """An app's permission rules, guarded by its rule-by-rule property tests (tests/rule_grid.py). The
    permission matrix (tests/test_permission_matrix.py) guards them too, but costs seconds per mutant on
    the shared machine; ``--with-matrix`` adds it."""
    return Module(
        f"kechuang/{app}/permissions.py",
        (f"kechuang/{app}/tests/test_permission_properties.py",),
        group="app_permissions",
    )


MODULES: dict[str, Module] = {
    "permissions": Module(
        "kechuang/core/permissions.py",
        (
            "kechuang/core/tests/test_restrict.py",
            "kechuang/core/tests/test_permission_kernel.py",
            "kechuang/review/tests/test_services.py",
            "kechuang/review/tests/test_views.py",
        ),
        group="kernel",
    ),
    "registry_permissions": _app_permissions("registry"),
    "carriers_permissions": _app_permissions("carriers"),
    "market_permissions": _app_permissions("market"),
    "policies_permissions": _app_permissions("policies"),
    "review_permissions": _app_permissions("review"),
    "recognition_permissions": _app_permissions("recognition"),
    "targets_permissions": _app_permissions("targets"),
    "programs_permissions": _app_permissions("programs"),
    "resources_permissions": _app_permissions("resources"),
    "quality_permissions": _app_permissions("quality"),
    "audit": Module(
        "kechuang/core/audit.py",
        ("kechuang/core/tests/test_audit.py", "kechuang/core/tests/test_audit_rules.py"),
        group="kernel",
    ),
    "workflow": Module(
        "kechuang/core/workflow.py",
        (
            "kechuang/core/tests/test_workflow_kernel.py",
            "kechuang/core/tests/test_workflow_rules.py",
            "kechuang/review/tests/test_page_actions.py",
            "kechuang/review/tests/test_audit_and_sealing.py",
        ),
        group="kernel",
    ),
    "eligibility_evaluator": Module(
        "kechuang/eligibility/threevalued.py", ("kechuang/eligibility/tests",), group="engines"
    ),
    "eligibility_compiler": Module(
        "kechuang/eligibility/compiler.py", ("kechuang/eligibility/tests",), group="engines"
    ),
    # the rest of the engine (issue 12): every module of kechuang/eligibility/ but the package's entry points
    **{
        f"eligibility_{name}": Module(f"kechuang/eligibility/{name}.py", _ELIGIBILITY_TESTS, group="engines")
        for name in (
            "catalogue",
            "changes",
            "cli",
            "coverage",
            "describe",
            "errors",
            "evaluate",
            "explain",
            "facts",
            "format",
            "held",
            "i18n",
            "nodes",
            "rules",
            "scenarios",
            "source",
            "syntax",
            "whatif",
        )
    },
    "matching_ranking": Module(
        "kechuang/matching/ranking.py",
        (
            "kechuang/matching/tests/test_ranking_rules.py",  # first: the fast rule tests stop a mutant early
            "kechuang/matching/tests/test_ranking_field_rules.py",
            "kechuang/matching/tests/test_feedback.py",
            "kechuang/matching/tests/test_index.py",
        ),
        group="engines",
        # the index's storage tests (files, readers, concurrency) search only to see that results survive;
        # each costs seconds per mutant and states no ranking rule
        options=tuple(
            arg
            for test in _MATCHING_STORAGE_TESTS
            for arg in ("--deselect", f"kechuang/matching/tests/test_index.py::{test}")
        ),
    ),
    "review_services": Module(
        "kechuang/review/services.py",
        tuple(f"kechuang/review/tests/test_{name}.py" for name in _REVIEW_TESTS_BUT_TIMED),
        group="review",
    ),
    "review_assignment": Module(
        "kechuang/review/assignment.py",
        ("kechuang/review/tests/test_assignment.py", "kechuang/review/tests/test_services.py"),
        group="review",
        options=(
            "--deselect",
            "kechuang/review/tests/test_assignment.py::test_full_scale_zero_conflicts_under_ten_seconds",
        ),
    ),
    "review_selectors": Module(
        "kechuang/review/selectors.py",
        tuple(f"kechuang/review/tests/test_{name}.py" for name in _REVIEW_TESTS_BUT_TIMED),
        group="review",
    ),
    "excel_import": Module(
        "kechuang/registry/excel/importer.py",
        (
            "kechuang/registry/tests/test_excel_import.py",
            "kechuang/registry/tests/test_excel_atomic.py",
            "kechuang/registry/tests/test_excel_import_audit.py",
        ),
        group="excel",
    ),
    "excel_reading": Module(
        "kechuang/core/excel.py",
        (
            "kechuang/core/tests/test_excel.py",
            "kechuang/core/tests/test_excel_upload_rules.py",
            "kechuang/registry/tests/test_excel_import.py",
            "kechuang/registry/tests/test_excel_import_audit.py",
        ),
        group="excel",
    ),
}

# Named sets of modules (give a set's name instead of module names). "critical" is issue 19's list:
# permissions (kernel and every app's rules), audit, workflow, the two engines, review, Excel import.
GROUPS: dict[str, list[str]] = {
    "critical": list(MODULES),
    **{
        group: [name for name, module in MODULES.items() if module.group == group]
        for group in sorted({m.group for m in MODULES.values()})
    },
}

# Mutants checked by hand to change nothing observable: name -> (a piece of the mutated line, why).
_FALSY = "getattr's default only matters when the attribute is missing, and None is as false as False"
_ROUND_TRIP = "json.loads undoes the \\u escapes of ensure_ascii: the round trip gives the same dict"
_FLATCHOICES = "every Django field has flatchoices (empty without choices): getattr's default is never used"
_DEFERRED = (
    "a field left out of only() is loaded on first use: same rows and audit, more queries (performance only)"
)
_NEED_IDS = "need_ids=True writes the same audit rows with bulk_create instead of the raw INSERT (speed only)"
_TWO_SHEETS = "every error names one of the two sheets, both in ctx.columns: the default is never read"
_VIA_ADMIN = (
    "a platform admin passes the application rule's own admin check, which keeps every application: the "
    "child rows (each has its application) are all kept either way"
)
_BATCH = "bulk_create's batch size splits the INSERTs, the rows written are the same"
_MEMO = "the change finder's memo only saves recomputing a node's value with the actual facts (speed only)"
EQUIVALENT: dict[str, tuple[str, str]] = {
    "kechuang.core.audit.x_compute_hash__mutmut_4": (
        "ensure_ascii=None",
        "json.dumps tests ensure_ascii for truth: None and False write the same text",
    ),
    "kechuang.core.audit.x_compute_hash__mutmut_18": ('encode("UTF-8")', "codec names are case-insensitive"),
    "kechuang.core.audit.x__actor_label__mutmut_7": ('"display_name", None)', _FALSY),
    "kechuang.core.audit.x_audit_verify__mutmut_1": (
        "batch_size: int = 5001",
        "the batch size changes how many rows are read at once, not the answer (tested for 1, 2, 3, 5000)",
    ),
    "kechuang.core.audit.x_security_event__mutmut_19": (
        "-before=None,",
        "before=None dropped: the model field's default is None, the same value",
    ),
    "kechuang.core.audit.x_to_jsonable__mutmut_5": ("ensure_ascii=None", _ROUND_TRIP),
    "kechuang.core.audit.x_to_jsonable__mutmut_8": ("-return json.loads", _ROUND_TRIP),
    "kechuang.core.audit.x_to_jsonable__mutmut_9": ("ensure_ascii=True", _ROUND_TRIP),
    "kechuang.core.audit.x_audit_log_many__mutmut_55": ("batch_size=None", _BATCH),
    "kechuang.core.audit.x_audit_log_many__mutmut_57": (
        "+AuditRecord.objects.bulk_create(records, )",
        _BATCH,
    ),
    "kechuang.core.audit.x_audit_log_many__mutmut_58": ("batch_size=2001", _BATCH),
    "kechuang.core.workflow.x_status_label__mutmut_7": ('"flatchoices", None)', _FLATCHOICES),
    "kechuang.core.workflow.x_status_label__mutmut_10": ('"flatchoices", )', _FLATCHOICES),
    "kechuang.core.workflow.x_allowed_actions__mutmut_5": (
        "type(None)",
        "a model's _meta.concrete_model is never empty, so the right of `or` is never read",
    ),
    "kechuang.core.workflow.x_allowed_actions__mutmut_12": ('"is_authenticated", None)', _FALSY),
    "kechuang.review.selectors.x_item_assignments__mutmut_11": (
        "user, ).select_related(",
        'restrict()\'s action defaults to "view", the action dropped',
    ),
    "kechuang.registry.excel.importer.x__write__mutmut_16": (
        'qs.only("uscc", "name")',
        'only() always loads the primary key: dropping "id" from it changes nothing',
    ),
    "kechuang.registry.excel.importer.x__write__mutmut_17": ('qs.only("id", "name")', _DEFERRED),
    "kechuang.registry.excel.importer.x__write__mutmut_18": ('qs.only("id", "uscc", )', _DEFERRED),
    "kechuang.registry.excel.importer.x__audit__mutmut_87": ("need_ids=None", "None is as false as False"),
    "kechuang.registry.excel.importer.x__audit__mutmut_90": ("entries=entries(chunk), )", _NEED_IDS),
    "kechuang.registry.excel.importer.x__audit__mutmut_92": ("need_ids=True", _NEED_IDS),
    "kechuang.registry.excel.importer.x__sorted__mutmut_5": ("order.get(error.sheet, None)", _TWO_SHEETS),
    "kechuang.registry.excel.importer.x__sorted__mutmut_7": ("order.get(error.sheet, )", _TWO_SHEETS),
    "kechuang.registry.excel.importer.x__sorted__mutmut_12": (
        "ORG_SHEET else 2",
        "only the order of the sheet keys matters: 0 before 2 as before 1",
    ),
    "kechuang.core.permissions.x_restrict__mutmut_11": ('"is_authenticated", None)', _FALSY),
    # the engine (issue 12)
    **{
        f"kechuang.eligibility.changes.xǁChangeFinderǁ__init____mutmut_{i}": (line, _MEMO)
        for i, line in ((4, "memo=None)"), (6, "Evaluator(facts, )"), (7, "memo=False)"))
    },
    "kechuang.eligibility.changes.xǁChangeFinderǁ_solve__mutmut_47": (
        'Decimal("1E-9")',
        "1E-9 and 1e-9 are one number",
    ),
    "kechuang.eligibility.changes.xǁChangeFinderǁ_solve__mutmut_58": (
        "(slope >= 0)",
        "a zero slope returned None two lines before: > 0 and >= 0 agree on every slope that gets here",
    ),
    "kechuang.market.permissions.x_saved_search_rule__mutmut_4": ('"is_authenticated", None)', _FALSY),
    "kechuang.market.permissions.x_feedback_rule__mutmut_5": ('"is_authenticated", None)', _FALSY),
    "kechuang.programs.permissions.x__via_application__mutmut_1": (
        "user_is_platform_admin(None)",
        _VIA_ADMIN,
    ),
    "kechuang.recognition.permissions.x__via_application__mutmut_1": (
        "user_is_platform_admin(None)",
        _VIA_ADMIN,
    ),
    "kechuang.review.services.x_assignment_decline__mutmut_42": (
        'select_related("organization")',
        "the organization's industry is loaded on first use: the same replacement, one query more",
    ),
    "kechuang.core.excel.x_cleanup_old_files__mutmut_8": (
        "st_mtime <= cutoff",
        "the cut-off instant is read from the clock inside the call: no file can be dated exactly at it",
    ),
    "kechuang.eligibility.nodes.xǁVisitorǁvisit__mutmut_22": (
        "_DISPATCH[key] = None",
        "a cache: a None entry reads as not cached, so the method is looked up again (speed only)",
    ),
    "kechuang.eligibility.syntax.xǁParserǁatom__mutmut_13": (
        "RuleError(tr(None), text=self.text, span=t.span) from exc",
        "dead code: the tokenizer lets only ASCII digits (with _ and one decimal point) into a number, which "
        "Decimal always reads",
    ),
    "kechuang.eligibility.syntax.xǁParserǁerror__mutmut_14": (
        "Span(len(self.text), len(self.text) + 2)",
        "a span past the text's end is drawn as one caret whatever its end (render clamps the end to the "
        "text) and nothing else reads it",
    ),
    "kechuang.eligibility.rules.x__condition__mutmut_97": (
        'Condition(None, at, label=label, items=[_condition(body, f"{where}.not")])',
        "only _build reads a Condition's kind, and its last branch builds Not for any kind but expr/all/any",
    ),
    "kechuang.eligibility.cli.x_cmd_coverage__mutmut_19": (
        "load_rule(f, )",
        "load_rule's default library is load_library_in(f.parent), the one passed: loaded once per "
        "directory instead of once per file (speed only)",
    ),
    "kechuang.eligibility.scenarios.x_run_path__mutmut_13": (
        "load_rule(f, )",
        "load_rule's default library is load_library_in(f.parent), the one passed (speed only)",
    ),
    "kechuang.eligibility.explain.xǁExplainerǁs_Compare__mutmut_46": (
        "isinstance(actual, Decimal) or isinstance(required, Decimal)",
        "fmt_apart shows two values as show() does (fmt_value; labels only touch text) unless they are "
        "numbers that look equal and differ, which the original condition already covers",
    ),
    "kechuang.eligibility.explain.xǁExplainerǁs_Under__mutmut_55": (
        'fmt_value(node.code, "XXXX", self.facts.labels)',
        "a code is text, and fmt_value reads the format only for numbers",
    ),
    "kechuang.eligibility.scenarios.x_run_path__mutmut_5": (
        "libraries.get(None)",
        "a cache of each directory's library: a miss loads the same library again (speed only)",
    ),
    # the matching engine's ranking (issue 19, afternoon)
    "kechuang.matching.ranking.x_gather_emb__mutmut_3": (
        "if (len(segs) > 1) or True else",
        "np.concatenate of one segment's embeddings is a copy with the same values (the shortcut saves the copy)",
    ),
    "kechuang.matching.ranking.xǁRankerǁ_hits__mutmut_1": (
        'text: str = "XXXX"',
        "rank() always passes text=: the default is never read",
    ),
    "kechuang.matching.ranking.xǁRankerǁ_hits__mutmut_24": (
        "zip(seg_of, rows, )",
        "rows is computed from seg_of (cand − offsets[seg_of]): same length, strict= can never fire",
    ),
    "kechuang.core.excel.x_xlsx_response__mutmut_5": (
        'TemporaryFile(prefix="kechuang-export-", )',
        "the temporary file's name suffix is never seen: the download's name is given apart",
    ),
}

# Timed-out mutants checked by hand to loop for ever (so a timeout is their only possible failure).
LOOPS: dict[str, str] = {}

# A pytest plugin written into the copy: each mutant's session (a fresh fork) takes a free slot among a few
# SQLite test databases (a lock file per slot) and reuses it (``--reuse-db``), instead of creating one.
# Tests roll back or flush, and the session fixture reloads the reference data (an upsert).
DB_PLUGIN = '''"""benchmarks/mutation.py: reuse one of a few test databases per pytest session."""

import fcntl
import os
import random
from pathlib import Path

_HELD = []


def pytest_configure(config):
    from django.conf import settings
    from django.db import connections

    root = Path(os.environ["KC_MUTATION_DB_DIR"])
    root.mkdir(parents=True, exist_ok=True)
    for slot in range(64):
        handle = open(root / f"slot{slot}.lock", "w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        _HELD.append(handle)
        name = str(root / f"test{slot}.sqlite3")
        for settings_dict in (settings.DATABASES["default"], connections["default"].settings_dict):
            settings_dict.setdefault("TEST", {})["NAME"] = name
        config.option.reuse_db = True
        return
    raise RuntimeError("no free test database slot")
'''

WITH_MATRIX = False  # set by --with-matrix

STATUS_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>[a-z ]+)$")


def existing_tests(module: Module) -> list[str]:
    """The module's guarding tests that exist in this checkout."""
    tests = [*module.tests, _MATRIX] if WITH_MATRIX and module.group == "app_permissions" else module.tests
    return [t for t in tests if (ROOT / t).exists()]


def _toml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def prepare(name: str, modules: list[Module]) -> Path:
    """A private copy of the project with mutmut pointed at the modules' files and their tests."""
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
    selection = list(dict.fromkeys(t for m in modules for t in existing_tests(m)))
    options = [o for m in modules for o in m.options]
    section = "\n".join(
        [
            "[tool.mutmut]",
            f"source_paths = {_toml_list(base['source_paths'])}",
            f"also_copy = {_toml_list([*base['also_copy'], 'mutation_db.py'])}",
            "pytest_add_cli_args = "
            + _toml_list([*base["pytest_add_cli_args"], "--no-migrations", "-p", "mutation_db"]),
            "timeout_constant = 10.0",
            f"only_mutate = {_toml_list([m.path for m in modules])}",
            "pytest_add_cli_args_test_selection = " + _toml_list([*selection, *options]),
            "",
        ]
    )
    pyproject = re.sub(r"\[tool\.mutmut\]\n(?:[^\[].*\n|\n)*", section + "\n", pyproject, count=1)
    (dest / "pyproject.toml").write_text(pyproject, "utf-8")
    (dest / "mutation_db.py").write_text(DB_PLUGIN, "utf-8")
    for module in modules:
        target = dest / module.path
        target.write_text(undecorate(target.read_text("utf-8")), "utf-8")
    return dest


def _keeps_decorators(node: cst.FunctionDef) -> bool:
    """What mutmut already mutates: no decorator, or a lone staticmethod/classmethod."""
    decorators = node.decorators
    return not decorators or (
        len(decorators) == 1
        and isinstance(decorators[0].decorator, cst.Name)
        and decorators[0].decorator.value in {"staticmethod", "classmethod"}
    )


class _Undecorate(cst.CSTTransformer):
    """``@a @b(x) def f: ...`` → ``def f: ...`` then ``f = a(b(x)(f))``, outside class bodies."""

    def __init__(self) -> None:
        self.scopes: list[str] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append("class")

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.scopes.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append("def")

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef | cst.FlattenSentinel[cst.BaseStatement]:
        self.scopes.pop()
        if (self.scopes and self.scopes[-1] == "class") or _keeps_decorators(updated):
            return updated
        wrapped: cst.BaseExpression = cst.Name(updated.name.value)
        for decorator in reversed(updated.decorators):
            wrapped = cst.Call(func=decorator.decorator, args=[cst.Arg(wrapped)])
        rebind = cst.SimpleStatementLine(
            [cst.Assign(targets=[cst.AssignTarget(cst.Name(updated.name.value))], value=wrapped)]
        )
        leading = [line for d in updated.decorators for line in d.leading_lines]
        plain = updated.with_changes(decorators=[], leading_lines=[*updated.leading_lines, *leading])
        return cst.FlattenSentinel([plain, rebind])


def undecorate(source: str) -> str:
    return delay_factories(cst.parse_module(source).visit(_Undecorate()).code)


def _factories(module: cst.Module) -> set[str]:
    """Module-level functions that build and return a function (``def f(prefix): def rule(...): ...``)."""
    return {
        node.name.value
        for node in module.body
        if isinstance(node, cst.FunctionDef)
        and any(isinstance(inner, cst.FunctionDef) for inner in node.body.body)
    }


class _DelayFactories(cst.CSTTransformer):
    """``register_rule(M)(make_rule("x"))`` at module level → ``register_rule(M)(lambda *a, **k:
    make_rule("x")(*a, **k))``: the same rule, built at each call instead of once at import, so that the
    mutant active in mutmut's worker (chosen after the import) is the one that runs."""

    def __init__(self, factories: set[str]) -> None:
        self.factories = factories
        self.depth = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth += 1

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        self.depth -= 1
        return updated

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.depth += 1

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.depth -= 1
        return updated

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if self.depth or not (isinstance(updated.func, cst.Name) and updated.func.value in self.factories):
            return updated
        forwarded = cst.Call(
            func=updated,
            args=[cst.Arg(cst.Name("a"), star="*"), cst.Arg(cst.Name("k"), star="**")],
        )
        params = cst.Parameters(star_arg=cst.Param(cst.Name("a")), star_kwarg=cst.Param(cst.Name("k")))
        return cst.Lambda(params=params, body=forwarded)


def delay_factories(source: str) -> str:
    module = cst.parse_module(source)
    return module.visit(_DelayFactories(_factories(module))).code


def decorated_methods(path: Path) -> list[str]:
    """Methods mutmut still skips: decorated (other than staticmethod/classmethod) inside a class body."""
    tree = ast.parse(path.read_text("utf-8"))
    skipped = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            skipped += [
                f"{node.name}.{n.name}"
                for n in node.body
                if isinstance(n, ast.FunctionDef)
                and n.decorator_list
                and not (
                    len(n.decorator_list) == 1
                    and isinstance(n.decorator_list[0], ast.Name)
                    and n.decorator_list[0].id in {"staticmethod", "classmethod"}
                )
            ]
    return skipped


def _mutated_line(shown: str) -> str:
    """The changed lines of a mutant's diff, each as ``-old`` / ``+new`` without indentation."""
    return "\n".join(
        line[0] + line[1:].strip()
        for line in shown.splitlines()
        if line[:1] in {"+", "-"} and not line.startswith(("+++", "---"))
    )


NOT_CAUGHT = {"survived", "no tests", "timeout", "suspicious", "segfault", "not checked"}


def _saved(name: str) -> Path:
    return WORK / f"{name}.statuses.json"


def _source_hash(module: Module) -> str:
    return hashlib.sha256((ROOT / module.path).read_bytes()).hexdigest()


def previous_statuses(name: str, module: Module) -> dict[str, str] | None:
    """The statuses of the last run of ``name``, if the module's source has not changed since."""
    try:
        saved = json.loads(_saved(name).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return saved["statuses"] if saved.get("source") == _source_hash(module) else None


@dataclass(frozen=True)
class Result:
    name: str
    module: Module
    counts: Counter[str]
    equivalent: int
    killed: int
    total: int
    generated: int  # mutants of the module; more than the statuses when a sample was run

    @property
    def sampled(self) -> bool:
        return sum(self.counts.values()) < self.generated

    def interval(self) -> tuple[float, float]:
        """The 95 % Wilson interval of the score (of the whole module, when a sample was run)."""
        return wilson(self.killed, self.total)

    @property
    def score(self) -> float:
        return 100.0 * self.killed / self.total if self.total else 0.0


def wilson(killed: int, n: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of killed/n, in per cent."""
    if not n:
        return (0.0, 0.0)
    z, p = 1.96, killed / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100.0 * (centre - half), 100.0 * min(1.0, centre + half))


def _dotted(module: Module) -> str:
    """The prefix of the module's mutant names: ``kechuang/core/audit.py`` → ``kechuang.core.audit.``."""
    return module.path.removesuffix(".py").replace("/", ".") + "."


def mutant_names(workdir: Path, module: Module) -> list[str]:
    """Every mutant mutmut makes of the module (in the prepared copy), by name."""
    from mutmut.mutation.file_mutation import mutate_file_contents

    source = (workdir / module.path).read_text("utf-8")
    return [_dotted(module) + n for n in mutate_file_contents(module.path, source).mutant_names]


def run(
    names: list[str],
    *,
    max_children: int,
    diff: bool,
    nice: int,
    recheck: bool = False,
    sample: int = 0,
    seed: int = 19,
    more: bool = False,
) -> list[Result]:
    """Mutate the named modules in one mutmut session (one copy, one stats run over the union of their
    tests; each mutant still runs only the tests that reach its function), then report each module."""
    modules = [MODULES[n] for n in names]
    previous = {n: previous_statuses(n, MODULES[n]) if recheck or more else None for n in names}
    again = (
        sorted(m for p in previous.values() for m, st in (p or {}).items() if st in NOT_CAUGHT)
        if recheck
        else []
    )
    session = (
        names[0] if len(names) == 1 else "together-" + hashlib.sha1(",".join(names).encode()).hexdigest()[:8]
    )
    workdir = prepare(session, modules)
    generated = {name: mutant_names(workdir, MODULES[name]) for name in names}
    chosen: list[str] = []
    if sample and not recheck:
        for name in names:
            every = generated[name]
            known = previous[name] or {}
            picked = random.Random(seed).sample(every, min(sample, len(every)))
            chosen += sorted(m for m in picked if m not in known)
        print(f"   a sample of at most {sample} mutants per module (seed {seed}): {len(chosen)} in all")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        PYTHONHASHSEED="0",
        DJANGO_SETTINGS_MODULE="config.django.test",
        KC_MUTATION_DB_DIR=str(workdir / "testdb"),
    )
    mutmut = [sys.executable, "-m", "mutmut"]
    for name, module in zip(names, modules, strict=True):
        print(f"== {name}: {module.path}  (tests: {' '.join(existing_tests(module))})", flush=True)
    if recheck and any(p is not None for p in previous.values()):
        print(f"   recheck: the {len(again)} mutants not caught last time; the others keep their status")
    if (recheck and not again and all(p is not None for p in previous.values())) or (
        sample and not recheck and not chosen
    ):
        listing = ""  # nothing to run again
    else:
        completed = subprocess.run(
            ["nice", "-n", str(nice), *mutmut, "run", "--max-children", str(max_children), *again, *chosen],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            print(completed.stdout[-3000:], completed.stderr[-3000:], sep="\n")
            raise SystemExit(f"mutmut run failed for {', '.join(names)}")
        listing = subprocess.run(
            [*mutmut, "results", "--all", "true"],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    found: dict[str, str] = {}
    for line in listing.splitlines():
        match = STATUS_LINE.match(line)
        if match:
            found[match["name"]] = match["status"]

    def show(mutant: str) -> str:
        return subprocess.run(
            [*mutmut, "show", mutant], cwd=workdir, env=env, capture_output=True, text=True
        ).stdout

    results = []
    for name, module in zip(names, modules, strict=True):
        statuses = {m: st for m, st in found.items() if m.startswith(_dotted(module))}
        if chosen:
            statuses = {m: st for m, st in statuses.items() if m in set(chosen)}
        before = previous[name]
        if before is not None and more:
            statuses = {**before, **statuses}  # the earlier samples and this one
        elif before is not None:
            statuses = {m: (statuses.get(m, st) if m in again else st) for m, st in before.items()}
        result = report(name, module, statuses, show, diff=diff, generated=len(generated[name]))
        saved = {
            "source": _source_hash(module),
            "statuses": statuses,
            "generated": result.generated,
            "equivalent": result.equivalent,
            "session": workdir.name,
        }
        _saved(name).write_text(json.dumps(saved, indent=0), "utf-8")
        results.append(result)
    return results


def report(
    name: str,
    module: Module,
    statuses: dict[str, str],
    show: Callable[[str], str],
    *,
    diff: bool,
    generated: int,
) -> Result:
    """Print one module's score, its surviving mutants (with their diff) and its equivalent ones."""
    print(f"== {name}: {module.path}")
    equivalent: dict[str, str] = {}
    for mutant, (piece, why) in EQUIVALENT.items():
        if statuses.get(mutant) in {"survived", "no tests"}:
            if piece in _mutated_line(show(mutant)):
                equivalent[mutant] = why
            else:
                print(f"   ! {mutant} listed as equivalent but its mutated line changed: not counted")
    counts = Counter(statuses.values())
    killed = counts["killed"] + sum(1 for m, st in statuses.items() if st == "timeout" and m in LOOPS)
    total = len(statuses) - counts["skipped"] - len(equivalent)
    score = 100.0 * killed / total if total else 0.0
    print(
        f"   score {score:.1f} % ({killed}/{total})  equivalent {len(equivalent)}  "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    for status in ("timeout", "survived", "no tests", "suspicious", "segfault"):
        for mutant in sorted(n for n, st in statuses.items() if st == status and n not in equivalent):
            note = " (loops: counted killed)" if mutant in LOOPS else ""
            print(f"   {status}: {mutant}{note}")
            if diff and status != "timeout":
                print("\n".join("      " + line for line in show(mutant).splitlines()[1:]))
    for mutant, why in sorted(equivalent.items()):
        print(f"   equivalent: {mutant} — {why}")
    skipped = decorated_methods(ROOT / module.path)
    if skipped:
        print(f"   not mutated (decorated methods, mutmut skips them): {', '.join(skipped)}")
    result = Result(name, module, counts, len(equivalent), killed, total, generated)
    if result.sampled:
        low, high = result.interval()
        print(
            f"   a sample of {len(statuses)} of {generated} mutants: the module's score is {low:.0f}–{high:.0f} %"
        )
    return result


def last_result(name: str) -> Result | None:
    """The result of the module's last run as saved (None, with a note, if none or its source changed)."""
    module = MODULES[name]
    try:
        saved = json.loads(_saved(name).read_text("utf-8"))
    except (OSError, ValueError):
        print(f"   {name}: not run yet")
        return None
    if saved.get("source") != _source_hash(module):
        print(f"   {name}: its source changed since the last run")
        return None
    statuses: dict[str, str] = saved["statuses"]
    generated = int(saved.get("generated", len(statuses)))
    workdir = WORK / str(saved.get("session", name))
    if not workdir.is_dir():  # saved before sessions were named: the newest copy holding the module's mutants
        held = sorted(WORK.glob(f"*/mutants/{module.path}.meta"), key=lambda q: q.stat().st_mtime)
        workdir = held[-1].parents[len(Path(module.path).parts)] if held else workdir
    if (workdir / "mutants").is_dir():  # the mutants are still there: list survivors, equivalents again

        def show(mutant: str) -> str:
            return subprocess.run(
                [sys.executable, "-m", "mutmut", "show", mutant],
                cwd=workdir,
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.django.test"},
                capture_output=True,
                text=True,
            ).stdout

        return report(name, module, statuses, show, diff=False, generated=generated)
    counts = Counter(statuses.values())
    equivalent = int(saved.get("equivalent", 0))
    killed = counts["killed"] + sum(1 for m, st in statuses.items() if st == "timeout" and m in LOOPS)
    total = len(statuses) - counts["skipped"] - equivalent
    return Result(name, module, counts, equivalent, killed, total, generated)


def table(results: list[Result]) -> str:
    """The per-module table (Markdown, for docs/testing.md), then a line per group and the overall score."""
    lines = [
        "| module | file | mutants | killed | survived (not equivalent) | no tests | timeout | equivalent | score |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        c = r.counts
        run_ = sum(c.values()) - c["skipped"]
        mutants = f"{run_} of {r.generated} (sample)" if r.sampled else str(run_)
        low, high = r.interval()
        score = f"{r.score:.1f} % (95 %: {low:.0f}–{high:.0f} %)" if r.sampled else f"{r.score:.1f} %"
        lines.append(
            f"| {r.name} | {r.module.path.removeprefix('kechuang/')} | {mutants} "
            f"| {r.killed} | {max(c['survived'] - r.equivalent, 0)} | {c['no tests']} | {c['timeout']} | {r.equivalent} "
            f"| {score} |"
        )
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.module.group, []).append(r)
    summary = [
        (f"group {group}", sum(r.killed for r in rs), sum(r.total for r in rs))
        for group, rs in groups.items()
    ]
    summary.append(("overall", sum(r.killed for r in results), sum(r.total for r in results)))
    if any(r.sampled for r in results):
        lines += ["", "(a sampled module counts its sample in the group and overall figures)"]
    lines.append("")
    sampled = any(r.sampled for r in results)
    for label, k, t in summary:
        low, high = wilson(k, t)
        interval = f"; 95 %: {low:.0f}–{high:.0f} %" if sampled else ""
        lines.append(f"- {label}: {100.0 * k / t if t else 0.0:.1f} % ({k}/{t}{interval})")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "modules",
        nargs="*",
        help="modules to mutate: " + ", ".join(MODULES) + "; or a set of them: " + ", ".join(GROUPS),
    )
    parser.add_argument("--all", action="store_true", help="every module (the same as the set critical)")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--diff", action="store_true", help="show each surviving mutant's diff")
    parser.add_argument(
        "--together",
        action="store_true",
        help="mutate the modules in one mutmut session: one copy and one run of the tests to map them "
        "(minutes saved per module), instead of one session per module",
    )
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run again only the mutants the last run of a module did not catch (its source unchanged)",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        help="run a random sample of at most this many mutants per module (a busy machine); the score "
        "is then given with its 95 %% interval",
    )
    parser.add_argument(
        "--with-matrix",
        action="store_true",
        help="the apps' permission rules guarded by the permission matrix too (slower)",
    )
    parser.add_argument(
        "--more",
        action="store_true",
        help="with --sample: add this sample (another --seed) to the module's last one, running only the "
        "mutants not run yet",
    )
    parser.add_argument("--seed", type=int, default=19, help="the sample's random seed")
    parser.add_argument(
        "--summary",
        action="store_true",
        help="run nothing: print the table from the last run of each named module (var/mutation/)",
    )
    parser.add_argument(
        "--nice", type=int, default=5, help="niceness of the mutmut run (do not nice the script too)"
    )
    args = parser.parse_args()
    global WITH_MATRIX
    WITH_MATRIX = args.with_matrix
    names = list(MODULES) if args.all else [n for arg in args.modules for n in GROUPS.get(arg, [arg])]
    if not names:
        parser.error("name modules or give --all: " + ", ".join(MODULES))
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown modules {unknown}: choose from " + ", ".join([*MODULES, *GROUPS]))
    names = list(dict.fromkeys(names))
    options = {
        "max_children": args.max_children,
        "diff": args.diff,
        "nice": args.nice,
        "recheck": args.recheck,
        "sample": args.sample,
        "seed": args.seed,
        "more": args.more,
    }
    if args.summary:
        results = [r for r in (last_result(name) for name in names) if r is not None]
    elif args.together:
        results = run(names, **options)
    else:
        results = [result for name in names for result in run([name], **options)]
    print("\n" + table(results))


if __name__ == "__main__":
    main()
