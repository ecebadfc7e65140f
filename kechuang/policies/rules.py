"""The policies app's one door to the rule engine: where the shipped rule files are, and how a rule's
text becomes a checked :class:`~kechuang.eligibility.Rule`.

Everything in policies that reads a rule comes through here — :attr:`Measure.rule
<kechuang.policies.models.Measure.rule>`, the services that save an officer's rule, the loading command
and the demo — so a rule is parsed one way, with the shared definitions of ``data/rules/_*.yaml``.
The rule files are the province's and the state's measures (data of this app); the engine
(:mod:`kechuang.eligibility`) only knows the language.

``python -m kechuang.policies.rules test`` runs the YAML cases of every shipped rule file, and
``python -m kechuang.policies.rules check --rule hnte-recognition --facts org.yaml`` explains one.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.eligibility import Rule, RuleError, load_library_in, load_rules, parse_text
from kechuang.eligibility.cli import main as engine_main
from kechuang.eligibility.compiler import Definition
from kechuang.eligibility.errors import FactsError
from kechuang.eligibility.i18n import language

RULES_DIR = Path(__file__).resolve().parent / "data" / "rules"


@lru_cache(maxsize=1)
def _library() -> dict[str, Definition]:
    return load_library_in(RULES_DIR)


def library() -> dict[str, Definition]:
    """The shared named conditions every measure's rule may use (``data/rules/_*.yaml``)."""
    return dict(_library())


@lru_cache(maxsize=512)
def stored_rule(source: str) -> Rule:
    """The rule of a saved measure (checked when it was saved), parsed once per text."""
    return parse_text(source, library=_library())


def parse_rule(source: str) -> Rule:
    """Parse and check a rule text an officer wrote; a wrong rule is refused with its line, column and
    reason (in the active language: the engine's messages follow ``get_language()``)."""
    with language(get_language()):
        try:
            return parse_text(source, library=_library())
        except RuleError as exc:
            raise ApplicationError(
                _("规则有误：%(error)s") % {"error": exc.render()},
                extra={
                    "field": "rule_source",
                    "where": exc.where,
                    "position": exc.position,
                    "reason": exc.reason,
                    "line": exc.line,
                    "column": exc.column,
                    "text": exc.text,
                },
            ) from None


def rule_not_computed(exc: RuleError) -> ApplicationError:
    """A measure's rule that cannot be computed for the date asked (its date arithmetic leaves the
    calendar, ``today - years(2)`` on 0001-01-01), or facts that cannot be true on that date (founded after
    it): the user's error with the engine's reason, not a crash."""
    if isinstance(exc, FactsError):
        return ApplicationError(
            _("主体数据有误：%(reason)s") % {"reason": exc.reason},
            extra={"reason": exc.reason, "field": exc.field},
        )
    return ApplicationError(
        _("该事项的规则无法计算：%(reason)s") % {"reason": exc.reason},
        extra={"reason": exc.reason, "where": exc.where},
    )


def rule_files(directory: Path = RULES_DIR) -> list[Path]:
    """The rule files of a directory (default: the shipped ones), without the ``_*.yaml`` libraries."""
    return [p for p in sorted(directory.glob("*.yaml")) if not p.name.startswith("_")]


def shipped_rules() -> list[Rule]:
    """Every shipped rule, loaded from its file."""
    return load_rules(RULES_DIR)


def main(argv: list[str] | None = None) -> int:
    """The engine's command line with the shipped rule files as the default directory."""
    return engine_main(argv, rules_dir=RULES_DIR, prog="python -m kechuang.policies.rules")


if __name__ == "__main__":
    sys.exit(main())
