"""The 年度统计 sheet: its columns, reading and checking its rows, writing them, and the statistics export.

One organization-year per row (统一社会信用代码 + 年度 + figures in 元 / 人 / 件), cleaned by
:func:`~kechuang.registry.services.clean_statistics_data` (the API's and the pages' cleaner). The
organization is either on the 主体 sheet of the same file or already registered in the actor's scope.
A year already stored is updated (empty cells keep the stored figure); with ``mode="create"`` it is an
error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import bulk
from kechuang.core.audit import snapshot
from kechuang.core.excel import Column
from kechuang.core.permissions import restrict
from kechuang.registry.excel.columns import (
    EXAMPLE_USCC,
    MONEY_FORMAT,
    STATS_SHEET,
    ImportColumn,
    figure_field,
)
from kechuang.registry.excel.context import IN_CHUNK, ImportContext, Plan, Row, by_uscc, chunks, collect
from kechuang.registry.models import Organization, YearlyStatistics
from kechuang.registry.services import clean_statistics_data

_EXAMPLES = {
    "revenue": Decimal("52000000"),
    "rd_expenditure": Decimal("3100000"),
    "domestic_rd_expenditure": Decimal("2900000"),
    "employees": 120,
    "rd_staff": 35,
    "valid_invention_patents": 6,
}


def statistics_columns() -> list[ImportColumn]:
    columns = [
        ImportColumn("uscc", _("统一社会信用代码"), True, ("uscc", "信用代码"), EXAMPLE_USCC),
        ImportColumn("year", _("年度"), True, ("year",), timezone.localdate().year - 1, _("如 2025")),
    ]
    for name in YearlyStatistics.FIGURES:
        label = str(figure_field(name).verbose_name)
        columns.append(
            ImportColumn(name, label, False, (name, label.split("（")[0]), _EXAMPLES.get(name), "")
        )
    return columns


# ---------------------------------------------------------------------------------------------------------
# Reading


def read(ctx: ImportContext, ws: Any, plan: Plan) -> None:
    """Clean every row of the 年度统计 sheet into ``plan.stats``; problems go to ``ctx.errors``."""
    seen: dict[tuple[str, int], int] = {}
    placeholders = {"year": timezone.localdate().year}
    for number, record, uscc in ctx.records(ws, plan):
        data = {k: v for k, v in record.items() if k != "uscc"}
        data.setdefault("year", None)
        values, problems = collect(clean_statistics_data, data, placeholders=placeholders)
        for key, message in problems:
            ctx.error(STATS_SHEET, number, key, message)
        if values is None or not uscc:
            continue
        pair = (uscc, values["year"])
        first = seen.get(pair)
        if first is not None:
            ctx.error(
                STATS_SHEET,
                number,
                "year",
                _("第%(row)d行已填写该主体%(year)d年度的统计数据，同一主体同一年度只能填写一行。")
                % {"row": first, "year": values["year"]},
            )
            continue
        seen[pair] = number
        plan.stats.append(Row(number, uscc, values))


# ---------------------------------------------------------------------------------------------------------
# Checking against the database


def resolve(
    ctx: ImportContext, rows: list[Row], existing: dict[str, tuple[int, str]], *, in_file: set[str]
) -> None:
    """Check each row's organization (on the 主体 sheet, or registered and importable by the actor) and
    its year (new, or an update the mode allows), and build the instances."""
    if not rows:
        return
    # Statistics of organizations not on the 主体 sheet: they must exist and be importable by the actor.
    outside = {r.uscc for r in rows if r.uscc not in in_file and r.uscc in existing}
    allowed: set[str] = set()
    for qs in by_uscc(outside):
        allowed.update(restrict(qs, ctx.actor, "import").values_list("uscc", flat=True))
    org_ids = [existing[u][0] for u in {r.uscc for r in rows} if u in existing]
    stored: dict[tuple[int, int], YearlyStatistics] = {}
    years = {r.values["year"] for r in rows}
    for chunk in chunks(org_ids, IN_CHUNK):
        for row_stats in YearlyStatistics.objects.filter(organization_id__in=chunk, year__in=years):
            stored[(row_stats.organization_id, row_stats.year)] = row_stats
    for r in rows:
        if r.uscc not in in_file:
            if r.uscc not in existing:
                ctx.error(
                    STATS_SHEET,
                    r.row,
                    "uscc",
                    _("统一社会信用代码%(uscc)s不在“主体”工作表中，也未在系统中登记。") % {"uscc": r.uscc},
                )
                continue
            if r.uscc not in allowed:
                ctx.not_importable(STATS_SHEET, r.row, r.uscc)
                continue
        values = r.values
        year = values.pop("year")
        hit = existing.get(r.uscc)
        stats: YearlyStatistics | None = stored.get((hit[0], year)) if hit else None
        if stats is None:
            stats = YearlyStatistics(year=year, **values)
        elif ctx.mode == "create":
            ctx.error(STATS_SHEET, r.row, "year", _("该主体该年度的统计数据已存在。"))
            continue
        else:
            r.existing = True
            r.before = snapshot(stats, YearlyStatistics.FIGURES)
            for key, value in values.items():
                setattr(stats, key, value)
        if stats.rd_staff is not None and stats.employees is not None and stats.rd_staff > stats.employees:
            # Only possible when an update combines stored and new figures; same rule and message.
            ctx.error(STATS_SHEET, r.row, "rd_staff", _("研发人员数不能超过从业人员数。"))
            continue
        domestic, total = stats.domestic_rd_expenditure, stats.rd_expenditure
        if domestic is not None and total is not None and domestic > total:
            ctx.error(STATS_SHEET, r.row, "domestic_rd_expenditure", _("境内研发费用不能超过研发费用总额。"))
            continue
        # No full_clean() here: clean_statistics_data's bounds (year 1949..this year, money 0..1e13 at
        # 0.01, counts 0..5e6) lie inside the model's validators, and the constraints across fields
        # are checked just above — test_statistics_cleaner_is_stricter_than_the_model proves it.
        r.instance = stats
        r.values = {}


# ---------------------------------------------------------------------------------------------------------
# Writing


def write(rows: list[Row], org_by_uscc: dict[str, Organization]) -> tuple[int, int]:
    """Insert the new years and update the stored ones; return (created, updated)."""
    new_stats: list[YearlyStatistics] = []
    changed_stats: list[YearlyStatistics] = []
    for r in rows:
        assert r.instance is not None
        if r.existing:
            changed_stats.append(r.instance)
        else:
            r.instance.organization = org_by_uscc[r.uscc]
            new_stats.append(r.instance)
    bulk.insert(YearlyStatistics, new_stats)
    bulk.update(YearlyStatistics, changed_stats, YearlyStatistics.FIGURES)
    return len(new_stats), len(changed_stats)


# ---------------------------------------------------------------------------------------------------------
# Export


def statistics_export_columns() -> list[Column]:
    columns = [
        Column(_("统一社会信用代码"), "organization.uscc", width=22),
        Column(_("主体名称"), "organization.name", width=36),
        Column(_("年度"), "year", width=8),
    ]
    for name in YearlyStatistics.FIGURES:
        f = figure_field(name)
        money = f.get_internal_type() == "DecimalField"
        columns.append(
            Column(
                str(f.verbose_name),
                name,
                number_format=MONEY_FORMAT if money else None,
                width=18 if money else 12,
            )
        )
    return columns


def statistics_for_export(
    *, user: Any, organizations: QuerySet[Organization], year: int | None = None
) -> QuerySet[YearlyStatistics]:
    """Yearly statistics the user may see, of the given (already restricted and filtered) organizations."""
    qs = restrict(YearlyStatistics.objects.all(), user, "view").filter(
        organization__in=organizations.values("id")
    )
    if year is not None:
        qs = qs.filter(year=year)
    return qs.select_related("organization").order_by("organization_id", "year")
