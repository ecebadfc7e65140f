"""Every write of the targets app: one transaction each, validated, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.models import Notification
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.registry.models import Department, OfficerAssignment, Region
from kechuang.registry.selectors import officer_department_ids
from kechuang.targets.catalogue import get_catalogue
from kechuang.targets.choices import (
    COUNT_UNITS,
    REMINDER_DAYS,
    REPORT_TRANSITIONS,
    TASK_TRANSITIONS,
    Direction,
    PlanStatus,
    ReportStatus,
    SupervisionKind,
    TaskStatus,
    ValueSource,
)
from kechuang.targets.metrics import Metric, MetricError, Withheld, check_readable, load_text, parse
from kechuang.targets.models import (
    Allocation,
    Indicator,
    Plan,
    ProgressReport,
    ReportAttachment,
    SupervisionRecord,
    Task,
    ValueSnapshot,
)
from kechuang.targets.permissions import can_read_metric_field
from kechuang.targets.selectors import indicator_values, snapshot_regions
from kechuang.targets.services_versions import indicator_added

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def _validation_message(exc: ValidationError) -> str:
    messages: list[str] = []
    for value in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
        messages.extend(str(m) for m in value)
    return messages[0] if messages else str(exc)


def _full_clean(obj: Any, exclude: Sequence[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ApplicationError(
            _validation_message(exc), extra={"fields": exc.message_dict if hasattr(exc, "error_dict") else {}}
        ) from exc


def metric_validate(*, user: Any, definition: dict | str) -> Metric:
    """Parse a metric definition and check the user may read everything it reads; translated refusals."""
    try:
        metric = parse(definition, get_catalogue())
        check_readable(metric, lambda model, field: can_read_metric_field(user, model, field))
    except MetricError as exc:
        message = _(exc.template) % exc.params if exc.params else _(exc.template)
        raise ApplicationError(message, extra={"path": exc.path}) from exc
    return metric


def _decimal(value: Any, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("%(label)s必须是数字。") % {"label": label}) from None


# --------------------------------------------------------------------------------------------- plans
@transaction.atomic
def plan_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    department: Department,
    region: Region,
    period_start: dt.date,
    period_end: dt.date,
    document_number: str = "",
    issuer: str = "",
    issued_on: dt.date | None = None,
    source_name: str = "",
    source_text: str = "",
    draft: bool = False,
) -> Plan:
    """A plan; with ``draft`` (the officers' page) it stays a preview for its managers until
    ``services_versions.plan_publish``."""
    plan = Plan(
        status=PlanStatus.DRAFT if draft else PlanStatus.PUBLISHED,
        kind=kind,
        title=title,
        department=department,
        region=region,
        period_start=period_start,
        period_end=period_end,
        document_number=document_number,
        issuer=issuer,
        issued_on=issued_on,
        source_name=source_name,
        source_text=source_text,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if period_end <= period_start:
        raise ApplicationError(_("截止日期必须晚于起始日期。"))
    _full_clean(plan)
    plan.save()
    if getattr(actor, "pk", None):
        ensure_can(actor, plan, "change")
    audit_log(actor=actor, action="targets.plan_create", target=plan, after=snapshot(plan, ["title", "kind"]))
    return plan


def _check_indicator_values(
    *,
    unit: str,
    target_value: Decimal,
    target_max: Decimal | None,
    baseline_date: dt.date,
    target_date: dt.date,
) -> None:
    if target_date <= baseline_date:
        raise ApplicationError(_("目标日期必须晚于基期日期。"))
    if unit in COUNT_UNITS and target_value < 0:
        raise ApplicationError(_("计数类指标的目标值不能为负数。"))
    if target_max is not None and target_max < target_value:
        raise ApplicationError(_("目标上限不能小于目标值。"))


@transaction.atomic
def indicator_create(
    *,
    actor: Any,
    plan: Plan,
    code: str,
    name: str,
    unit: str,
    target_value: Any,
    target_date: dt.date,
    baseline_date: dt.date,
    baseline_value: Any = None,
    target_max: Any = None,
    direction: str = Direction.AT_LEAST,
    metric: dict | str | None = None,
    category: str = "",
    source_text: str = "",
    position: int = 0,
    lead_unit: Department | None = None,
    participating_units: Iterable[Department] = (),
) -> Indicator:
    """Add an indicator; with ``metric`` it is computed from the platform's records, else reported."""
    ensure_can(actor, plan, "change")
    target = _decimal(target_value, _("目标值"))
    if target is None:
        raise ApplicationError(_("目标值必须是数字。"))
    maximum = _decimal(target_max, _("目标上限"))
    _check_indicator_values(
        unit=unit,
        target_value=target,
        target_max=maximum,
        baseline_date=baseline_date,
        target_date=target_date,
    )
    definition: dict | None = None
    if metric not in (None, "", {}):
        metric_validate(user=actor, definition=metric)  # type: ignore[arg-type]
        definition = load_text(metric) if isinstance(metric, str) else dict(metric)  # type: ignore[arg-type]
    indicator = Indicator(
        plan=plan,
        code=code,
        name=name,
        unit=unit,
        target_value=target,
        target_max=maximum,
        target_date=target_date,
        baseline_value=_decimal(baseline_value, _("基期值")),
        baseline_date=baseline_date,
        direction=direction,
        source=ValueSource.COMPUTED if definition else ValueSource.REPORTED,
        metric=definition,
        category=category,
        source_text=source_text[:400],
        position=position,
        lead_unit=lead_unit,
    )
    _full_clean(indicator)
    indicator.save()
    units = [d for d in participating_units if lead_unit is None or d.pk != lead_unit.pk]
    if units:
        indicator.participating_units.set(units)
    audit_log(
        actor=actor,
        action="targets.indicator_create",
        target=indicator,
        after={**snapshot(indicator), "participating_units": [d.pk for d in units]},
    )
    indicator_added(actor=actor, indicator=indicator)
    return indicator


@transaction.atomic
def indicator_set_baseline(
    *, actor: Any, indicator: Indicator, baseline_value: Any, baseline_date: dt.date
) -> Indicator:
    ensure_can(actor, indicator.plan, "change")
    before = snapshot(indicator, ["baseline_value", "baseline_date"])
    _check_indicator_values(
        unit=indicator.unit,
        target_value=indicator.target_value,
        target_max=indicator.target_max,
        baseline_date=baseline_date,
        target_date=indicator.target_date,
    )
    indicator.baseline_value = _decimal(baseline_value, _("基期值"))
    indicator.baseline_date = baseline_date
    _full_clean(indicator)
    indicator.save(update_fields=["baseline_value", "baseline_date", "updated_at"])
    audit_log(
        actor=actor,
        action="targets.indicator_set_baseline",
        target=indicator,
        before=before,
        after=snapshot(indicator, ["baseline_value", "baseline_date"]),
    )
    return indicator


@transaction.atomic
def allocation_set(
    *,
    actor: Any,
    indicator: Indicator,
    target_value: Any,
    region: Region | None = None,
    department: Department | None = None,
    note: str = "",
) -> Allocation:
    """Allocate (or re-allocate) part of an indicator's target to a sub-region or to a unit."""
    ensure_can(actor, indicator.plan, "change")
    if (region is None) == (department is None):
        raise ApplicationError(_("分解目标必须且只能指定一个地区或一个单位。"))
    value = _decimal(target_value, _("分解目标值"))
    if value is None:
        raise ApplicationError(_("分解目标值必须是数字。"))
    if indicator.unit in COUNT_UNITS and value < 0:
        raise ApplicationError(_("计数类指标的目标值不能为负数。"))
    if region is not None and (
        region.path == indicator.plan.region.path or not region.path.startswith(indicator.plan.region.path)
    ):
        raise ApplicationError(
            _("%(region)s不在规划地区%(plan_region)s的下级范围内。")
            % {"region": region, "plan_region": indicator.plan.region}
        )
    lookup = {"region": region} if region is not None else {"department": department}
    allocation = Allocation.objects.filter(indicator=indicator, **lookup).first()
    before = snapshot(allocation) if allocation else None
    if allocation is None:
        allocation = Allocation(indicator=indicator, **lookup)
    allocation.target_value = value
    allocation.note = note
    _full_clean(allocation)
    allocation.save()
    audit_log(
        actor=actor,
        action="targets.allocation_set",
        target=allocation,
        before=before,
        after=snapshot(allocation),
    )
    return allocation


@transaction.atomic
def task_create(
    *,
    actor: Any,
    plan: Plan,
    code: str,
    title: str,
    section: str = "",
    text: str = "",
    due_date: dt.date | None = None,
    lead_unit: Department | None = None,
    participating_units: Iterable[Department] = (),
    indicators: Iterable[Indicator] = (),
    position: int = 0,
) -> Task:
    ensure_can(actor, plan, "change")
    if due_date is not None:
        check_date_range(due_date, field="due_date", label=_("完成期限"))
    if due_date is not None and due_date < plan.period_start:
        raise ApplicationError(_("完成期限不能早于规划起始日期。"))
    task = Task(
        plan=plan,
        code=code,
        title=title[:300],
        section=section[:200],
        text=text,
        due_date=due_date,
        lead_unit=lead_unit,
        position=position,
    )
    _full_clean(task)
    task.save()
    units = [d for d in participating_units if lead_unit is None or d.pk != lead_unit.pk]
    task.participating_units.set(units)
    task.indicators.set(list(indicators))
    audit_log(actor=actor, action="targets.task_create", target=task, after=snapshot(task))
    return task


@transaction.atomic
def task_transition(*, actor: Any, task: Task, to: str, note: str = "") -> Task:
    """Mark a task done, reopen it or cancel it (plan managers and the lead unit's officers; only the
    plan's managers cancel)."""
    ensure_can(actor, task, "change" if to == TaskStatus.CANCELLED else "complete")
    transition(obj=task, to=to, actor=actor, transitions=TASK_TRANSITIONS, note=note)
    return task


# --------------------------------------------------------------------------------------------- reports
def _responsible_department_ids(subject: Indicator | Task) -> set[int]:
    ids = {d.pk for d in subject.participating_units.all()}
    if subject.lead_unit_id:
        ids.add(subject.lead_unit_id)
    return ids


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    department: Department,
    as_of: dt.date,
    narrative: str,
    indicator: Indicator | None = None,
    task: Task | None = None,
    value: Any = None,
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    """A responsible unit reports progress (with evidence). A unit that is neither lead nor participating
    for the indicator or task is refused, and nothing is written."""
    if (indicator is None) == (task is None):
        raise ApplicationError(_("进展报告必须且只能针对一个指标或一个任务。"))
    if department.pk not in officer_department_ids(actor):
        raise ApplicationError(_("您不是%(unit)s的工作人员,不能以该单位名义填报。") % {"unit": department})
    subject: Indicator | Task = indicator if indicator is not None else task  # type: ignore[assignment]
    if department.pk not in _responsible_department_ids(subject):
        if indicator is not None:
            raise ApplicationError(
                _("%(unit)s不是指标“%(name)s”的责任单位,不能填报。")
                % {"unit": department, "name": indicator.name}
            )
        raise ApplicationError(
            _("%(unit)s不是任务“%(name)s”的责任单位,不能填报。") % {"unit": department, "name": subject}
        )
    amount = _decimal(value, _("完成值"))
    if indicator is not None and indicator.source == ValueSource.REPORTED and amount is None:
        raise ApplicationError(_("该指标由责任单位填报,请填写完成值。"))
    if indicator is not None and amount is not None and indicator.unit in COUNT_UNITS and amount < 0:
        raise ApplicationError(_("计数类指标的完成值不能为负数。"))
    if not narrative.strip():
        raise ApplicationError(_("请填写进展情况。"))
    plan = subject.plan
    if as_of < plan.period_start:
        raise ApplicationError(_("截至日期不能早于规划起始日期。"))
    if as_of > timezone.localdate():
        raise ApplicationError(_("截至日期不能晚于今天。"))
    if as_of > plan.period_end:
        raise ApplicationError(_("截至日期不能晚于规划截止日期。"))
    for f in files:
        if (f.size or 0) > MAX_ATTACHMENT_BYTES:
            raise ApplicationError(_("附件%(name)s超过20MB。") % {"name": f.name})
    report = ProgressReport(
        indicator=indicator,
        task=task,
        department=department,
        as_of=as_of,
        value=amount,
        narrative=narrative.strip(),
        submitted_by=actor,
    )
    _full_clean(report)
    report.save()
    for f in files:
        name = f.name or "attachment"
        attachment = ReportAttachment(report=report, name=name[:200], size=f.size or 0)
        attachment.file.save(name, f, save=False)
        attachment.save()
    audit_log(
        actor=actor,
        action="targets.report_submit",
        target=report,
        after={**snapshot(report), "attachments": [f.name for f in files]},
    )
    return report


@transaction.atomic
def report_review(*, actor: Any, report: ProgressReport, accept: bool, note: str = "") -> ProgressReport:
    """An officer of the plan's department accepts or returns a report (a return needs a reason)."""
    plan = (report.indicator or report.task).plan  # type: ignore[union-attr]
    ensure_can(actor, plan, "review")
    if not accept and not note.strip():
        raise ApplicationError(_("退回时请填写审核意见。"))
    to = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    transition(obj=report, to=to, actor=actor, transitions=REPORT_TRANSITIONS, note=note)
    ProgressReport.objects.filter(pk=report.pk).update(
        reviewed_by=actor, reviewed_at=timezone.now(), review_note=note.strip()[:400]
    )
    report.refresh_from_db()
    return report


# --------------------------------------------------------------------------------------------- 督办
def _officers_of(department_ids: Iterable[int]) -> list[Any]:
    return [
        a.user
        for a in OfficerAssignment.objects.filter(
            ended_on__isnull=True, department_id__in=list(department_ids)
        ).select_related("user")
        if a.user.is_active
    ]


def _notify(users: Iterable[Any], *, title: str, body: str, link: str, kind: str) -> int:
    rows = [Notification(recipient=u, title=title[:200], body=body, link=link, kind=kind) for u in users]
    Notification.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def supervise(*, today: dt.date, actor: Any = None) -> list[SupervisionRecord]:
    """Remind responsible units before open tasks' deadlines (30, 7 and 1 days) and escalate overdue ones
    to the plan's department. Each reminder is recorded once (running twice on a day sends nothing new)."""
    created: list[SupervisionRecord] = []
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    tasks = (
        Task.objects.filter(status=TaskStatus.OPEN, due_date__isnull=False, due_date__lte=horizon)
        .select_related("plan", "plan__department", "lead_unit")
        .prefetch_related("participating_units")
    )
    for task in tasks:
        assert task.due_date is not None
        days = (task.due_date - today).days
        link = f"/targets/tasks/{task.pk}/"
        if days >= 0:
            if days not in REMINDER_DAYS:
                continue
            kind = SupervisionKind.REMINDER
            units = [task.lead_unit] if task.lead_unit else []
            units += list(task.participating_units.all())
            message = _("任务“%(task)s”将于%(date)s到期(还有%(days)s天),请按期完成并报送进展。") % {
                "task": task.title,
                "date": f"{task.due_date.year}年{task.due_date.month}月{task.due_date.day}日",
                "days": days,
            }
        else:
            kind = SupervisionKind.ESCALATION
            days = -1 if days < 0 else days  # one escalation per deadline, however late the run
            units = [task.plan.department]
            if task.lead_unit:
                units.append(task.lead_unit)
            message = _("任务“%(task)s”已于%(date)s逾期未完成，现予督办。牵头单位：%(lead)s。") % {
                "task": task.title,
                "date": f"{task.due_date.year}年{task.due_date.month}月{task.due_date.day}日",
                "lead": task.lead_unit or _("未指定"),
            }
        for unit in {u.pk: u for u in units}.values():
            if SupervisionRecord.objects.filter(
                task=task, department=unit, kind=kind, due_date=task.due_date, days_before=days
            ).exists():
                continue
            recipients = _notify(
                _officers_of([unit.pk]),
                title=_("%(kind)s：%(task)s") % {"kind": SupervisionKind(kind).label, "task": task.title},
                body=message,
                link=link,
                kind=f"targets.{kind}",
            )
            record = SupervisionRecord(
                task=task,
                department=unit,
                kind=kind,
                due_date=task.due_date,
                days_before=days,
                sent_on=today,
                message=message[:400],
                recipients=recipients,
            )
            _full_clean(record)
            record.save()
            audit_log(
                actor=actor, action=f"targets.supervision_{kind}", target=record, after=snapshot(record)
            )
            created.append(record)
        if kind == SupervisionKind.ESCALATION and task.escalated_at is None:
            Task.objects.filter(pk=task.pk).update(escalated_at=timezone.now())
    return created


# --------------------------------------------------------------------------------------------- history
def _published(value: Decimal | Withheld | None) -> Decimal | None:
    """A withheld value is recorded as no value: history must not keep what may not be shown."""
    return None if isinstance(value, Withheld) else value


@transaction.atomic
def snapshot_take(*, plan: Plan, on: dt.date, regions: Sequence[Region] | None = None) -> int:
    """Record every indicator's value for the plan's region and its allocated sub-regions on ``on``.
    Re-running for the same date replaces that date's values."""
    indicators = list(plan.indicators.all())
    if regions is None:
        regions = snapshot_regions(plan)
    values = indicator_values(indicators=indicators, regions=list(regions), on=on, fresh=True)
    rows = [
        ValueSnapshot(
            indicator=ind,
            region_id=region.code,
            taken_on=on,
            value=_published(values[(ind.pk, region.code)]),
            source=ind.source,
        )
        for ind in indicators
        for region in regions
    ]
    ValueSnapshot.objects.filter(
        indicator__plan=plan, taken_on=on, region_id__in=[r.code for r in regions]
    ).delete()
    ValueSnapshot.objects.bulk_create(rows)
    return len(rows)
