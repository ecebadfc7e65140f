"""Reads of technology contracts and their statistics (by region, field and type)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import restrict
from kechuang.market.choices import ContractType
from kechuang.market.models import TechContract
from kechuang.registry.models import Industry, Region
from kechuang.registry.selectors import user_officer_roles


def contract_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[TechContract]:
    filters = filters or {}
    qs = restrict(TechContract.objects.all(), user, "view")
    if filters.get("contract_type"):
        qs = qs.filter(contract_type=filters["contract_type"])
    if filters.get("year"):
        qs = qs.filter(signed_on__year=filters["year"])
    if filters.get("region") and filters.get("own_level"):  # the region's own level (本级) only
        qs = qs.filter(region_id=filters["region"])
    elif filters.get("region"):  # a region code: its whole subtree, as the statistics roll it up
        qs = qs.filter(region_path__contains=f"{filters['region']}/")
    if filters.get("section"):  # a GB/T 4754 section letter of the technical field
        qs = qs.filter(field__code_with_section__startswith=filters["section"])
    return qs.select_related("seller", "buyer", "region", "field")


def contract_statistics(
    *, user: Any, filters: dict[str, Any] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Counts, contract amounts and technology-transaction amounts by region, field and type."""
    qs = contract_list(user=user, filters=filters)

    def group(key: str, label: str) -> list[dict[str, Any]]:
        rows = qs.values(key, label).annotate(
            n=Count("id"), amount=Sum("amount"), tech_amount=Sum("tech_amount")
        )
        return [
            {
                "key": r[key],
                "label": r[label] or _("未填写"),
                "count": r["n"],
                "amount": r["amount"],
                "tech_amount": r["tech_amount"],
            }
            for r in rows.order_by("-tech_amount")
        ]

    by_type = [
        {
            **row,
            "label": dict(TechContract._meta.get_field("contract_type").flatchoices).get(
                row["key"], row["key"]
            ),
        }
        for row in group("contract_type", "contract_type")
    ]
    return {
        "by_region": group("region_id", "region__name"),
        "by_field": group("field__code_with_section", "field__name"),
        "by_type": by_type,
    }


@dataclass
class StatRow:
    """One line of a statistics table: amounts in 元 (pages show 万元)."""

    key: str
    label: str
    count: int = 0
    amount: Decimal = Decimal(0)
    tech_amount: Decimal = Decimal(0)
    drill: str = ""  # a region code to drill into, when the region has subdivisions

    def add(self, count: int, amount: Decimal | None, tech_amount: Decimal | None) -> None:
        self.count += count
        self.amount += amount or 0
        self.tech_amount += tech_amount or 0


def contract_statistics_roots(*, user: Any) -> list[Region]:
    """Where the user's statistics start: the officer's regions (outermost only); platform admins the
    provinces that have contracts."""
    if user_is_platform_admin(user):
        paths = TechContract.objects.values_list("region_path", flat=True).distinct()
        codes = sorted({p[:6] for p in paths})
        return list(Region.objects.filter(code__in=codes).order_by("code"))
    regions = sorted({r.region for r in user_officer_roles(user)}, key=lambda r: r.path)
    return [r for r in regions if not any(r.path != o.path and r.path.startswith(o.path) for o in regions)]


def _rollup_region(*, region_code: str, roots: list[Region]) -> Region | None:
    """The region whose subdivisions the table lists: the one asked for (inside the user's roots, else a
    404), the single root, or None (several roots, listed side by side)."""
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None or not any(region.path.startswith(r.path) for r in roots):
            raise Http404(_("对象不存在或无权访问。"))
        return region
    return roots[0] if len(roots) == 1 else None


def _sums(qs: QuerySet[TechContract], key: str) -> list[tuple[Any, int, Decimal | None, Decimal | None]]:
    """(key, count, amount, technology amount) per value of ``key``."""
    rows = qs.values(key).annotate(n=Count("id"), a=Sum("amount"), t=Sum("tech_amount"))
    return [(g[key], g["n"], g["a"], g["t"]) for g in rows]  # type: ignore[misc]


def _ranked(rows: Any) -> list[StatRow]:
    return sorted(rows, key=lambda r: (-r.tech_amount, r.key))


def _by_region(
    qs: QuerySet[TechContract], region: Region | None, roots: list[Region], totals: StatRow
) -> list[StatRow]:
    """One line per direct subdivision (or per root when there are several), each rolled up, then the
    region's own level; ``totals`` adds up everything."""
    parts = list(region.children.order_by("code")) if region is not None else roots
    grandchildren = set(Region.objects.filter(parent__in=parts).values_list("parent_id", flat=True))
    rows = {p.path: StatRow(p.code, p.name, drill=p.code if p.code in grandchildren else "") for p in parts}
    own_level = StatRow(region.code, _("%(name)s本级") % {"name": region.name}) if region else None
    for path, n, amount, tech_amount in _sums(qs, "region_path"):
        totals.add(n, amount, tech_amount)
        target = next((row for prefix, row in rows.items() if path.startswith(prefix)), own_level)
        if target is not None:
            target.add(n, amount, tech_amount)
    by_region = _ranked(r for r in rows.values() if r.count)
    if own_level is not None and own_level.count:
        by_region.append(own_level)
    return by_region


def _by_field(qs: QuerySet[TechContract]) -> list[StatRow]:
    """One line per GB/T 4754 section (门类) of the contracts' technical fields."""
    sections = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    rows: dict[str, StatRow] = {}
    for field_code, n, amount, tech_amount in _sums(qs, "field__code_with_section"):
        code = (field_code or "")[:1]
        label = f"{code} {sections.get(code, '')}".strip() if code else _("未填写")
        rows.setdefault(code, StatRow(code, label)).add(n, amount, tech_amount)
    return _ranked(rows.values())


def _by_type(qs: QuerySet[TechContract]) -> list[StatRow]:
    labels = dict(ContractType.choices)
    rows = []
    for ctype, n, amount, tech_amount in _sums(qs, "contract_type"):
        row = StatRow(ctype, str(labels.get(ctype, ctype)))
        row.add(n, amount, tech_amount)
        rows.append(row)
    return _ranked(rows)


def contract_statistics_rollup(
    *, user: Any, region_code: str = "", filters: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Contracts of the user's region subtree by region (one line per direct subdivision of ``region``,
    rolled up, plus the region's own level), by field (GB/T 4754 section) and by type.

    Officers see their region subtree only; a region outside it is a 404.
    """
    roots = contract_statistics_roots(user=user)
    region = _rollup_region(region_code=region_code, roots=roots)
    filters = filters or {}
    qs = restrict(TechContract.objects.all(), user, "statistics")
    if filters.get("contract_type"):
        qs = qs.filter(contract_type=filters["contract_type"])
    if str(filters.get("year", "")).isdigit():
        qs = qs.filter(signed_on__year=int(filters["year"]))
    if region is not None:
        qs = qs.filter(region_path__startswith=region.path)
    totals = StatRow("", _("合计"))
    by_region = _by_region(qs, region, roots, totals)
    return {
        "region": region,
        "up": region.parent if region is not None and region not in roots else None,
        "roots": roots,
        "by_region": by_region,
        "by_field": _by_field(qs),
        "by_type": _by_type(qs),
        "total": totals,
    }
