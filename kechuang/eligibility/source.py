"""A rule read from its text (as an officer edits it), with errors pointing at a line and column.

``parse_text(text)`` reads the YAML (or JSON, which is YAML too), checks the rule and returns the
:class:`~kechuang.eligibility.rules.Rule`; a wrong rule raises :class:`RuleError` whose ``line`` and
``column`` (1-based) point into ``text``: YAML syntax errors where PyYAML stopped, expression errors at
the offending character of the expression inside the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import yaml

from .catalogue import DEFAULT_CATALOGUE, DESIGNATION_KINDS, Catalogue
from .compiler import Definition
from .errors import RuleError
from .i18n import t
from .rules import Rule, _LineLoader

# PyYAML's problems, said in the rule writers' words (anything else is shown as PyYAML says it)
_YAML_PROBLEMS: list[tuple[str, str]] = [
    ("mapping values are not allowed here", "yaml.mapping_values"),
    ("could not find expected ':'", "yaml.expected_colon"),
    ("found character '\\t' that cannot start any token", "yaml.tab"),
    ("found a tab character", "yaml.tab"),
    ("expected <block end>", "yaml.indent"),
    ("did not find expected key", "yaml.indent"),
    ("did not find expected '-' indicator", "yaml.indent"),
    ("found unexpected end of stream", "yaml.unclosed_quote"),
    ("did not find expected ',' or ']'", "yaml.unclosed_bracket"),
    ("did not find expected ',' or '}'", "yaml.unclosed_brace"),
    ("found duplicate anchor", "yaml.anchor"),
    ("found undefined alias", "yaml.anchor"),
    ("found character that cannot start any token", "yaml.bad_char"),
    # PyYAML's flow parser says it without “did not find”, and names the character
    ("expected ',' or ']'", "yaml.unclosed_bracket"),
    ("expected ',' or '}'", "yaml.unclosed_brace"),
]
_BAD_CHAR = re.compile(r"^found character '.+' that cannot start any token")


def yaml_reason(problem: str) -> str:
    for prefix, key in _YAML_PROBLEMS:
        if problem.startswith(prefix):
            return t(key)
    if _BAD_CHAR.match(problem):
        return t("yaml.bad_char")
    return t("yaml.other", problem=problem)


def read_text(text: str) -> Any:
    """The YAML data of a rule text (mappings remember their line); a syntax error says where."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", "") or exc)
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        if isinstance(exc, yaml.reader.ReaderError):  # a control character: no mark, an offset into the text
            problem = "found character that cannot start any token"
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - text.rfind("\n", 0, exc.position)
        where = t("where.line_column", line=line, column=column) if line is not None else ""
        raise RuleError(yaml_reason(problem), where=where, line=line, column=column) from None
    except ValueError:  # an unquoted date YAML reads but the calendar refuses (2026-13-01)
        raise RuleError(t("yaml.bad_date")) from None


def parse_text(
    text: str,
    *,
    library: Mapping[str, Definition] | None = None,
    catalogue: Catalogue = DEFAULT_CATALOGUE,
    designation_kinds: frozenset[str] = DESIGNATION_KINDS,
) -> Rule:
    """Read and check a rule from its text; a wrong rule raises :class:`RuleError` with line and column.

    ``library`` holds the shared named conditions the text may use (see
    :func:`~kechuang.eligibility.rules.load_library_in`); without it, only the text's own ``define:``.
    """
    data = read_text(text)
    if not isinstance(data, Mapping):
        raise RuleError(t("rule.not_mapping"), line=1, column=1)
    try:
        return Rule(data, library=library or {}, catalogue=catalogue, designation_kinds=designation_kinds)
    except RuleError as exc:
        got = locate(text, exc)
        raise (exc.at(*got) if got else exc) from None


# --- from an error's place in the rule (``rule.all[2]``) to a line and column in the text -------

_LINE_NOTE = re.compile(r"（第\d+行）|\(line \d+\)")
_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_EXPRESSION_KEYS = ("when", "use", "expr")


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def _key_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, _v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return k  # type: ignore[no-any-return]
    return None


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    out: list[yaml.ScalarNode] = []
    if isinstance(node, yaml.MappingNode):
        for _k, v in node.value:
            out += _scalars(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out += _scalars(v)
    return out


def _in_scalar(text: str, node: yaml.ScalarNode, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of character ``offset`` of a scalar's value inside ``text``."""
    start, end = node.start_mark, node.end_mark
    if node.style in (None, "'", '"') and start.line == end.line:
        q = 0 if node.style is None else 1
        if text[start.index + q : end.index - q] == node.value:
            return start.line + 1, start.column + 1 + q + offset
    if node.style == "|":
        before = node.value[:offset]
        line = start.line + 1 + before.count("\n")  # the content starts on the line after "|"
        lines = text.splitlines()
        first = start.line + 1  # the block's indentation is that of its first line
        if line < len(lines) and first < len(lines):
            indent = len(lines[first]) - len(lines[first].lstrip(" "))
            return line + 1, indent + 1 + len(before) - (before.rfind("\n") + 1)
    return start.line + 1, start.column + 1


def locate(text: str, error: RuleError) -> tuple[int, int] | None:
    """Where in ``text`` (line, column; 1-based) an error of the checked rule is, when it can be found."""
    if error.line is not None:
        return error.line, error.column or 1
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if root is None:
        return None
    node: yaml.Node | None = root
    parent: yaml.Node | None = None
    last: str | int | None = None
    path = _LINE_NOTE.sub("", error.where).strip()
    if path and ":" not in path:  # "x.yaml: define.y" is a shared library, not this text
        for name, index in _SEGMENT.findall(path):
            key: str | int = int(index) if index else name
            parent, last = node, key
            node = _child(node, key) if node is not None else None
            if node is None:
                break
    else:
        node = None
    if node is None and parent is not None and isinstance(last, str):  # a key that is wrong itself
        k = _key_node(parent, last)
        if k is not None:
            return k.start_mark.line + 1, k.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        inner = next((_child(node, k) for k in _EXPRESSION_KEYS if _child(node, k) is not None), None)
        if inner is None:
            return node.start_mark.line + 1, node.start_mark.column + 1
        node = inner
    offset = error.span.start if error.span is not None else 0
    if isinstance(node, yaml.ScalarNode):
        if error.text and node.value != error.text:
            offset = 0
        return _in_scalar(text, node, offset)
    if node is not None:
        return node.start_mark.line + 1, node.start_mark.column + 1
    if error.text:  # no place given (an amount formula, for example): the scalar with that text
        for s in _scalars(root):
            if s.value == error.text:
                return _in_scalar(text, s, offset)
    return None
