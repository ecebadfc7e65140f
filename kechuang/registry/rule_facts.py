"""An organization's registry facts as the eligibility engine reads them, and why a rule is not met —
shared by every app that checks a rule in the rule language on an applicant (programs' calls, resources'
innovation-voucher schemes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kechuang.core.errors import ApplicationError
from kechuang.eligibility import Rule, RuleError, parse_text
from kechuang.registry.choices import DesignationKind, VerificationStatus
from kechuang.registry.models import Designation, Organization, YearlyStatistics


def path_ancestors(path: str, code: str) -> list[str]:
    """The codes above ``code`` in a region or industry ``path`` (``"220000/220100/220102/"``)."""
    return [c for c in path.strip("/").split("/") if c and c != code]


def organization_facts(organization: Organization) -> dict[str, Any]:
    """The engine's facts for one organization, from the registry (figures by year, designations)."""
    stats = {
        s.year: {f: getattr(s, f) for f in YearlyStatistics.FIGURES}
        for s in YearlyStatistics.objects.filter(organization=organization)
    }
    labels = dict(DesignationKind.choices)
    designations = [
        {"kind": str(labels.get(d.kind, d.kind)), "valid_from": d.valid_from, "valid_to": d.valid_to,
         "number": d.certificate_no}
        for d in Designation.objects.filter(organization=organization).order_by("-valid_from")
    ]  # fmt: skip
    industry = organization.industry
    return {
        "kind": organization.kind,
        "size": organization.size or None,
        "founded_on": organization.founded_on,
        "verified": organization.verification_status == VerificationStatus.VERIFIED,
        "region": {"code": organization.region_id, "ancestors": path_ancestors(organization.region_path, organization.region_id)},
        "industry": None if industry is None else {"code": industry.code, "ancestors": path_ancestors(industry.path, industry.code)},
        "stats": stats,
        "designations": designations,
    }  # fmt: skip


def _failing(step: Any) -> list[str]:
    if step.value is True:
        return []
    failing = [c for c in step.children if c.value is not True]
    if not failing:
        return [step.text]
    return [text for c in failing for text in _failing(c)]


def rule_unmet_by(*, rule: Rule, organization: Organization, today: dt.date) -> list[str]:
    """Why the organization does not meet ``rule`` (empty: it does)."""
    result = rule.explain(organization_facts(organization), today, changes=False)
    if result.value is True:
        return []
    return _failing(result.step)


def parse_rule_text(text: str, *, header: str, error: str) -> Rule:
    """An app's rule from the text an officer typed: either a whole rule file, or just the condition (put
    indented under ``header``'s ``rule:``). A rule that does not compile is refused with ``error`` (a
    translated message with ``%(error)s``) on the ``eligibility_rule`` field."""
    source = (
        text
        if text.lstrip().startswith("id:")
        else header + "".join(f"  {line}\n" for line in text.strip().splitlines())
    )
    try:
        return parse_text(source)
    except RuleError as exc:
        raise ApplicationError(error % {"error": str(exc)}, extra={"field": "eligibility_rule"}) from None
