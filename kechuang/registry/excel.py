"""Importing organizations and their yearly statistics from one .xlsx, and exporting them.

The workbook has two sheets (the template, :func:`template_workbook`, shows them with an example row):

* **主体** — one organization per row, keyed by 统一社会信用代码. Region by 6-digit GB/T 2260 code or name,
  industry by GB/T 4754 code (``C3311`` or ``3311``) or exact name, 主体类型 and 企业规模 by their Chinese
  labels (``企业``, ``小型``).
* **年度统计** — one organization-year per row (统一社会信用代码 + 年度 + figures in 元 / 人 / 件). The
  organization is either on the 主体 sheet or already registered.

Either sheet may be left out. Two sheets rather than one wide sheet because an organization has many years:
a wide sheet would repeat the organization's columns on every year or need a column per year and figure.

Rules (the same ones the services and the API apply — this module calls
:func:`~kechuang.registry.services.clean_organization_data`, :func:`~kechuang.registry.services.clean_statistics_data`,
:func:`~kechuang.registry.validators.clean_uscc`, :func:`~kechuang.registry.services.resolve_region` and
:func:`~kechuang.registry.services.resolve_industry`, so the messages are identical):

* **All or nothing.** Every row is checked first; one error anywhere and nothing is written, the user gets
  every error with its sheet, row and column (and a workbook listing them, :func:`store_error_workbook`).
* **Upsert by USCC** (``mode="upsert"``, the default): a USCC already registered updates that organization;
  cells left empty keep the stored value (an import never erases data). Statistics of a year already stored
  are updated the same way. With ``mode="create"`` a registered USCC, or a year already stored, is an error.

See docs/excel.md.
* **Scope.** Officers import only organizations in their region subtrees (permission action ``import``),
  platform admins anywhere; others may not import. Organizations created by an import are verified (the
  data comes from the bureau itself).
* One transaction; bulk inserts; one audit record per organization created or updated
  (``organization.import_create`` / ``organization.import_update``, statistics included in before/after).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core import bulk
from kechuang.core.audit import AuditEntry, audit_log_many, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import (
    Column,
    RowError,
    SheetSpec,
    cell_text,
    cleanup_old_files,
    open_workbook,
    read_table,
    write_error_workbook,
    write_workbook,
)
from kechuang.core.permissions import restrict
from kechuang.registry.choices import OrganizationKind, SizeClass, VerificationStatus
from kechuang.registry.models import Industry, Organization, Region, YearlyStatistics
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services import (
    _denormalize,
    clean_organization_data,
    clean_statistics_data,
    ensure_uscc_free,
    resolve_industry,
    resolve_region,
)
from kechuang.registry.validators import clean_uscc, uscc_check_digit

logger = logging.getLogger(__name__)

ORG_SHEET = "主体"
STATS_SHEET = "年度统计"
HELP_SHEET = "填写说明"
MODES = ("upsert", "create")
_CHUNK = 2000  # rows per bulk query / audit batch: bounded memory per round trip
_IN_CHUNK = 900  # values per ``__in`` lookup (SQLite's variable limit is 999 on older builds)


def _example_uscc() -> str:
    body = "91220102MA00000001"[:17]
    return body + uscc_check_digit(body)


EXAMPLE_USCC = _example_uscc()


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: Any = None
    note: str = ""

    @property
    def header(self) -> str:
        return f"{self.label}*" if self.required else self.label


def organization_columns() -> list[ImportColumn]:
    return [
        ImportColumn("uscc", _("统一社会信用代码"), True, ("uscc", "信用代码"), EXAMPLE_USCC, _("18位")),
        ImportColumn(
            "name", _("名称"), True, ("name", "主体名称", "单位名称", "企业名称"), _("长春示例科技有限公司")
        ),
        ImportColumn(
            "kind",
            _("主体类型"),
            False,
            ("kind",),
            str(OrganizationKind.ENTERPRISE.label),
            "、".join(str(label) for label in OrganizationKind.labels) + _("；空白为企业"),
        ),
        ImportColumn(
            "region",
            _("所在地区"),
            True,
            ("region", "地区", "行政区划代码", "所在地区代码"),
            "220102",
            _("6位行政区划代码或地区全称"),
        ),
        ImportColumn(
            "industry",
            _("所属行业"),
            False,
            ("industry", "行业", "行业代码"),
            "C39",
            _("行业代码（如C3911）或名称"),
        ),
        ImportColumn(
            "size",
            _("企业规模"),
            False,
            ("size",),
            str(SizeClass.SMALL.label),
            "、".join(map(str, SizeClass.labels)),
        ),
        ImportColumn(
            "founded_on", _("成立日期"), False, ("founded_on",), dt.date(2015, 6, 1), _("如 2015-06-01")
        ),
        ImportColumn(
            "registered_capital",
            _("注册资本（元）"),
            False,
            ("registered_capital", "注册资本"),
            Decimal("5000000"),
            _("单位：元"),
        ),
        ImportColumn("legal_representative", _("法定代表人"), False, ("legal_representative",), _("张三")),
        ImportColumn("address", _("地址"), False, ("address",), _("吉林省长春市南关区人民大街1号")),
        ImportColumn("contact_person", _("联系人"), False, ("contact_person",), _("李四")),
        ImportColumn("contact_phone", _("联系电话"), False, ("contact_phone",), "0431-88888888"),
        ImportColumn("website", _("网站"), False, ("website",), "https://www.example.cn"),
        ImportColumn("description", _("简介"), False, ("description",), ""),
    ]


def _figure_field(name: str) -> Field:
    field = YearlyStatistics._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def statistics_columns() -> list[ImportColumn]:
    examples = {
        "revenue": Decimal("52000000"),
        "rd_expenditure": Decimal("3100000"),
        "employees": 120,
        "rd_staff": 35,
        "valid_invention_patents": 6,
    }
    columns = [
        ImportColumn("uscc", _("统一社会信用代码"), True, ("uscc", "信用代码"), EXAMPLE_USCC),
        ImportColumn("year", _("年度"), True, ("year",), timezone.localdate().year - 1, _("如 2025")),
    ]
    for name in YearlyStatistics.FIGURES:
        label = str(_figure_field(name).verbose_name)
        columns.append(ImportColumn(name, label, False, (name, label.split("（")[0]), examples.get(name), ""))
    return columns


def _chinese_labels(choices: Any) -> dict[str, str]:
    with translation.override("zh-hans"):
        return {str(label): value for value, label in choices.choices}


# Files carry the Chinese labels whatever the user's language (the services match the active language).
CHOICE_LABELS = {"kind": _chinese_labels(OrganizationKind), "size": _chinese_labels(SizeClass)}

# Columns an export adds for reading only; importing the exported file ignores them.
EXPORT_ONLY_HEADERS = ("地区名称", "行业名称", "核验状态", "登记时间", "主体名称")


def _aliases(columns: list[ImportColumn]) -> dict[str, str]:
    out: dict[str, str] = {}
    for column in columns:
        for text in (column.label, column.header, *column.aliases):
            out[text] = column.key
    return out


# ---------------------------------------------------------------------------------------------------------
# Result and failure


@dataclass
class ImportResult:
    organizations_created: int = 0
    organizations_updated: int = 0
    statistics_created: int = 0
    statistics_updated: int = 0
    rows: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "organizations_created": self.organizations_created,
            "organizations_updated": self.organizations_updated,
            "statistics_created": self.statistics_created,
            "statistics_updated": self.statistics_updated,
            "rows": self.rows,
        }


class ImportFailed(ApplicationError):
    """The file has errors; nothing was written. ``errors`` lists them all (``extra`` the first 200)."""

    SHOWN = 200

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            _("导入未完成：发现%(n)d处错误，未写入任何数据。请下载错误清单，修改后重新上传。")
            % {"n": len(errors)},
            extra={
                "code": "import_errors",
                "error_count": len(errors),
                "errors": [e.as_dict() for e in errors[: self.SHOWN]],
            },
        )


# ---------------------------------------------------------------------------------------------------------
# Validation helpers


def _collect(
    func: Callable[..., dict[str, Any]],
    data: dict[str, Any],
    *,
    placeholders: dict[str, Any] | None = None,
    **kwargs: Any,
) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """Run a ``clean_*`` function and collect every field error, not just the first.

    The cleaners stop at the first problem; to report all of a row's problems we drop the failing field
    (or replace it with a valid placeholder when the cleaner requires it) and run again. A valid row costs
    one call.
    """
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    current = data
    while True:
        try:
            values = func(current, **kwargs)
        except ApplicationError as exc:
            name = str(exc.extra.get("field") or "")
            errors.append((name, exc.message))
            if not name or name in seen or name not in current:
                return None, errors
            seen.add(name)
            current = dict(current)
            if placeholders and name in placeholders:
                current[name] = placeholders[name]
            else:
                del current[name]
            continue
        return (values if not errors else None), errors


class _Lookups:
    """:func:`resolve_region` / :func:`resolve_industry` for many rows: same results, same messages.

    Codes are looked up in the whole (small) reference tables loaded once — exactly what the resolvers'
    ``code=`` / ``code_with_section=`` queries would return; anything else (names, unknown codes) goes to
    the resolver itself, memoised per distinct text, errors included.
    """

    def __init__(self) -> None:
        self._region_codes: dict[str, Region] | None = None
        self._industry_codes: dict[str, Industry] | None = None
        self._regions: dict[str, Region | ApplicationError] = {}
        self._industries: dict[str, Industry | ApplicationError | None] = {}

    @staticmethod
    def _memo(cache: dict[str, Any], resolve: Callable[[Any], Any], text: str) -> Any:
        try:
            hit = cache[text]
        except KeyError:
            try:
                hit = resolve(text)
            except ApplicationError as exc:
                hit = exc
            cache[text] = hit
        if isinstance(hit, ApplicationError):
            raise hit
        return hit

    def region(self, text: str) -> Region:
        if self._region_codes is None:
            self._region_codes = {r.code: r for r in Region.objects.all()}
        found = self._region_codes.get(text)
        if found is not None:
            return found
        return self._memo(self._regions, resolve_region, text)

    def industry(self, text: str) -> Industry | None:
        if self._industry_codes is None:
            codes: dict[str, Industry] = {}
            industries = list(Industry.objects.all())
            for industry in industries:  # ``code`` wins over ``code_with_section``, as in the resolver
                codes.setdefault(industry.code_with_section, industry)
            for industry in industries:
                codes[industry.code] = industry
            self._industry_codes = codes
        found = self._industry_codes.get(text.strip().upper())
        if found is not None:
            return found
        return self._memo(self._industries, resolve_industry, text)


class _Scope:
    """Where the actor may import: ``None`` paths = anywhere (platform admin)."""

    def __init__(self, actor: Any) -> None:
        if user_is_platform_admin(actor):
            self.paths: tuple[str, ...] | None = None
            self.label = ""
            return
        roles = user_officer_roles(actor)
        if not roles:
            raise ApplicationError(_("您无权导入主体数据。"), extra={"code": "forbidden"})
        self.paths = tuple(role.region.path for role in roles)
        self.label = "、".join(dict.fromkeys(str(role.region) for role in roles))

    def allows(self, region_path: str) -> bool:
        return self.paths is None or region_path.startswith(self.paths)

    def region_message(self, region: Region) -> str:
        return _("您只能导入本辖区（%(scope)s）内的主体，“%(region)s”不在其中。") % {
            "scope": self.label,
            "region": str(region),
        }


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _validation_errors(exc: ValidationError) -> list[tuple[str, str]]:
    return [(name, messages[0]) for name, messages in exc.message_dict.items()]


# ---------------------------------------------------------------------------------------------------------
# The import


@dataclass
class _OrgRow:
    row: int
    uscc: str
    values: dict[str, Any]
    instance: Organization | None = None
    existing: bool = False
    before: dict[str, Any] | None = None


@dataclass
class _StatRow:
    row: int
    uscc: str
    values: dict[str, Any]
    instance: YearlyStatistics | None = None
    existing: bool = False
    before: dict[str, Any] | None = None


@dataclass
class _Plan:
    orgs: list[_OrgRow] = field(default_factory=list)
    stats: list[_StatRow] = field(default_factory=list)
    rows: int = 0
    # Every valid USCC on the 主体 sheet, including rows with other errors (their statistics are not orphans).
    org_usccs: dict[str, int] = field(default_factory=dict)


class _Importer:
    def __init__(self, *, actor: Any, mode: str) -> None:
        if mode not in MODES:
            raise ApplicationError(_("导入方式“%(mode)s”无效。") % {"mode": mode}, extra={"field": "mode"})
        self.actor = actor
        self.mode = mode
        self.scope = _Scope(actor)
        self.lookups = _Lookups()
        self.usccs: dict[str, str] = {}  # raw text → valid code: a statistics row repeats its 主体 row's code
        self.errors: list[RowError] = []
        self.org_labels = {c.key: c.label for c in organization_columns()}
        self.stat_labels = {c.key: c.label for c in statistics_columns()}
        self.org_labels.update({"verification_status": _("核验状态")})

    # -- errors ------------------------------------------------------------------------------------------

    def _org_error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(ORG_SHEET, row, self.org_labels.get(key, key), message))

    def _stat_error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(STATS_SHEET, row, self.stat_labels.get(key, key), message))

    # -- reading -----------------------------------------------------------------------------------------

    def _clean_uscc(self, raw: str) -> str:
        self.usccs[raw] = code = clean_uscc(raw)
        return code

    def read(self, path: str | Path) -> _Plan:
        wb = open_workbook(path)
        plan = _Plan()
        try:
            names = wb.sheetnames
            if ORG_SHEET not in names and STATS_SHEET not in names:
                raise ApplicationError(
                    _("工作簿中没有名为“主体”或“年度统计”的工作表。请使用导入模板。"),
                    extra={"field": "file", "code": "no_sheet"},
                )
            if ORG_SHEET in names:
                self._read_orgs(wb[ORG_SHEET], plan, plan.org_usccs)
            if STATS_SHEET in names:
                self._read_stats(wb[STATS_SHEET], plan)
        finally:
            wb.close()
        return plan

    def _read_orgs(self, ws: Any, plan: _Plan, seen: dict[str, int]) -> None:
        columns = organization_columns()
        table = read_table(
            ws,
            aliases=_aliases(columns),
            required=[c.key for c in columns if c.required],
            ignored=EXPORT_ONLY_HEADERS,
            labels=self.org_labels,
            errors=self.errors,
        )
        if table is None:
            return
        lookups = self.lookups
        for number, record in table.rows:
            raw_uscc = cell_text(record.get("uscc"))
            if raw_uscc == EXAMPLE_USCC:
                continue
            plan.rows += 1
            failed = False
            try:
                uscc = self.usccs.get(raw_uscc) or self._clean_uscc(raw_uscc)
            except ApplicationError as exc:
                self._org_error(number, "uscc", exc.message)
                uscc = ""
                failed = True
            if uscc:
                first = seen.get(uscc)
                if first is not None:
                    self._org_error(
                        number,
                        "uscc",
                        _("统一社会信用代码%(uscc)s与第%(row)d行重复。") % {"uscc": uscc, "row": first},
                    )
                    failed = True
                else:
                    seen[uscc] = number
            data: dict[str, Any] = {"name": cell_text(record.get("name"))}
            try:
                data["region"] = lookups.region(cell_text(record.get("region")))
            except ApplicationError as exc:
                self._org_error(number, "region", exc.message)
                failed = True
            if "industry" in record:
                try:
                    data["industry"] = lookups.industry(cell_text(record["industry"]))
                except ApplicationError as exc:
                    self._org_error(number, "industry", exc.message)
                    failed = True
            for key, value in record.items():
                if key in ("uscc", "name", "region", "industry"):
                    continue
                if key == "founded_on" and isinstance(value, dt.date):
                    # As text, so the cleaner's "not in the future" rule applies to date cells too.
                    data[key] = (value.date() if isinstance(value, dt.datetime) else value).isoformat()
                elif key == "registered_capital":
                    data[key] = value
                elif key in ("kind", "size"):
                    text = cell_text(value)
                    data[key] = CHOICE_LABELS[key].get(text, text)
                else:
                    data[key] = cell_text(value)
            values, problems = _collect(clean_organization_data, data, partial=True)
            for key, message in problems:
                self._org_error(number, key, message)
            if failed or problems or values is None:
                continue
            region = values["region"]
            if not self.scope.allows(region.path):
                self._org_error(number, "region", self.scope.region_message(region))
                continue
            plan.orgs.append(_OrgRow(number, uscc, values))

    def _read_stats(self, ws: Any, plan: _Plan) -> None:
        columns = statistics_columns()
        table = read_table(
            ws,
            aliases=_aliases(columns),
            required=[c.key for c in columns if c.required],
            ignored=EXPORT_ONLY_HEADERS,
            labels=self.stat_labels,
            errors=self.errors,
        )
        if table is None:
            return
        seen: dict[tuple[str, int], int] = {}
        placeholders = {"year": timezone.localdate().year}
        for number, record in table.rows:
            raw_uscc = cell_text(record.get("uscc"))
            if raw_uscc == EXAMPLE_USCC:
                continue
            plan.rows += 1
            failed = False
            try:
                uscc = self.usccs.get(raw_uscc) or self._clean_uscc(raw_uscc)
            except ApplicationError as exc:
                self._stat_error(number, "uscc", exc.message)
                uscc = ""
                failed = True
            data = {k: v for k, v in record.items() if k != "uscc"}
            data.setdefault("year", None)
            values, problems = _collect(clean_statistics_data, data, placeholders=placeholders)
            for key, message in problems:
                self._stat_error(number, key, message)
            if values is None or failed:
                continue
            pair = (uscc, values["year"])
            first = seen.get(pair)
            if first is not None:
                self._stat_error(
                    number,
                    "year",
                    _("第%(row)d行已填写该主体%(year)d年度的统计数据，同一主体同一年度只能填写一行。")
                    % {"row": first, "year": values["year"]},
                )
                continue
            seen[pair] = number
            plan.stats.append(_StatRow(number, uscc, values))

    # -- checking against the database -------------------------------------------------------------------

    def _existing(self, usccs: Iterable[str]) -> dict[str, tuple[int, str]]:
        out: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(sorted(set(usccs)), _IN_CHUNK):
            for uscc, pk, path in Organization.objects.filter(uscc__in=chunk).values_list(
                "uscc", "id", "region_path"
            ):
                out[uscc] = (pk, path)
        return out

    def resolve(self, plan: _Plan) -> None:
        """Decide create/update per row, check scope and duplicates against the database, build instances."""
        in_file = set(plan.org_usccs)
        existing = self._existing({r.uscc for r in plan.orgs} | {r.uscc for r in plan.stats})
        now = timezone.now()
        actor_pk = getattr(self.actor, "pk", None)
        importable: set[int] = set()
        loaded: dict[int, Organization] = {}
        to_update = [r for r in plan.orgs if r.uscc in existing]
        if to_update and self.mode == "upsert":
            ids = [existing[r.uscc][0] for r in to_update]
            for chunk in _chunks(ids, _IN_CHUNK):
                for org in restrict(Organization.objects.filter(id__in=chunk), self.actor, "import"):
                    importable.add(org.pk)
                    loaded[org.pk] = org
        for r in plan.orgs:
            hit = existing.get(r.uscc)
            if hit is None:
                values = r.values
                values.setdefault("kind", OrganizationKind.ENTERPRISE)
                org = Organization(uscc=r.uscc, **values)
                org.verification_status = VerificationStatus.VERIFIED
                org.verified_at = now
                org.verified_by_id = actor_pk
            elif self.mode == "create":
                try:
                    ensure_uscc_free(r.uscc)
                except ApplicationError as exc:
                    self._org_error(r.row, "uscc", exc.message)
                continue
            elif hit[0] not in importable:
                self._org_error(
                    r.row,
                    "uscc",
                    _("统一社会信用代码%(uscc)s已由您辖区以外的主体登记，您无权更新该主体。")
                    % {"uscc": r.uscc},
                )
                continue
            else:
                org = loaded[hit[0]]
                r.existing = True
                r.before = snapshot(org)
                for key, value in r.values.items():
                    setattr(org, key, value)
            _denormalize(org)
            try:
                org.full_clean(
                    exclude=_org_clean_exclude(), validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                for key, message in _validation_errors(exc):
                    self._org_error(r.row, key, message)
                continue
            r.instance = org
            r.values = {}
        self._resolve_stats(plan, existing, in_file)

    def _resolve_stats(self, plan: _Plan, existing: dict[str, tuple[int, str]], in_file: set[str]) -> None:
        if not plan.stats:
            return
        # Statistics of organizations not on the 主体 sheet: they must exist and be importable by the actor.
        outside = {r.uscc for r in plan.stats if r.uscc not in in_file and r.uscc in existing}
        allowed: set[str] = set()
        for chunk in _chunks(sorted(outside), _IN_CHUNK):
            allowed.update(
                restrict(Organization.objects.filter(uscc__in=chunk), self.actor, "import").values_list(
                    "uscc", flat=True
                )
            )
        org_ids = [existing[u][0] for u in {r.uscc for r in plan.stats} if u in existing]
        stored: dict[tuple[int, int], YearlyStatistics] = {}
        years = {r.values["year"] for r in plan.stats}
        for chunk in _chunks(org_ids, _IN_CHUNK):
            for row_stats in YearlyStatistics.objects.filter(organization_id__in=chunk, year__in=years):
                stored[(row_stats.organization_id, row_stats.year)] = row_stats
        for r in plan.stats:
            if r.uscc not in in_file:
                if r.uscc not in existing:
                    self._stat_error(
                        r.row,
                        "uscc",
                        _("统一社会信用代码%(uscc)s不在“主体”工作表中，也未在系统中登记。")
                        % {"uscc": r.uscc},
                    )
                    continue
                if r.uscc not in allowed:
                    self._stat_error(
                        r.row,
                        "uscc",
                        _("统一社会信用代码%(uscc)s已由您辖区以外的主体登记，您无权更新该主体。")
                        % {"uscc": r.uscc},
                    )
                    continue
            values = r.values
            year = values.pop("year")
            hit = existing.get(r.uscc)
            stats: YearlyStatistics | None = stored.get((hit[0], year)) if hit else None
            if stats is None:
                stats = YearlyStatistics(year=year, **values)
            elif self.mode == "create":
                self._stat_error(r.row, "year", _("该主体该年度的统计数据已存在。"))
                continue
            else:
                r.existing = True
                r.before = snapshot(stats, YearlyStatistics.FIGURES)
                for key, value in values.items():
                    setattr(stats, key, value)
            if (
                stats.rd_staff is not None
                and stats.employees is not None
                and stats.rd_staff > stats.employees
            ):
                # Only possible when an update combines stored and new figures; same rule and message.
                self._stat_error(r.row, "rd_staff", _("研发人员数不能超过从业人员数。"))
                continue
            # No full_clean() here: clean_statistics_data's bounds (year 1949..this year, money 0..1e13 at
            # 0.01, counts 0..5e6) lie inside the model's validators, and the one constraint across fields
            # is checked just above — test_statistics_cleaner_is_stricter_than_the_model proves it.
            r.instance = stats
            r.values = {}

    # -- writing -----------------------------------------------------------------------------------------

    @transaction.atomic
    def write(self, plan: _Plan) -> ImportResult:
        result = ImportResult(rows=plan.rows)
        new = [r.instance for r in plan.orgs if r.instance is not None and not r.existing]
        # Someone may have registered one of these USCCs since we looked: refuse rather than half-write.
        now_taken = self._existing([o.uscc for o in new])
        if now_taken:
            raise ApplicationError(
                _("导入期间统一社会信用代码%(uscc)s已被登记，请重新导入。") % {"uscc": next(iter(now_taken))}
            )
        # kechuang.core.bulk rather than bulk_create: a fifth of the cost per row (see that module).
        bulk.insert(Organization, new)
        ids = bulk.ids_by(Organization, "uscc", [o.uscc for o in new])
        for org in new:
            org.pk = ids[org.uscc]
        result.organizations_created = len(new)
        updated = [r.instance for r in plan.orgs if r.instance is not None and r.existing]
        bulk.update(Organization, updated, _ORG_UPDATED_FIELDS)
        result.organizations_updated = len(updated)

        org_by_uscc: dict[str, Organization] = {
            r.uscc: r.instance for r in plan.orgs if r.instance is not None
        }
        outside = {r.uscc for r in plan.stats if r.uscc not in org_by_uscc}
        for chunk in _chunks(sorted(outside), _IN_CHUNK):
            for org in Organization.objects.filter(uscc__in=chunk).only("id", "uscc", "name"):
                org_by_uscc[org.uscc] = org
        stats_by_org: dict[str, list[_StatRow]] = {}
        new_stats: list[YearlyStatistics] = []
        changed_stats: list[YearlyStatistics] = []
        for r in plan.stats:
            assert r.instance is not None
            stats_by_org.setdefault(r.uscc, []).append(r)
            if r.existing:
                changed_stats.append(r.instance)
            else:
                r.instance.organization = org_by_uscc[r.uscc]
                new_stats.append(r.instance)
        bulk.insert(YearlyStatistics, new_stats)
        bulk.update(YearlyStatistics, changed_stats, YearlyStatistics.FIGURES)
        result.statistics_created = len(new_stats)
        result.statistics_updated = len(changed_stats)

        self._audit(plan, org_by_uscc, stats_by_org)
        return result

    def _audit(
        self, plan: _Plan, org_by_uscc: dict[str, Organization], stats_by_org: dict[str, list[_StatRow]]
    ) -> None:
        in_sheet = {r.uscc: r for r in plan.orgs}
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
                        if f.attname not in _AUDIT_SKIP
                        and (value := getattr(org, f.attname)) not in (None, "")
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
                        str(s.instance.year): {  # type: ignore[union-attr]
                            n: v
                            for n in YearlyStatistics.FIGURES
                            if (v := getattr(s.instance, n)) is not None
                        }
                        for s in stats_rows
                    }
                    old_stats = {
                        str(s.instance.year): s.before  # type: ignore[union-attr]
                        for s in stats_rows
                        if s.existing
                    }
                    if old_stats and before is not None:
                        before["statistics"] = old_stats
                yield AuditEntry(
                    action="organization.import_create" if created else "organization.import_update",
                    target=org,
                    before=before,
                    after=after,
                )

        for chunk in _chunks(usccs, _CHUNK):
            audit_log_many(actor=self.actor, entries=entries(chunk), need_ids=False)


# The model rules clean_organization_data does not already enforce (lengths, URL). Everything else is
# excluded from full_clean(): foreign keys would cost a query per row, and the rest is checked as strictly.
_MODEL_CHECKED = {
    "legal_representative",
    "address",
    "contact_person",
    "contact_phone",
    "website",
    "description",
}


@functools.cache
def _org_clean_exclude() -> list[str]:
    return [f.name for f in Organization._meta.fields if f.name not in _MODEL_CHECKED]


_ORG_UPDATED_FIELDS = [
    "search_text",
    "region_path",
    "name",
    "kind",
    "region",
    "industry",
    "size",
    "founded_on",
    "registered_capital",
    "legal_representative",
    "address",
    "contact_person",
    "contact_phone",
    "website",
    "description",
]


# Not worth an audit line for a new row: the id is the record's target, the rest is derived or a timestamp.
_AUDIT_SKIP = {"id", "search_text", "region_path", "created_at", "updated_at"}


def _sorted(errors: list[RowError]) -> list[RowError]:
    """By sheet, row, then the template's column order (checks run in phases; the user reads row by row)."""
    order = {
        ORG_SHEET: {c.label: i for i, c in enumerate(organization_columns())},
        STATS_SHEET: {c.label: i for i, c in enumerate(statistics_columns())},
    }

    def key(error: RowError) -> tuple[int, int, int]:
        columns = order.get(error.sheet, {})
        return (0 if error.sheet == ORG_SHEET else 1, error.row, columns.get(error.column, len(columns)))

    return sorted(errors, key=key)


