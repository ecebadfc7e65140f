"""accounts is users and sign-in only: it imports nothing from the directory or anything above it.

(The import contract in CI checks every layer; this pins the one the directory move is about.)
"""

from __future__ import annotations

import ast
from pathlib import Path

import kechuang.accounts

ROOT = Path(kechuang.accounts.__file__).parent
ABOVE = ("registry", "carriers", "review", "recognition", "market", "policies", "targets", "portal")


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return names


def test_accounts_imports_nothing_from_the_registry_or_above():
    found = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts
        for name in _imports(path)
        if name.split(".")[:2] in (["kechuang", app] for app in ABOVE)
    )
    assert found == []
