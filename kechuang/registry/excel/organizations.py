"""The 主体 sheet: its columns, reading and checking its rows, writing them, and the organization exports.

One organization per row, keyed by 统一社会信用代码. Region by 6-digit GB/T 2260 code or name, industry by
GB/T 4754 code (``C3311`` or ``3311``) or exact name, 主体类型 and 企业规模 by their Chinese labels
(``企业``, ``小型``). Rows are cleaned by :func:`~kechuang.registry.services.clean_organization_data`, the
cleaner behind the API and the pages. A USCC already registered updates that organization (cells left empty
keep the stored value); with ``mode="create"`` it is an error. Organizations created by an import are
verified (the data comes from the bureau itself).
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import bulk
from kechuang.core.audit import snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import Column, cell_text
from kechuang.core.permissions import restrict
from kechuang.registry.choices import OrganizationKind, SizeClass, VerificationStatus
from kechuang.registry.excel.columns import (
    DATE_FORMAT,
    EXAMPLE_USCC,
    MONEY_FORMAT,
    ORG_SHEET,
    ImportColumn,
    chinese_labels,
    display,
)
from kechuang.registry.excel.context import IN_CHUNK, ImportContext, Plan, Row, chunks, collect
from kechuang.registry.models import Organization
from kechuang.registry.services import (
    ORGANIZATION_FIELDS,
    _denormalize,
    clean_organization_data,
    ensure_uscc_free,
)

# Files carry the Chinese labels whatever the user's language (the services match the active language).
CHOICE_LABELS = {"kind": chinese_labels(OrganizationKind), "size": chinese_labels(SizeClass)}

# clean_organization_data parses and checks these itself; the other editable fields it only strips, so
# full_clean() checks what the model adds to them (lengths, URL). Everything else is excluded from
# full_clean(): foreign keys would cost a query per row, and the rest is checked as strictly.
_CLEANER_CHECKED = {"name", "kind", "region", "industry", "size", "founded_on", "registered_capital"}
_MODEL_CHECKED = set(ORGANIZATION_FIELDS) - _CLEANER_CHECKED
# What an update may change: the editable fields and what is derived from them.
UPDATED_FIELDS = ["search_text", "region_path", *ORGANIZATION_FIELDS]


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


def extra_labels() -> dict[str, str]:
    """Labels of model fields an error may name that are not columns of the sheet."""
    return {"verification_status": _("核验状态")}


# ---------------------------------------------------------------------------------------------------------
# Reading


def _row_data(ctx: ImportContext, number: int, record: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The row as the cleaner's input (region and industry resolved); whether a lookup failed."""
    failed = False
    data: dict[str, Any] = {"name": cell_text(record.get("name"))}
    try:
        data["region"] = ctx.lookups.region(cell_text(record.get("region")))
    except ApplicationError as exc:
        ctx.error(ORG_SHEET, number, "region", exc.message)
        failed = True
    if "industry" in record:
        try:
            data["industry"] = ctx.lookups.industry(cell_text(record["industry"]))
        except ApplicationError as exc:
            ctx.error(ORG_SHEET, number, "industry", exc.message)
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
    return data, failed


def read(ctx: ImportContext, ws: Any, plan: Plan) -> None:
    """Clean every row of the 主体 sheet into ``plan.orgs``; problems go to ``ctx.errors``."""
    seen = plan.org_usccs
    for number, record, uscc in ctx.records(ws, plan):
        failed = not uscc
        if uscc:
            first = seen.get(uscc)
            if first is not None:
                ctx.error(
                    ORG_SHEET,
                    number,
                    "uscc",
                    _("统一社会信用代码%(uscc)s与第%(row)d行重复。") % {"uscc": uscc, "row": first},
                )
                failed = True
            else:
                seen[uscc] = number
        data, lookup_failed = _row_data(ctx, number, record)
        values, problems = collect(clean_organization_data, data, partial=True)
        for key, message in problems:
            ctx.error(ORG_SHEET, number, key, message)
        if failed or lookup_failed or problems or values is None:
            continue
        region = values["region"]
        if not ctx.scope.allows(region.path):
            ctx.error(ORG_SHEET, number, "region", ctx.scope.region_message(region))
            continue
        plan.orgs.append(Row(number, uscc, values))


# ---------------------------------------------------------------------------------------------------------
# Checking against the database


@functools.cache
def _clean_exclude() -> list[str]:
    return [f.name for f in Organization._meta.fields if f.name not in _MODEL_CHECKED]


