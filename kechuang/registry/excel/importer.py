"""The import: read both sheets, check every row against the database, then write all of it or nothing.

* **All or nothing.** Every row is checked first; one error anywhere and nothing is written, the user gets
  every error with its sheet, row and column (and a workbook listing them,
  :func:`~kechuang.registry.excel.files.store_error_workbook`).
* **Scope.** Officers import only organizations in their region subtrees (permission action ``import``),
  platform admins anywhere; others may not import.
* One transaction; bulk inserts; one audit record per organization created or updated
  (``organization.import_create`` / ``organization.import_update``, statistics included in before/after).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import AuditEntry, audit_log_many, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import RowError, open_workbook
from kechuang.core.excel_import import SheetImportFailed
from kechuang.registry.excel import organizations, statistics
from kechuang.registry.excel.columns import ORG_SHEET, STATS_SHEET
from kechuang.registry.excel.context import CHUNK, ImportContext, Plan, Row, by_uscc, chunks
from kechuang.registry.models import Organization, YearlyStatistics
from kechuang.registry.selectors import user_officer_roles

logger = logging.getLogger(__name__)

# Not worth an audit line for a new row: the id is the record's target, the rest is derived or a timestamp.
_AUDIT_SKIP = {"id", "search_text", "region_path", "created_at", "updated_at"}


@dataclass
class ImportResult:
    organizations_created: int = 0
    organizations_updated: int = 0
    statistics_created: int = 0
    statistics_updated: int = 0
    rows: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class ImportFailed(SheetImportFailed):
    """The workbook has errors (on either sheet); nothing was written. ``errors`` lists them all."""


def _context(*, actor: Any, mode: str) -> ImportContext:
    return ImportContext(
        actor=actor,
        mode=mode,
        columns={
            ORG_SHEET: organizations.organization_columns(),
            STATS_SHEET: statistics.statistics_columns(),
        },
        extra_labels={ORG_SHEET: organizations.extra_labels()},
    )


def _read(ctx: ImportContext, path: str | Path) -> Plan:
    wb = open_workbook(path)
    plan = Plan()
    try:
        names = wb.sheetnames
        if ORG_SHEET not in names and STATS_SHEET not in names:
            raise ApplicationError(
                _("工作簿中没有名为“主体”或“年度统计”的工作表。请使用导入模板。"),
                extra={"field": "file", "code": "no_sheet"},
            )
        if ORG_SHEET in names:
            organizations.read(ctx, wb[ORG_SHEET], plan)
        if STATS_SHEET in names:
            statistics.read(ctx, wb[STATS_SHEET], plan)
    finally:
        wb.close()
    return plan


def _resolve(ctx: ImportContext, plan: Plan) -> None:
    """Decide create/update per row, check scope and duplicates against the database, build instances."""
    existing = ctx.existing({r.uscc for r in plan.orgs} | {r.uscc for r in plan.stats})
    organizations.resolve(ctx, plan.orgs, existing)
    statistics.resolve(ctx, plan.stats, existing, in_file=set(plan.org_usccs))


@transaction.atomic
def _write(ctx: ImportContext, plan: Plan) -> ImportResult:
    result = ImportResult(rows=plan.rows)
    result.organizations_created, result.organizations_updated = organizations.write(ctx, plan.orgs)
    org_by_uscc: dict[str, Organization] = {r.uscc: r.instance for r in plan.orgs if r.instance is not None}
    outside = {r.uscc for r in plan.stats if r.uscc not in org_by_uscc}
    for qs in by_uscc(outside):
        for org in qs.only("id", "uscc", "name"):
            org_by_uscc[org.uscc] = org
    result.statistics_created, result.statistics_updated = statistics.write(plan.stats, org_by_uscc)
    _audit(ctx, plan, org_by_uscc)
    return result


def _audit(ctx: ImportContext, plan: Plan, org_by_uscc: dict[str, Organization]) -> None:
    in_sheet = {r.uscc: r for r in plan.orgs}
    stats_by_org: dict[str, list[Row]] = {}
    for r in plan.stats:
        stats_by_org.setdefault(r.uscc, []).append(r)
    org_fields = Organization._meta.concrete_fields
    usccs = list(dict.fromkeys([*(r.uscc for r in plan.orgs), *stats_by_org]))

    def entries(chunk: list[str]) -> Iterator[AuditEntry]:
        for uscc in chunk:
            org = org_by_uscc[uscc]
            row = in_sheet.get(uscc)
            created = row is not None and not row.existing
            before: dict[str, Any] | None = None
            after: dict[str, Any]
            if created:
                # Raw values: audit_log_many makes them JSON once (snapshot() would do it twice more).
                after = {
                    f.attname: value
                    for f in org_fields
                    if f.attname not in _AUDIT_SKIP and (value := getattr(org, f.attname)) not in (None, "")
                }
            elif row is not None:
                now_values = snapshot(org)
                old = row.before or {}
                changed = [k for k, v in now_values.items() if old.get(k) != v and k != "updated_at"]
                before = {k: old.get(k) for k in changed}
                after = {k: now_values[k] for k in changed}
            else:
                before, after = {}, {}
            stats_rows = [s for s in stats_by_org.get(uscc, ()) if s.instance is not None]
            if stats_rows:
                after["statistics"] = {
                    str(s.instance.year): {
                        n: v for n in YearlyStatistics.FIGURES if (v := getattr(s.instance, n)) is not None
                    }
                    for s in stats_rows
                }
                old_stats = {str(s.instance.year): s.before for s in stats_rows if s.existing}
                if old_stats and before is not None:
                    before["statistics"] = old_stats
            yield AuditEntry(
                action="organization.import_create" if created else "organization.import_update",
                target=org,
                before=before,
                after=after,
            )

    for chunk in chunks(usccs, CHUNK):
        audit_log_many(actor=ctx.actor, entries=entries(chunk), need_ids=False)


def _sorted(ctx: ImportContext, errors: list[RowError]) -> list[RowError]:
    """By sheet, row, then the template's column order (checks run in phases; the user reads row by row)."""
    order = {sheet: {c.label: i for i, c in enumerate(columns)} for sheet, columns in ctx.columns.items()}

    def key(error: RowError) -> tuple[int, int, int]:
        columns = order.get(error.sheet, {})
        return (0 if error.sheet == ORG_SHEET else 1, error.row, columns.get(error.column, len(columns)))

    return sorted(errors, key=key)


