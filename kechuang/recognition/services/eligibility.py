"""Whether an organization may apply to a call: the scheme's structured conditions, and the policy
measure's rule a scheme may name (evaluated by the policies app)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.carriers.selectors import held_tier
from kechuang.policies.selectors import measure_by_code, measure_explain
from kechuang.recognition import conditions as cond
from kechuang.recognition.models import Call
from kechuang.registry.models import YearlyStatistics


def latest_figures(organization: Any) -> tuple[int | None, dict[str, Any]]:
    stats = YearlyStatistics.objects.filter(organization=organization).order_by("-year").first()
    if stats is None:
        return None, {}
    return stats.year, {f: getattr(stats, f) for f in YearlyStatistics.FIGURES}


def _failing_steps(step: Any) -> list[str]:
    """Leaf texts of the policy engine's explanation that failed (or are unknown)."""
    if step.value is True:
        return []
    failing = [c for c in step.children if c.value is not True]
    if not failing:
        return [step.text]
    return [text for c in failing for text in _failing_steps(c)]


def _policy_rule_unmet(measure_code: str, organization: Any, today: dt.date) -> list[str]:
    """The scheme's eligibility as a policy measure's rule (政策规则), evaluated by the eligibility engine."""
    measure = measure_by_code(code=measure_code)
    if measure is None:
        return [_("申报条件引用的政策事项“%(code)s”不存在。") % {"code": measure_code}]
    result = measure_explain(measure=measure, organization=organization, on=today)
    if result.value is True:
        return []
    if result.value is None:
        missing = sorted({label for step in [result.step] for label in _missing_labels(step)})
        return [_("缺少判断所需的数据：%(facts)s。") % {"facts": "、".join(missing) or measure.title}]
    return _failing_steps(result.step)


def _missing_labels(step: Any) -> list[str]:
    return list(step.missing.values()) + [x for c in step.children for x in _missing_labels(c)]


def eligibility_check(*, call: Call, organization: Any, today: dt.date | None = None) -> list[str]:
    """Unmet conditions of the call's scheme for this organization (empty: eligible).

    Structured conditions are checked first; ``eligibility["measure"]`` names a policy measure whose
    machine-readable rule must also hold (so schemes reuse the policy engine's rules and explanations).
    """
    today = today or timezone.localdate()
    unmet = _structured_unmet(call=call, organization=organization, today=today)
    measure_code = (call.scheme.eligibility or {}).get("measure")
    if measure_code:
        unmet += _policy_rule_unmet(str(measure_code), organization, today)
    return unmet


def _structured_unmet(*, call: Call, organization: Any, today: dt.date) -> list[str]:
    year, figures = latest_figures(organization)
    return cond.unmet_conditions(
        call.scheme.eligibility or {},
        organization_kind=organization.kind,
        verified=organization.is_verified,
        founded_on=organization.founded_on,
        figures=figures,
        figures_year=year,
        held_tier=held_tier(organization=organization, kind=call.scheme.carrier_kind),
        today=today,
    )
