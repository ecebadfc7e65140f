"""A call's eligibility rule (申报条件, in the rule language) checked on the applicant's registry facts."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.eligibility import Rule, RuleError
from kechuang.eligibility.describe import describe
from kechuang.registry.models import Organization
from kechuang.registry.rule_facts import parse_rule_text, rule_unmet_by

RULE_HEADER = "id: programs-call\ntitle: 申报条件\nsource: {document: 申报指南}\nrule:\n"


def parse_call_rule(text: str) -> Rule:
    """The rule of a call's text: either a whole rule file, or just the condition (indented under ``rule:``)."""
    return parse_rule_text(text, header=RULE_HEADER, error=_("申报条件规则有误：%(error)s"))


def rule_unmet(*, text: str, organization: Organization, today: dt.date) -> list[str]:
    """Why the organization does not meet the rule (empty: it does)."""
    if not text.strip():
        return []
    return rule_unmet_by(rule=parse_call_rule(text), organization=organization, today=today)


def rule_in_words(*, text: str, today: dt.date) -> list[str]:
    """The call's rule read aloud, one line per condition (indented by depth) — for the guide's PDF; the
    rule's own text when it cannot be compiled."""
    if not text.strip():
        return []
    try:
        outline = describe(parse_call_rule(text).compile(today)).render()
    except (ApplicationError, RuleError):
        return text.strip().splitlines()
    return [line.replace("  ", "　") for line in outline.splitlines()]