def _validation_errors(exc: ValidationError) -> list[tuple[str, str]]:
    return [(name, messages[0]) for name, messages in exc.message_dict.items()]


def resolve(ctx: ImportContext, rows: list[Row], existing: dict[str, tuple[int, str]]) -> None:
    """Decide create or update per row, check the actor may update, build and check the instances."""
    now = timezone.now()
    actor_pk = getattr(ctx.actor, "pk", None)
    importable: set[int] = set()
    loaded: dict[int, Organization] = {}
    to_update = [r for r in rows if r.uscc in existing]
    if to_update and ctx.mode == "upsert":
        ids = [existing[r.uscc][0] for r in to_update]
        for chunk in chunks(ids, IN_CHUNK):
            for org in restrict(Organization.objects.filter(id__in=chunk), ctx.actor, "import"):
                importable.add(org.pk)
                loaded[org.pk] = org
    for r in rows:
        hit = existing.get(r.uscc)
        if hit is None:
            values = r.values
            values.setdefault("kind", OrganizationKind.ENTERPRISE)
            org = Organization(uscc=r.uscc, **values)
            org.verification_status = VerificationStatus.VERIFIED
            org.verified_at = now
            org.verified_by_id = actor_pk
        elif ctx.mode == "create":
            try:
                ensure_uscc_free(r.uscc)
            except ApplicationError as exc:
                ctx.error(ORG_SHEET, r.row, "uscc", exc.message)
            continue
        elif hit[0] not in importable:
            ctx.not_importable(ORG_SHEET, r.row, r.uscc)
            continue
        else:
            org = loaded[hit[0]]
            r.existing = True
            r.before = snapshot(org)
            for key, value in r.values.items():
                setattr(org, key, value)
        _denormalize(org)
        try:
            org.full_clean(exclude=_clean_exclude(), validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for key, message in _validation_errors(exc):
                ctx.error(ORG_SHEET, r.row, key, message)
            continue
        r.instance = org
        r.values = {}


# ---------------------------------------------------------------------------------------------------------
# Writing


def write(ctx: ImportContext, rows: list[Row]) -> tuple[int, int]:
    """Insert the new organizations and update the others; return (created, updated)."""
    new = [r.instance for r in rows if r.instance is not None and not r.existing]
    # Someone may have registered one of these USCCs since we looked: refuse rather than half-write.
    now_taken = ctx.existing([o.uscc for o in new])
    if now_taken:
        raise ApplicationError(
            _("导入期间统一社会信用代码%(uscc)s已被登记，请重新导入。") % {"uscc": next(iter(now_taken))}
        )
    # kechuang.core.bulk rather than bulk_create: a fifth of the cost per row (see that module).
    bulk.insert(Organization, new)
    ids = bulk.ids_by(Organization, "uscc", [o.uscc for o in new])
    for org in new:
        org.pk = ids[org.uscc]
    updated = [r.instance for r in rows if r.instance is not None and r.existing]
    bulk.update(Organization, updated, UPDATED_FIELDS)
    return len(new), len(updated)


# ---------------------------------------------------------------------------------------------------------
# Exports


def organization_export_columns() -> list[Column]:
    """Same headers as the import sheet (so an export can be edited and imported back), plus names."""
    return [
        Column(_("统一社会信用代码"), "uscc", width=22),
        Column(_("名称"), "name", width=36),
        Column(_("主体类型"), lambda o: display(OrganizationKind, o.kind)),
        Column(_("所在地区"), "region_id", width=10),
        Column(_("地区名称"), lambda o: str(o.region), width=28),
        Column(_("所属行业"), "industry.code_with_section", width=10),
        Column(_("行业名称"), "industry.name", width=28),
        Column(_("企业规模"), lambda o: display(SizeClass, o.size)),
        Column(_("成立日期"), "founded_on", number_format=DATE_FORMAT, width=12),
        Column(_("注册资本（元）"), "registered_capital", number_format=MONEY_FORMAT, width=18),
        Column(_("法定代表人"), "legal_representative"),
        Column(_("地址"), "address", width=36),
        Column(_("联系人"), "contact_person"),
        Column(_("联系电话"), "contact_phone", width=16),
        Column(_("网站"), "website", width=24),
        Column(_("核验状态"), lambda o: display(VerificationStatus, o.verification_status)),
    ]


def verification_export_columns() -> list[Column]:
    """The verification queue: the organization columns and when each registered."""
    return [
        *organization_export_columns(),
        Column(_("登记时间"), "created_at", number_format="yyyy-mm-dd hh:mm", width=18),
    ]
