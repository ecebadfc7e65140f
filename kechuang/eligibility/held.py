"""A designation the organisation already holds: a measure that grants one (``grants:`` in its rule file,
e.g. 高企认定 grants 高新技术企业) answers an organisation holding it, valid on the application date,
“已持有，有效期至…，重新认定应于…前申请” instead of “符合，请申请”.

```yaml
grants:
  designation: 高新技术企业          # one of the designation kinds rules may name
  renewal: 重新认定                  # what the holder applies for when it runs out
  before_months: 0                   # apply at the latest this many months before the validity ends
  basis: 第十二条 高新技术企业资格自颁发证书之日起有效期为三年。   # quoted from the law
```
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import RuleError
from .facts import Facts
from .format import fmt_date
from .i18n import t as tr
from .i18n import term
from .threevalued import designation_valid

HELD = "held"


@dataclass(frozen=True, slots=True)
class Grant:
    designation: str
    renewal: str = ""
    before_months: int = 0
    basis: str = ""


@dataclass(frozen=True, slots=True)
class Held:
    """The holder's certificate: until when it is valid and by when to apply for its renewal."""

    kind: str
    number: str
    valid_to: dt.date | None
    renew_by: dt.date | None
    renewal: str
    basis: str

    def text(self) -> str:
        parts = [tr("held.head", kind=term(self.kind))]
        if self.number:
            parts.append(tr("held.number", number=self.number))
        parts.append(tr("held.until", day=fmt_date(self.valid_to)) if self.valid_to else tr("held.no_end"))
        if self.renew_by and self.renewal:
            parts.append(tr("held.renew", renewal=self.renewal, day=fmt_date(self.renew_by)))
        return tr("list.comma").join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "designation": self.kind,
            "number": self.number,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "renew_by": self.renew_by.isoformat() if self.renew_by else None,
            "renewal": self.renewal,
            "basis": self.basis,
            "text": self.text(),
        }


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_grant(raw: Any, kinds: frozenset[str]) -> Grant | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or str(raw.get("designation") or "") not in kinds:
        raise RuleError(tr("rule.grants", kinds=tr("list.sep").join(sorted(kinds))), where="grants")
    before = raw.get("before_months") or 0
    if not isinstance(before, int) or isinstance(before, bool) or not 0 <= before <= 36:
        raise RuleError(tr("rule.grants_months"), where="grants.before_months")
    return Grant(
        designation=str(raw["designation"]),
        renewal=str(raw.get("renewal") or ""),
        before_months=before,
        basis=str(raw.get("basis") or ""),
    )


def held_designation(grant: Grant | None, facts: Facts, today: dt.date) -> Held | None:
    """The organisation's valid designation of the kind the measure grants (the longest-running), or None."""
    if grant is None or not facts.designations:
        return None
    valid = [d for d in facts.designations if d["kind"] == grant.designation and designation_valid(d, today)]
    if not valid:
        return None
    d = max(valid, key=lambda d: d["valid_to"] or dt.date.max)
    end = d["valid_to"]
    renew_by = months_before(end, grant.before_months) if end else None
    return Held(grant.designation, str(d["number"] or ""), end, renew_by, grant.renewal, grant.basis)