def import_workbook(
    *, actor: Any, path: str | Path, mode: str = "upsert", progress: Callable[[str, int], None] | None = None
) -> ImportResult:
    """Import organizations and yearly statistics from the .xlsx at ``path`` (already checked upload).

    Raises :class:`ImportFailed` (nothing written) listing every bad row, or :class:`ApplicationError` for
    a file that cannot be read at all or an actor who may not import.  ``progress(phase, rows)`` is told
    where it is (``read``, ``checked``, ``written``) with the rows read, for a background job's page.
    """
    report = progress or (lambda phase, rows: None)
    ctx = _context(actor=actor, mode=mode)
    clock = time.process_time  # CPU time: what the import costs, whatever else the machine is doing
    started = clock()
    plan = _read(ctx, path)
    read = clock()
    report("read", plan.rows)
    _resolve(ctx, plan)
    checked = clock()
    report("checked", plan.rows)
    if ctx.errors:
        logger.info("excel import refused: %d errors in %d rows", len(ctx.errors), plan.rows)
        raise ImportFailed(_sorted(ctx, ctx.errors))
    if not plan.orgs and not plan.stats:
        raise ApplicationError(_("文件中没有可导入的数据行。"), extra={"field": "file", "code": "empty"})
    result = _write(ctx, plan)
    report("written", plan.rows)
    logger.info(
        "excel import: %d rows; CPU: read+clean %.1f s, database checks %.1f s, write+audit %.1f s",
        plan.rows,
        read - started,
        checked - read,
        clock() - checked,
    )
    return result


def can_import(user: Any) -> bool:
    """Whether the import page and endpoint are open to ``user`` (admins and officers)."""
    return user_is_platform_admin(user) or bool(user_officer_roles(user))
