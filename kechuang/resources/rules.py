"""A voucher scheme's eligibility (申领条件) in the rule language, checked on the enterprise's registry
facts (kechuang/registry/rule_facts.py) — the same engine and facts as a programs call."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.eligibility import Rule, RuleError, parse_text
from kechuang.registry.models import Organization
from kechuang.registry.rule_facts import rule_unmet_by

RULE_HEADER = (
    "id: resources-voucher-scheme\ntitle: 创新券申领条件\nsource: {document: 创新券管理办法}\nrule:\n"
)


def parse_scheme_rule(text: str) -> Rule:
    """A scheme's rule: a whole rule file, or just the condition (indented under ``rule:``)."""
    source = (
        text
        if text.lstrip().startswith("id:")
        else RULE_HEADER + "".join(f"  {line}\n" for line in text.strip().splitlines())
    )
    try:
        return parse_text(source)
    except RuleError as exc:
        raise ApplicationError(
            _("申领条件规则有误：%(error)s") % {"error": str(exc)}, extra={"field": "eligibility_rule"}
        ) from None


def scheme_unmet(*, text: str, organization: Organization, today: dt.date) -> list[str]:
    """Why the enterprise may not receive a voucher of the scheme (empty: it may)."""
    if not text.strip():
        return []
    return rule_unmet_by(rule=parse_scheme_rule(text), organization=organization, today=today)
