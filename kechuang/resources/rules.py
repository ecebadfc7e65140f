"""A voucher scheme's eligibility (申领条件) in the rule language, checked on the enterprise's registry
facts (kechuang/registry/rule_facts.py) — the same engine and facts as a programs call."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kechuang.eligibility import Rule
from kechuang.registry.models import Organization
from kechuang.registry.rule_facts import parse_rule_text, rule_unmet_by

RULE_HEADER = (
    "id: resources-voucher-scheme\ntitle: 创新券申领条件\nsource: {document: 创新券管理办法}\nrule:\n"
)


def parse_scheme_rule(text: str) -> Rule:
    """A scheme's rule: a whole rule file, or just the condition (indented under ``rule:``)."""
    return parse_rule_text(text, header=RULE_HEADER, error=_("申领条件规则有误：%(error)s"))


def scheme_unmet(*, text: str, organization: Organization, today: dt.date) -> list[str]:
    """Why the enterprise may not receive a voucher of the scheme (empty: it may)."""
    if not text.strip():
        return []
    return rule_unmet_by(rule=parse_scheme_rule(text), organization=organization, today=today)