def import_workbook(*, actor: Any, path: str | Path, mode: str = "upsert") -> ImportResult:
    """Import organizations and yearly statistics from the .xlsx at ``path`` (already checked upload).

    Raises :class:`ImportFailed` (nothing written) listing every bad row, or :class:`ApplicationError` for
    a file that cannot be read at all or an actor who may not import.
    """
    importer = _Importer(actor=actor, mode=mode)
    clock = time.process_time  # CPU time: what the import costs, whatever else the machine is doing
    started = clock()
    plan = importer.read(path)
    read = clock()
    importer.resolve(plan)
    checked = clock()
    if importer.errors:
        logger.info("excel import refused: %d errors in %d rows", len(importer.errors), plan.rows)
        raise ImportFailed(_sorted(importer.errors))
    if not plan.orgs and not plan.stats:
        raise ApplicationError(_("文件中没有可导入的数据行。"), extra={"field": "file", "code": "empty"})
    result = importer.write(plan)
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


# ---------------------------------------------------------------------------------------------------------
# Error workbooks (kept for a day under var/imports/<user id>/)

_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def _error_dir(actor: Any) -> Path:
    base = Path(getattr(settings, "KECHUANG_IMPORT_DIR", Path(settings.VAR_DIR) / "imports"))
    return base / str(actor.pk)


