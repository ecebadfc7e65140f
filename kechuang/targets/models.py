"""Plans, indicators, breakdowns, responsibilities, progress reports, supervision and value history."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, exactly_one, user_ref
from kechuang.targets.choices import (
    COUNT_UNITS,
    Direction,
    PlanKind,
    PlanStatus,
    ReportStatus,
    SupervisionKind,
    TaskStatus,
    ValueSource,
)


class Plan(BaseModel):
    """A plan with quantified goals issued by a government body for a region and a period:
    a 规划, an 实施方案 (seed 002) or a 年度工作计划 (seed 001). Its text is kept as the source."""

    kind = models.CharField(_("类型"), max_length=20, choices=PlanKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=120, blank=True)
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("负责考核本规划的部门,其工作人员可编辑和审核。"),
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    source_name = models.CharField(_("来源文件"), max_length=200, blank=True)
    source_text = models.TextField(_("原文"), blank=True)
    created_by = user_ref(_("创建人"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PUBLISHED, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("规划计划")
        verbose_name_plural = _("规划计划")
        ordering = ["-period_end", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="targets_plan_period",
                violation_error_message=_("截止日期必须晚于起始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(BaseModel):
    """A quantified goal of a plan: reach ``target_value`` (``unit``) by ``target_date`` from
    ``baseline_value`` on ``baseline_date``. The actual value is computed from the platform's records by
    ``metric`` (a declarative definition) or reported by the responsible unit and checked by an officer."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("规划计划"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("编号"), max_length=20)
    name = models.CharField(_("指标名称"), max_length=200)
    category = models.CharField(_("目标类别"), max_length=120, blank=True)
    unit = models.CharField(_("单位"), max_length=20)
    direction = models.CharField(
        _("方向"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    baseline_value = models.DecimalField(_("基期值"), max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("基期日期"))
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)
    target_max = models.DecimalField(_("目标上限"), max_digits=20, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(_("目标日期"))
    source = models.CharField(_("数据来源"), max_length=10, choices=ValueSource.choices)
    metric = models.JSONField(_("计算定义"), null=True, blank=True)
    source_text = models.CharField(_("原文表述"), max_length=400, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)
    lead_unit = models.ForeignKey(
        "registry.Department",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participating_units = models.ManyToManyField(
        "registry.Department", verbose_name=_("参加单位"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="targets_indicator_code",
                violation_error_message=_("同一规划中指标编号不能重复。"),
            ),
            models.CheckConstraint(
                condition=Q(target_date__gt=F("baseline_date")),
                name="targets_indicator_dates",
                violation_error_message=_("目标日期必须晚于基期日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(unit__in=COUNT_UNITS) | Q(target_value__gte=0),
                name="targets_indicator_count_nonnegative",
                violation_error_message=_("计数类指标的目标值不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(target_max__isnull=True) | Q(target_max__gte=F("target_value")),
                name="targets_indicator_range",
                violation_error_message=_("目标上限不能小于目标值。"),
            ),
            models.CheckConstraint(
                condition=~Q(source=ValueSource.COMPUTED) | Q(metric__isnull=False),
                name="targets_indicator_metric",
                violation_error_message=_("平台计算的指标必须有计算定义。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorVersion(BaseModel):
    """One definition of a published plan's indicator and the periods it applies to (from ``valid_from``
    to the day before the next version's). A change to a published indicator is a new version that
    applies only from a future date; snapshots and reports before it keep the version they were taken
    under, so the history says which definition a past figure was measured against."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    valid_from = models.DateField(_("适用起始日期"))
    name = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("单位"), max_length=20)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    target_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)
    target_max = models.DecimalField(_("目标上限"), max_digits=20, decimal_places=4, null=True, blank=True)
    reason = models.CharField(_("调整原因"), max_length=200, blank=True)
    applied = models.BooleanField(_("已生效"), default=False)
    created_by = user_ref(_("调整人"), blank=True)

    class Meta:
        verbose_name = _("指标定义版本")
        verbose_name_plural = _("指标定义版本")
        ordering = ["indicator_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "number"],
                name="targets_indicator_version_number",
                violation_error_message=_("指标版本号重复。"),
            ),
            models.UniqueConstraint(
                fields=["indicator", "valid_from"],
                name="targets_indicator_version_from",
                violation_error_message=_("该日期已有一个指标版本。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} v{self.number}"


class Allocation(BaseModel):
    """A share of an indicator's target given to a sub-region or to a unit (分解目标)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="allocations"
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_value = models.DecimalField(_("分解目标值"), max_digits=20, decimal_places=4)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("目标分解")
        verbose_name_plural = _("目标分解")
        ordering = ["indicator_id", "region_id", "department_id"]
        constraints = [
            exactly_one(
                "department",
                "region",
                name="targets_allocation_one_holder",
                message=_("分解目标必须且只能指定一个地区或一个单位。"),
            ),
            models.UniqueConstraint(
                fields=["indicator", "region"],
                condition=Q(region__isnull=False),
                name="targets_allocation_region",
                violation_error_message=_("该地区已有此指标的分解目标。"),
            ),
            models.UniqueConstraint(
                fields=["indicator", "department"],
                condition=Q(department__isnull=False),
                name="targets_allocation_department",
                violation_error_message=_("该单位已有此指标的分解目标。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.region or self.department}"


class Task(BaseModel):
    """A key task (重点工作) of a plan with a lead unit, participating units and a deadline."""

    plan = models.ForeignKey(Plan, verbose_name=_("规划计划"), on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("任务"), max_length=300)
    section = models.CharField(_("所属部分"), max_length=200, blank=True)
    text = models.TextField(_("任务内容"), blank=True)
    due_date = models.DateField(_("完成期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    lead_unit = models.ForeignKey(
        "registry.Department",
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participating_units = models.ManyToManyField(
        "registry.Department", verbose_name=_("参加单位"), blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("相关指标"), blank=True, related_name="tasks"
    )
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    position = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="targets_task_code",
                violation_error_message=_("同一规划中任务编号不能重复。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def overdue_on(self, day: dt.date) -> bool:
        """Still open after its deadline (逾期) on ``day``."""
        return self.status == TaskStatus.OPEN and self.due_date is not None and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        """Overdue today (pages show the 逾期 badge)."""
        return self.overdue_on(timezone.localdate())


def _report_upload_to(instance: ReportAttachment, filename: str) -> str:
    return f"targets/reports/{instance.report_id}/{filename}"


class ProgressReport(BaseModel):
    """A responsible unit's report on an indicator (with the value reached) or on a task, with
    evidence; an officer of the plan's department accepts or returns it."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("截至日期"))
    value = models.DecimalField(_("完成值"), max_digits=20, decimal_places=4, null=True, blank=True)
    narrative = models.TextField(_("进展情况"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = user_ref(_("审核人"), blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=400, blank=True)

    class Meta:
        verbose_name = _("进展报告")
        verbose_name_plural = _("进展报告")
        ordering = ["-as_of", "-id"]
        constraints = [
            exactly_one(
                "task",
                "indicator",
                name="targets_report_subject",
                message=_("进展报告必须且只能针对一个指标或一个任务。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator or self.task} · {self.as_of}"


class ReportAttachment(BaseModel):
    """Evidence attached to a progress report (a scanned document, a spreadsheet…)."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("进展报告"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=_report_upload_to)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class SupervisionRecord(BaseModel):
    """One reminder or escalation (督办) sent about a task to a unit — the record of every reminder."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="supervision"
    )
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("对象单位"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=SupervisionKind.choices)
    due_date = models.DateField(_("完成期限"))
    days_before = models.IntegerField(_("提前天数"), help_text=_("负数表示已逾期的天数。"))
    sent_on = models.DateField(_("发送日期"))
    message = models.CharField(_("内容"), max_length=400)
    recipients = models.PositiveIntegerField(_("接收人数"), default=0)

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "department", "kind", "due_date", "days_before"],
                name="targets_supervision_once",
                violation_error_message=_("该提醒已发送。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task}"


class ValueSnapshot(models.Model):
    """An indicator's value for a region on a date, taken on a schedule so trends and "as of" views are
    exact even after the underlying records change."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="snapshots"
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    taken_on = models.DateField(_("日期"))
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=4, null=True, blank=True)
    source = models.CharField(_("数据来源"), max_length=10, choices=ValueSource.choices)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标值快照")
        verbose_name_plural = _("指标值快照")
        ordering = ["indicator_id", "region_id", "taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "taken_on"],
                name="targets_snapshot_once",
                violation_error_message=_("该日期的快照已存在。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.taken_on}: {self.value}"
