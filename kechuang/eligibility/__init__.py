"""Kechuang's eligibility rule engine (plain Python, no Django).

Read a measure's rule from YAML, check it against the fact catalogue, evaluate it for one
organisation with three-valued logic and explain the answer, and compile it to a backend-neutral
tree that the Django side turns into one SQL query. See ``docs/rule-language.md``.
"""

from .catalogue import DEFAULT_CATALOGUE, Catalogue, FactDef
from .errors import RuleError, Span

# through the module ``evaluate`` (not .threevalued): importing ``kechuang.eligibility.evaluate`` binds
# the package's ``evaluate`` to that module, so it must be imported here, before the function is bound
from .evaluate import ELIGIBLE, INELIGIBLE, UNKNOWN, Change, Step, evaluate
from .facts import Facts
from .nodes import Visitor
from .rules import Result, Rule, Source, load_library_in, load_rule, load_rules
from .source import parse_text

__all__ = [
    "DEFAULT_CATALOGUE",
    "ELIGIBLE",
    "INELIGIBLE",
    "UNKNOWN",
    "Catalogue",
    "Change",
    "FactDef",
    "Facts",
    "Result",
    "Rule",
    "RuleError",
    "Source",
    "Span",
    "Step",
    "Visitor",
    "evaluate",
    "load_library_in",
    "load_rule",
    "load_rules",
    "parse_text",
]