def store_error_workbook(*, actor: Any, errors: list[RowError], source: str | Path | None) -> str:
    """Write the error workbook for ``actor`` and return its token (for the download link)."""
    directory = _error_dir(actor)
    directory.mkdir(parents=True, exist_ok=True)
    cleanup_old_files(directory)
    token = uuid.UUID(bytes=secrets.token_bytes(16)).hex
    write_error_workbook(
        directory / f"{token}.xlsx", errors=errors, source=source, sheets=(ORG_SHEET, STATS_SHEET)
    )
    return token


def error_workbook_path(*, actor: Any, token: str) -> Path | None:
    """The stored error workbook of this actor, or None (another user's token finds nothing)."""
    if not _TOKEN_RE.match(token or ""):
        return None
    path = _error_dir(actor) / f"{token}.xlsx"
    return path if path.is_file() else None


# ---------------------------------------------------------------------------------------------------------
# Template and exports


def template_workbook(dest: Any) -> None:
    """The import template: both sheets with headers and one example row (ignored on import), plus help."""
    org_cols = organization_columns()
    stat_cols = statistics_columns()
    help_rows = [
        (_("工作表"), _("列"), _("是否必填"), _("说明")),
        *[(ORG_SHEET, c.label, _("必填") if c.required else "", c.note) for c in org_cols],
        *[(STATS_SHEET, c.label, _("必填") if c.required else "", c.note) for c in stat_cols],
        ("", "", "", ""),
        (
            "",
            _("规则"),
            "",
            _("第2行为示例（统一社会信用代码%(uscc)s），导入时自动忽略，可直接覆盖或删除。")
            % {"uscc": EXAMPLE_USCC},
        ),
        ("", "", "", _("已登记的统一社会信用代码将更新该主体；空白单元格保留原值，不会清空。")),
        ("", "", "", _("任一行有错误时不写入任何数据，并提供错误清单下载。")),
        ("", "", "", _("金额单位为元；人数单位为人；专利单位为件。")),
    ]
    sheets = [
        SheetSpec(
            ORG_SHEET,
            [Column(c.header, _item(i)) for i, c in enumerate(org_cols)],
            [[c.example for c in org_cols]],
        ),
        SheetSpec(
            STATS_SHEET,
            [Column(c.header, _item(i)) for i, c in enumerate(stat_cols)],
            [[c.example for c in stat_cols]],
        ),
        SheetSpec(
            HELP_SHEET,
            [
                Column(h, _item(i), width=w)
                for i, (h, w) in enumerate(zip(help_rows[0], (12, 22, 10, 70), strict=True))
            ],
            help_rows[1:],
        ),
    ]
    write_workbook(dest, sheets)


