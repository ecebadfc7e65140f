"""Allocating an indicator's target to sub-regions in one go (目标分解): every row checked, every problem
reported at once, nothing written unless all rows are right (one transaction, one audit row per
allocation through :func:`services.allocation_set`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.registry.models import Region
from kechuang.targets import services
from kechuang.targets.models import Allocation, Indicator


@transaction.atomic
def allocations_set(
    *, actor: Any, indicator: Indicator, values: Mapping[Region, Any], note: str = ""
) -> list[Allocation]:
    """Set the indicator's target for each region given (a blank value leaves that region alone)."""
    ensure_can(actor, indicator.plan, "change")
    problems: dict[str, str] = {}
    parsed: list[tuple[Region, Decimal]] = []
    for region, raw in values.items():
        text = str(raw if raw is not None else "").strip().replace(",", "")
        if not text:
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            problems[region.code] = _("%(region)s的分解目标值“%(value)s”不是数字。") % {
                "region": region.name,
                "value": text,
            }
            continue
        if not value.is_finite():
            problems[region.code] = _("%(region)s的分解目标值不是数字。") % {"region": region.name}
            continue
        parsed.append((region, value))
    if not parsed and not problems:
        problems[""] = _("请至少填写一个地区的分解目标值。")
    if problems:
        raise ApplicationError(next(iter(problems.values())), extra={"fields": problems})
    out = []
    for region, value in parsed:
        try:
            out.append(
                services.allocation_set(
                    actor=actor, indicator=indicator, target_value=value, region=region, note=note
                )
            )
        except ApplicationError as exc:
            problems[region.code] = exc.message
    if problems:
        transaction.set_rollback(True)
        raise ApplicationError(next(iter(problems.values())), extra={"fields": problems})
    return out
