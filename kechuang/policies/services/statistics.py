"""The yearly policy figures an organisation declares."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import ensure_can
from kechuang.policies.models import PolicyStatistics
from kechuang.registry.models import Organization

# --- policy figures ------------------------------------------------------------------------------------


def _label(name: str) -> str:
    return str(getattr(PolicyStatistics._meta.get_field(name), "verbose_name", name))


def _clean_figure(name: str, raw: Any) -> Any:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).replace(",", "").strip())
    except InvalidOperation:
        raise ApplicationError(_("“%(field)s”应当是数字。") % {"field": _label(name)},
                               extra={"field": name}) from None  # fmt: skip
    if value < 0:
        raise ApplicationError(_("“%(field)s”不能为负数。") % {"field": _label(name)},
                               extra={"field": name})  # fmt: skip
    return value


@transaction.atomic
def policy_statistics_upsert(
    *, organization: Organization, actor: Any, year: int, data: dict[str, Any]
) -> PolicyStatistics:
    """Create or update one year's declared policy figures; only figures present in ``data`` change."""
    ensure_can(actor, organization, "change")
    row = PolicyStatistics.objects.filter(organization=organization, year=year).first()
    before = None if row is None else {f: getattr(row, f) for f in PolicyStatistics.FIGURES}
    if row is None:
        row = PolicyStatistics(organization=organization, year=year)
    for name in PolicyStatistics.FIGURES:
        if name in data:
            value = _clean_figure(name, data[name])
            if value is not None and name not in ("high_tech_revenue", "total_assets"):
                if value != value.to_integral_value():
                    raise ApplicationError(
                        _("“%(field)s”应当是整数。") % {"field": _label(name)},
                        extra={"field": name},
                    )
                value = int(value)
            setattr(row, name, value)
    clean_and_save(row)
    audit_log(
        actor=actor,
        action="policystatistics.upsert",
        target=row,
        before=before,
        after={f: getattr(row, f) for f in PolicyStatistics.FIGURES},
    )
    return row