def _item(index: int) -> Callable[[Any], Any]:
    return lambda row: row[index]


def _display(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value)) if value else ""


MONEY_FORMAT = "#,##0.00"


def organization_export_columns() -> list[Column]:
    """Same headers as the import sheet (so an export can be edited and imported back), plus names."""
    return [
        Column(_("统一社会信用代码"), "uscc", width=22),
        Column(_("名称"), "name", width=36),
        Column(_("主体类型"), lambda o: _display(OrganizationKind, o.kind)),
        Column(_("所在地区"), "region_id", width=10),
        Column(_("地区名称"), lambda o: str(o.region), width=28),
        Column(_("所属行业"), "industry.code_with_section", width=10),
        Column(_("行业名称"), "industry.name", width=28),
        Column(_("企业规模"), lambda o: _display(SizeClass, o.size)),
        Column(_("成立日期"), "founded_on", number_format="yyyy-mm-dd", width=12),
        Column(_("注册资本（元）"), "registered_capital", number_format=MONEY_FORMAT, width=18),
        Column(_("法定代表人"), "legal_representative"),
        Column(_("地址"), "address", width=36),
        Column(_("联系人"), "contact_person"),
        Column(_("联系电话"), "contact_phone", width=16),
        Column(_("网站"), "website", width=24),
        Column(_("核验状态"), lambda o: _display(VerificationStatus, o.verification_status)),
    ]


def statistics_export_columns() -> list[Column]:
    columns = [
        Column(_("统一社会信用代码"), "organization.uscc", width=22),
        Column(_("主体名称"), "organization.name", width=36),
        Column(_("年度"), "year", width=8),
    ]
    for name in YearlyStatistics.FIGURES:
        f = _figure_field(name)
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
