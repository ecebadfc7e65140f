"""The dependency rules import-linter cannot see (docs/architecture.md, "Conventions the tests enforce").

``lint-imports`` checks Python imports against the contracts in pyproject.toml. These tests read the same
"layers" contract (one source of truth) and check what an import graph misses:

(a) templates: ``{% load lib %}`` of another app's tag library, and ``{% extends %}``/``{% include %}`` of
    another app's template, are dependencies on that app and must point down the layers;
(b) run-time loads: ``import_module(...)``/``__import__(...)``/``import_string(...)`` of a module named by a
    computed string hide a dependency from every tool — the portal imports what it shows, by name;
(c) imports inside a function body: never of a kechuang module (that is how a cycle hides), and of any
    other library only if it is heavy and needed on a rare path (``HEAVY_LIBRARIES``, each with its reason);
(d) test builders in production code: no ``testing.py``/``factories.py`` module and no import of pytest,
    factory_boy or hypothesis outside the test packages (builders live in tests/factories.py and in each
    app's ``tests/``).

Each rule is checked on the tree, and each checker is also run on a small made-up case so that a
checker which silently finds nothing would fail.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kechuang"

# ---------------------------------------------------------------------------------------------------------
# The layers, read from pyproject.toml's import-linter contract.


@dataclass(frozen=True)
class Layers:
    """``rank[app]``: 0 for the top layer; ``independent[rank]``: siblings may not use each other."""

    rank: dict[str, int]
    independent: dict[int, bool]

    def allows(self, importer: str, imported: str) -> bool:
        if importer == imported:
            return True
        if importer not in self.rank or imported not in self.rank:
            return False
        a, b = self.rank[importer], self.rank[imported]
        return a < b or (a == b and not self.independent[a])


def load_layers(pyproject: Path = ROOT / "pyproject.toml") -> Layers:
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c.get("id") == "layers"]
    assert contract["containers"] == ["kechuang"], contract["containers"]
    rank: dict[str, int] = {}
    independent: dict[int, bool] = {}
    for i, layer in enumerate(contract["layers"]):
        separator = "|" if "|" in layer else ":"
        independent[i] = separator == "|"
        for name in layer.split(separator):
            rank[name.strip().strip("()")] = i
    return Layers(rank=rank, independent=independent)


def test_layers_are_read_from_pyproject():
    layers = load_layers()
    order = ["portal", "targets", "recognition", "market", "carriers", "registry", "accounts", "core"]
    assert [layers.rank[a] for a in order] == sorted(layers.rank[a] for a in order)
    assert layers.rank["market"] == layers.rank["policies"] == layers.rank["review"]
    assert layers.rank["resources"] == layers.rank["quality"] == layers.rank["market"]
    # programs uses review (acceptance panels) and market (an accepted project's achievement): beside recognition
    assert layers.rank["programs"] == layers.rank["recognition"]
    assert layers.allows("programs", "review") and layers.allows("programs", "market")
    assert not layers.allows("programs", "recognition") and not layers.allows("recognition", "programs")
    assert layers.allows("recognition", "review") and layers.allows("portal", "core")
    assert not layers.allows("core", "registry") and not layers.allows("registry", "carriers")
    assert not layers.allows("market", "review") and not layers.allows("review", "policies")
    assert not layers.allows("core", "matching")  # the engines are in no layer: no template may use them


def production_files(suffix: str = ".py") -> Iterator[Path]:
    """Files of kechuang/ that ship: not tests, not migrations."""
    for path in sorted(PACKAGE.rglob(f"*{suffix}")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# ---------------------------------------------------------------------------------------------------------
# (a) templates

SHELL = "core"  # kechuang/templates/ (base.html, includes/): the site shell every page extends; kernel level
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".js"}
LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")
REFERENCE = re.compile(r"""{%\s*(extends|include)\s+(["'])([^"']+)\2""")


def template_owner(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return SHELL if parts[0] == "templates" else parts[0]


def template_files() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*")):
        parts = path.relative_to(PACKAGE).parts
        if path.suffix in TEMPLATE_SUFFIXES and "templates" in parts and "tests" not in parts:
            yield path


def template_names() -> dict[str, str]:
    """Template name (as in ``{% include "x/y.html" %}``) → app whose templates/ directory holds it."""
    names: dict[str, str] = {}
    for path in template_files():
        parts = path.relative_to(PACKAGE).parts
        names.setdefault("/".join(parts[parts.index("templates") + 1 :]), template_owner(path))
    return names


def tag_libraries() -> dict[str, str]:
    """``{% load name %}`` → the kechuang app defining that library (Django's own libraries are not here)."""
    return {
        path.stem: path.relative_to(PACKAGE).parts[0]
        for path in PACKAGE.glob("*/templatetags/*.py")
        if path.stem != "__init__"
    }


def loaded_libraries(source: str) -> Iterator[str]:
    for match in LOAD.finditer(source):
        words = match.group(1).split()
        # {% load a b %} loads libraries a and b; {% load x y from lib %} loads names from lib.
        yield from [words[-1]] if "from" in words else words


def template_violations(
    owner: str, source: str, layers: Layers, libraries: dict[str, str], names: dict[str, str]
) -> list[str]:
    found = []
    for library in loaded_libraries(source):
        app = libraries.get(library)
        if app is not None and not layers.allows(owner, app):
            found.append(f"{{% load {library} %}} is {app}'s tag library")
    for match in REFERENCE.finditer(source):
        app = names.get(match.group(3))
        if app is not None and not layers.allows(owner, app):
            found.append(f'{{% {match.group(1)} "{match.group(3)}" %}} is a template of {app}')
    return found


def test_templates_use_only_their_own_app_and_the_layers_below():
    layers, libraries, names = load_layers(), tag_libraries(), template_names()
    assert {"kechuang", "recognition_tags"} <= set(libraries), libraries  # the scan finds the libraries
    problems = []
    for path in template_files():
        owner = template_owner(path)
        for problem in template_violations(owner, path.read_text(encoding="utf-8"), layers, libraries, names):
            problems.append(f"{rel(path)} ({owner}): {problem}")
    assert problems == [], "templates depending on a higher or sibling app:\n" + "\n".join(problems)


def test_template_checker_catches_an_upward_load_and_extends():
    layers = load_layers()
    source = '{% extends "recognition/_base.html" %}{% load i18n kechuang %}{% load ladder from carriers %}'
    libraries = {"kechuang": "core", "carriers": "carriers"}
    names = {"recognition/_base.html": "recognition"}
    assert template_violations("registry", source, layers, libraries, names) == [
        "{% load carriers %} is carriers's tag library",
        '{% extends "recognition/_base.html" %} is a template of recognition',
    ]
    assert template_violations("targets", source, layers, libraries, names) == []


# ---------------------------------------------------------------------------------------------------------
# (b) run-time loads

LOADERS = {"import_module", "__import__", "import_string", "autodiscover_modules"}


def runtime_loads(source: str) -> list[tuple[int, str]]:
    """Calls loading a module by a computed name, or by a literal kechuang name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in LOADERS:
            continue
        arg = node.args[0] if node.args else None
        literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        if not literal or arg.value.startswith("kechuang"):  # type: ignore[union-attr]
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_module_is_loaded_by_name_at_run_time():
    problems = [
        f"{rel(path)}:{line}: {call}"
        for path in production_files()
        for line, call in runtime_loads(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "modules loaded by a computed name (import them explicitly):\n" + "\n".join(
        problems
    )


def test_runtime_load_checker():
    source = (
        "import importlib\n"
        "def f(app):\n"
        "    importlib.import_module(f'kechuang.{app}.nav')\n"
        "    __import__('kechuang.core')\n"
        "    importlib.import_module('yaml')\n"
    )
    assert runtime_loads(source) == [
        (3, "importlib.import_module(f'kechuang.{app}.nav')"),
        (4, "__import__('kechuang.core')"),
    ]


# ---------------------------------------------------------------------------------------------------------
# (c) imports inside function bodies

# Libraries a function may import when called, rather than every process at start-up: each is large and
# needed only on a rare path. Never a kechuang module (that hides a cycle; fix the layering instead).
HEAVY_LIBRARIES = {
    "reportlab": "PDF rendering (certificates, plan reports): only when a PDF is downloaded",
    "openpyxl": "Excel workbooks: only for an import or an export",
    "jieba": "Chinese word segmentation; loads its dictionary: only when text is tokenised",
    "opencc": "Traditional → Simplified conversion tables: only when such text is converted",
    "bm25s": "the plain BM25 baseline of the matching CLI (a development dependency): only with --baseline",
}


def function_imports(source: str) -> list[tuple[int, str, str]]:
    """``(line, function, module)`` for every import inside a function (AppConfig.ready excepted)."""
    found = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # Django's documented place to import an app's signal/permission modules.
                visit(child, None if child.name == "ready" and function is None else child.name)
            elif function is not None and isinstance(child, ast.Import):
                found.extend((child.lineno, function, alias.name) for alias in child.names)
            elif function is not None and isinstance(child, ast.ImportFrom):
                base = "." * child.level + (child.module or "")
                if child.module:
                    found.append((child.lineno, function, base))
                else:  # from . import models
                    found.extend((child.lineno, function, base + alias.name) for alias in child.names)
            else:
                visit(child, function)

    visit(ast.parse(source), None)
    return found


def is_kechuang(module: str) -> bool:
    return module.startswith(("kechuang", "."))


def test_no_kechuang_import_inside_a_function():
    problems = [
        f"{rel(path)}:{line} in {function}(): {module}"
        for path in production_files()
        for line, function, module in function_imports(path.read_text(encoding="utf-8"))
        if is_kechuang(module)
    ]
    assert problems == [], "kechuang imports inside functions (move to the top; fix the layering):\n" + (
        "\n".join(problems)
    )


def test_other_imports_inside_a_function_are_heavy_libraries_only():
    problems = [
        f"{rel(path)}:{line} in {function}(): {module}"
        for path in production_files()
        for line, function, module in function_imports(path.read_text(encoding="utf-8"))
        if not is_kechuang(module) and module.split(".")[0] not in HEAVY_LIBRARIES
    ]
    assert problems == [], "imports inside functions that belong at the top of the module:\n" + (
        "\n".join(problems)
    )


def test_function_import_checker():
    source = (
        "from kechuang.core import audit\n"
        "class Config:\n"
        "    def ready(self):\n"
        "        from kechuang.x import permissions\n"
        "def render():\n"
        "    from reportlab.lib import colors\n"
        "    def inner():\n"
        "        from . import models\n"
        "    from kechuang.registry.models import Region\n"
    )
    assert function_imports(source) == [
        (6, "render", "reportlab.lib"),
        (8, "inner", ".models"),
        (9, "render", "kechuang.registry.models"),
    ]


# ---------------------------------------------------------------------------------------------------------
# (d) test builders in production code

TEST_MODULE_NAMES = {"testing", "factories", "fixtures", "conftest"}
TEST_LIBRARIES = {"pytest", "_pytest", "factory", "hypothesis", "faker"}


def builder_problems(path: Path, source: str) -> list[str]:
    found = []
    if path.stem in TEST_MODULE_NAMES:
        found.append(f"a module named {path.name}")
    for node in ast.walk(ast.parse(source)):
        modules = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and not node.level
            else []
        )
        found.extend(f"imports {m}" for m in modules if m.split(".")[0] in TEST_LIBRARIES)
    return found


def test_no_test_builders_in_production_modules():
    problems = [
        f"{rel(path)}: {problem}"
        for path in production_files()
        for problem in builder_problems(path, path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "test helpers outside tests/ (move them to tests/factories.py or tests/):\n" + (
        "\n".join(problems)
    )


def test_test_builder_checker():
    assert builder_problems(
        Path("kechuang/x/testing.py"), "import factory\nfrom pytest import fixture\n"
    ) == [
        "a module named testing.py",
        "imports factory",
        "imports pytest",
    ]
    assert builder_problems(Path("kechuang/x/services.py"), "from kechuang.core import audit\n") == []
