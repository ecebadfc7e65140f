"""The project library (项目库): Excel import of past projects (row by row: every problem reported, nothing
written unless every row is right), and named project lists revised over time (项目清单及其修订, seed 004)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.excel import RowError, cell_text, open_workbook, read_table
from kechuang.core.excel_import import RowsRefused
from kechuang.core.models import clean_and_save
from kechuang.core.permissions import restrict
from kechuang.programs.choices import ApplicationStatus, CallStatus, ProjectStatus
from kechuang.programs.models import (
    Application,
    BudgetLine,
    Call,
    IndicatorLine,
    ProgramType,
    Project,
    ProjectList,
    ProjectListRevision,
    Topic,
)
from kechuang.programs.services.execution_funds import _amount
from kechuang.registry.models import Organization
from kechuang.registry.selectors import officer_department_ids, user_officer_roles

COLUMNS: dict[str, str] = {
    "项目编号": "code",
    "项目名称": "title",
    "计划类别": "program_type",
    "年度": "year",
    "承担单位统一社会信用代码": "uscc",
    "项目负责人": "leader_name",
    "负责人证件号": "leader_identifier",
    "专项经费（万元）": "special_funds",
    "自筹经费（万元）": "self_funds",
    "开始日期": "starts_on",
    "结束日期": "ends_on",
    "项目状态": "status",
}
LABELS = {key: header for header, key in COLUMNS.items()}
REQUIRED = tuple(k for k in COLUMNS.values() if k != "self_funds")
# Past projects come in their final (or current) state.
IMPORT_STATES = {str(s.label): s.value for s in ProjectStatus}


class ProjectImportFailed(RowsRefused):
    """Nothing was written; ``errors`` lists every problem by row and column."""


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(cell_text(value).replace("/", "-").replace(".", "-"))
    except ValueError:
        raise ApplicationError(
            _("“%(label)s”应为日期（如 2021-07-01）。") % {"label": LABELS[key]}, extra={"field": key}
        ) from None


def _row(record: dict[str, Any], types: dict[str, ProgramType], actor: Any) -> dict[str, Any]:
    program_type = types.get(cell_text(record["program_type"]))
    if program_type is None:
        raise ApplicationError(
            _("计划类别“%(n)s”不存在或不是您部门的计划。") % {"n": cell_text(record["program_type"])},
            extra={"field": "program_type"},
        )
    try:
        year = int(cell_text(record["year"]))
    except ValueError:
        raise ApplicationError(_("“年度”应为四位数字年份。"), extra={"field": "year"}) from None
    org = Organization.objects.filter(uscc=cell_text(record["uscc"]).upper()).first()
    if org is None:
        raise ApplicationError(_("承担单位不在主体库中。"), extra={"field": "uscc"})
    if not any(
        r.department_id == program_type.department_id and org.region_path.startswith(r.region.path)
        for r in user_officer_roles(actor)
    ):
        raise ApplicationError(_("承担单位不在您的管辖地区内。"), extra={"field": "uscc"})
    status = IMPORT_STATES.get(cell_text(record["status"]))
    if status is None:
        raise ApplicationError(
            _("“项目状态”应为：%(o)s。") % {"o": "、".join(IMPORT_STATES)}, extra={"field": "status"}
        )
    starts_on, ends_on = _date(record["starts_on"], "starts_on"), _date(record["ends_on"], "ends_on")
    if ends_on <= starts_on:
        raise ApplicationError(_("结束日期必须晚于开始日期。"), extra={"field": "ends_on"})
    return {
        "code": cell_text(record["code"])[:40],
        "title": cell_text(record["title"])[:200],
        "program_type": program_type,
        "year": year,
        "organization": org,
        "leader_name": cell_text(record["leader_name"])[:60],
        "leader_identifier": cell_text(record["leader_identifier"])[:40],
        "special_funds": _amount(record["special_funds"], "special_funds", LABELS["special_funds"]),
        "self_funds": _amount(record.get("self_funds", "0"), "self_funds", LABELS["self_funds"]),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "status": status,
    }


def read_projects(path: str | Path, *, actor: Any) -> tuple[list[dict[str, Any]], list[RowError]]:
    """The cleaned rows of the first sheet and every problem found (a row's first problem)."""
    errors: list[RowError] = []
    types = {t.name: t for t in restrict(ProgramType.objects.all(), actor, "manage")}
    workbook = open_workbook(path)
    ws = workbook[workbook.sheetnames[0]]
    table = read_table(ws, aliases=COLUMNS, required=REQUIRED, labels=LABELS, errors=errors)
    if table is None:
        return [], errors
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, record in table.rows:
        missing = [k for k in REQUIRED if k not in record]
        if missing:
            errors += [
                RowError(table.sheet, number, LABELS[k], _("请填写“%(l)s”。") % {"l": LABELS[k]})
                for k in missing
            ]
            continue
        try:
            values = _row(record, types, actor)
        except ApplicationError as exc:
            errors.append(
                RowError(table.sheet, number, LABELS.get(exc.extra.get("field", ""), ""), exc.message)
            )
            continue
        if values["code"] in seen:
            errors.append(
                RowError(table.sheet, number, LABELS["code"],
                         _("项目编号“%(c)s”与第%(r)d行重复。") % {"c": values["code"], "r": seen[values["code"]]})
            )  # fmt: skip
            continue
        seen[values["code"]] = number
        values["_row"] = number
        rows.append(values)
    existing = set(Project.objects.filter(code__in=list(seen)).values_list("code", flat=True))
    for values in rows:
        if values["code"] in existing:
            errors.append(
                RowError(table.sheet, values["_row"], LABELS["code"], _("项目编号“%(c)s”已在项目库中。") % {"c": values["code"]})
            )  # fmt: skip
    return rows, errors


def _archive_topic(program_type: ProgramType, year: int) -> Topic:
    """The closed “历史项目” call and topic of a program type and year that imported projects hang on."""
    title = _("%(y)d年度%(t)s（历史项目）") % {"y": year, "t": program_type.name}
    call = Call.objects.filter(program_type=program_type, year=year, is_archive=True).first()
    if call is None:
        moment = timezone.make_aware(dt.datetime(year, 1, 1))
        call = Call(
            program_type=program_type, year=year, title=title, opens_at=moment,
            closes_at=moment + dt.timedelta(days=1), total_budget=Decimal("0"), status=CallStatus.CLOSED,
            is_archive=True,
        )  # fmt: skip
        clean_and_save(call)
    topic = call.topics.first()
    if topic is None:
        topic = Topic(call=call, title=_("历史项目"), funding_cap=Decimal("0"))
        clean_and_save(topic)
    return topic


def project_archive_create(
    *,
    actor: Any,
    program_type: ProgramType,
    year: int,
    organization: Organization,
    code: str,
    title: str,
    leader_name: str,
    leader_identifier: str,
    special_funds: Decimal,
    self_funds: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    status: str,
    summary: str = "",
    budget: Iterable[tuple[str, Decimal, Decimal]] = (),
    indicators: Iterable[tuple[str, Decimal, str]] = (),
) -> Project:
    """A project of an earlier year entered into the library (imported history, or a project approved
    before the platform): an issued application on the year's “历史项目” call and the project in ``status``.
    Call inside a transaction (the import's, or the caller's)."""
    topic = _archive_topic(program_type, year)
    application = Application(
        topic=topic, organization=organization, region_path=organization.region_path, title=title,
        summary=summary, leader_name=leader_name, leader_identifier=leader_identifier,
        requested_funds=special_funds, self_funds=self_funds, status=ApplicationStatus.ISSUED, created_by=actor,
    )  # fmt: skip
    clean_and_save(application)
    for category, special, own in budget:
        clean_and_save(
            BudgetLine(application=application, category=category, special_funds=special, self_funds=own)
        )
    for text, quantity, unit in indicators:
        clean_and_save(IndicatorLine(application=application, text=text, quantity=quantity, unit=unit))
    project = Project(application=application, code=code, starts_on=starts_on, ends_on=ends_on, status=status)
    clean_and_save(project)
    audit_log(actor=actor, action="program_project.import", target=project, after=snapshot(project))
    return project


@transaction.atomic
def project_import(*, actor: Any, path: str | Path) -> int:
    """Import past projects: all rows or none (``ProjectImportFailed`` lists every problem by row)."""
    if not officer_department_ids(actor):
        raise ApplicationError(_("只有主管部门工作人员可以导入历史项目。"))
    rows, errors = read_projects(path, actor=actor)
    if errors:
        raise ProjectImportFailed(errors)
    if not rows:
        raise ApplicationError(_("文件中没有项目数据。"), extra={"field": "file"})
    for values in rows:
        project_archive_create(actor=actor, **{k: v for k, v in values.items() if k != "_row"})
    return len(rows)


# ---------------------------------------------------------------------------------------- project lists


def _visible_projects(actor: Any, ids: Iterable[int]) -> list[int]:
    wanted = sorted({int(i) for i in ids})
    found = set(restrict(Project.objects.filter(pk__in=wanted), actor, "decide").values_list("pk", flat=True))
    if len(found) != len(wanted):
        raise ApplicationError(_("所选项目不存在或不在您的管理范围内。"), extra={"field": "projects"})
    return wanted


@transaction.atomic
def project_list_create(
    *, actor: Any, department_id: int, name: str, description: str = "", project_ids: Iterable[int] = ()
) -> ProjectList:
    """A named list of the officer's department; its first version holds the projects chosen now."""
    if department_id not in officer_department_ids(actor):
        raise ApplicationError(_("只能为本部门建立项目清单。"), extra={"field": "department"})
    name = name.strip()
    if not name:
        raise ApplicationError(_("请填写清单名称。"), extra={"field": "name"})
    members = _visible_projects(actor, project_ids)
    project_list = ProjectList(
        name=name[:200], department_id=department_id, description=description.strip(), created_by=actor
    )
    clean_and_save(project_list)
    revision = ProjectListRevision(
        project_list=project_list, number=1, reason=_("建立清单"), added=members, removed=[], members=members,
        created_by=actor,
    )  # fmt: skip
    clean_and_save(revision)
    audit_log(actor=actor, action="program_list.create", target=project_list, after={"members": members})
    return project_list


@transaction.atomic
def project_list_revise(
    *,
    project_list: ProjectList,
    actor: Any,
    add: Iterable[int],
    remove: Iterable[int],
    reason: str,
    expected_number: int | None = None,
) -> ProjectListRevision:
    """A new version of the list (修订项目清单，补充新项目): projects added and removed, with the reason."""
    if not restrict(ProjectList.objects.filter(pk=project_list.pk), actor, "manage").exists():
        raise ApplicationError(_("您无权执行此操作。"))
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("请填写修订理由。"), extra={"field": "reason"})
    locked = ProjectList.objects.select_for_update().get(pk=project_list.pk)
    latest = locked.revisions.order_by("-number").first()
    number = latest.number if latest else 0
    if expected_number is not None and expected_number != number:
        raise ApplicationError(_("清单已被他人修订，请刷新页面后重试。"), extra={"conflict": True})
    members = set(latest.members if latest else [])
    added = [i for i in _visible_projects(actor, add) if i not in members]
    removed = sorted({int(i) for i in remove} & members)
    if {int(i) for i in remove} - members:
        raise ApplicationError(_("要移出的项目不在清单中。"), extra={"field": "remove"})
    if not added and not removed:
        raise ApplicationError(_("本次修订没有新增或移出任何项目。"), extra={"field": "add"})
    revision = ProjectListRevision(
        project_list=locked, number=number + 1, reason=reason[:500], added=added, removed=removed,
        members=sorted((members | set(added)) - set(removed)), created_by=actor,
    )  # fmt: skip
    clean_and_save(revision)
    audit_log(actor=actor, action="program_list.revise", target=locked, after=snapshot(revision))
    return revision
