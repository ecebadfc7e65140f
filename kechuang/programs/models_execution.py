"""A project's execution (项目执行): the task contract (任务书) with the approved indicators, budget and yearly
milestones; disbursements (拨付); progress reports and the mid-term check (中期检查); change requests (变更);
termination with the funds to return; acceptance (验收) with its panel's conclusion; supervision records
(督查); the outputs published to the market; named project lists with their revisions (项目清单).

Every write goes through ``services/execution_*.py``.  Amounts are in 万元 like the rest of the app.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.programs.choices import BudgetCategory
from kechuang.programs.choices_execution import (
    AcceptanceConclusion,
    ChangeKind,
    ChangeStatus,
    ContractStatus,
    MidtermRating,
    ReportKind,
    ReportStatus,
    SupervisionKind,
)
from kechuang.programs.models import ZERO, Project, money


def _project(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name=related_name
    )


class ProjectIndicator(BaseModel):
    """An assessment indicator (考核指标) of the task contract: promised ``quantity``, ``achieved`` at
    acceptance.  Copied from the application when the contract is drawn up; changed only by change request."""

    project = _project("indicator_lines")
    text = models.CharField(_("指标内容"), max_length=200)
    quantity = models.DecimalField(
        _("考核数量"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    unit = models.CharField(_("单位"), max_length=20)
    achieved = models.DecimalField(
        _("完成数量"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )

    class Meta:
        verbose_name = _("任务书考核指标")
        verbose_name_plural = _("任务书考核指标")
        ordering = ["project_id", "id"]


class ProjectBudget(BaseModel):
    """One category of the contract's budget, with what the project reports spent (预算执行)."""

    project = _project("budget")
    category = models.CharField(_("预算科目"), max_length=16, choices=BudgetCategory.choices)
    special_funds = money(_("专项经费预算（万元）"), default=ZERO)
    self_funds = money(_("自筹经费预算（万元）"), default=ZERO)
    spent_special = money(_("专项经费已支出（万元）"), default=ZERO)
    spent_self = money(_("自筹经费已支出（万元）"), default=ZERO)

    class Meta:
        verbose_name = _("任务书预算")
        verbose_name_plural = _("任务书预算")
        ordering = ["project_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category"],
                name="programs_project_budget_unique",
                violation_error_message=_("预算表中该科目已存在。"),
            ),
        ]


class BudgetYear(BaseModel):
    """The cumulative spending of one budget category as reported with a year's progress report — the
    year's own spending is the difference from the year before (年度预算执行)."""

    project = _project("budget_years")
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("预算科目"), max_length=16, choices=BudgetCategory.choices)
    spent_special = money(_("专项经费累计支出（万元）"), default=ZERO)
    spent_self = money(_("自筹经费累计支出（万元）"), default=ZERO)

    class Meta:
        verbose_name = _("年度预算执行")
        verbose_name_plural = _("年度预算执行")
        ordering = ["project_id", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "category"],
                name="programs_budget_year_unique",
                violation_error_message=_("该年度该科目的支出已登记。"),
            ),
        ]


class Milestone(BaseModel):
    """A yearly milestone (年度进度安排) of the contract: what is due by ``due_on``; done when ``completed_on``."""

    project = _project("milestones")
    due_on = models.DateField(_("计划完成日期"))
    title = models.CharField(_("进度目标"), max_length=200)
    completed_on = models.DateField(_("实际完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度进度安排")
        verbose_name_plural = _("年度进度安排")
        ordering = ["project_id", "due_on", "id"]


class TaskContract(BaseModel):
    """The task contract (任务书): confirmed by the lead organization, signed by the bureau; afterwards
    its content changes only by change request.  ``content`` is what was signed (for the PDF and history)."""

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="contract"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT, db_index=True
    )
    goals = models.TextField(_("主要研究内容与目标"), blank=True)
    content = models.JSONField(_("签订内容"), default=dict, blank=True)
    confirmed_by = user_ref(_("承担单位确认人"), blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    signed_by = user_ref(_("签订人"), blank=True)
    signed_at = models.DateTimeField(_("签订时间"), null=True, blank=True)
    last_note = models.CharField(_("最近意见"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("项目任务书")
        verbose_name_plural = _("项目任务书")
        ordering = ["-id"]


class Disbursement(BaseModel):
    """A tranche of special funds paid to the project (经费拨付)."""

    project = _project("disbursements")
    amount = money(_("拨付金额（万元）"))
    paid_on = models.DateField(_("拨付日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = user_ref(_("登记人"), blank=True)

    class Meta:
        verbose_name = _("经费拨付")
        verbose_name_plural = _("经费拨付")
        ordering = ["project_id", "paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="programs_disbursement_positive",
                violation_error_message=_("拨付金额必须大于零。"),
            ),
        ]


class Termination(BaseModel):
    """Termination (终止/撤销) of a project: the reason, the special funds to return (disbursed minus spent)
    and their return."""

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="termination"
    )
    reason = models.TextField(_("终止原因"))
    refund_due = money(_("应退回经费（万元）"), default=ZERO)
    refunded = money(_("已退回经费（万元）"), default=ZERO)
    refunded_on = models.DateField(_("退回日期"), null=True, blank=True)
    decided_by = user_ref(_("决定人"), blank=True)

    class Meta:
        verbose_name = _("项目终止")
        verbose_name_plural = _("项目终止")
        ordering = ["-id"]


class ProgressReport(BaseModel):
    """A yearly progress report (年度进展报告) or the mid-term check report (中期检查), reviewed by an officer;
    a mid-term check gets a rating (中期检查结论)."""

    project = _project("reports")
    kind = models.CharField(_("报告类型"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    content = models.TextField(_("进展情况"))
    problems = models.TextField(_("存在问题及下一步计划"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
        db_index=True,
    )
    rating = models.CharField(_("中期检查结论"), max_length=6, choices=MidtermRating.choices, blank=True)
    officer_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    submitted_by = user_ref(_("报送人"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("项目进展报告")
        verbose_name_plural = _("项目进展报告")
        ordering = ["project_id", "-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "year"],
                name="programs_report_once_a_year",
                violation_error_message=_("该年度的此类报告已报送。"),
            ),
        ]


class ChangeRequest(BaseModel):
    """A change request (变更申请) after the contract was signed: ``payload`` is what is asked, ``before``
    what it replaces (kept for the history); approved requests are applied in the same transaction."""

    project = _project("change_requests")
    kind = models.CharField(_("变更类型"), max_length=10, choices=ChangeKind.choices)
    reason = models.TextField(_("变更理由"))
    payload = models.JSONField(_("变更内容"), default=dict)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    summary = models.CharField(_("变更摘要"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.SUBMITTED, db_index=True
    )
    decision_note = models.CharField(_("审批意见"), max_length=500, blank=True)
    created_by = user_ref(_("申请人"), blank=True)
    decided_by = user_ref(_("审批人"), blank=True)
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("项目变更申请")
        verbose_name_plural = _("项目变更申请")
        ordering = ["-id"]


class AcceptanceRequest(BaseModel):
    """An acceptance application (验收申请): achieved vs promised indicators, the final accounts (决算),
    and the conclusion of the acceptance panel (验收结论) once decided.  ``round`` counts re-applications
    after rectification.  ``certificate_code`` verifies the acceptance certificate."""

    project = _project("acceptances")
    round = models.PositiveSmallIntegerField(_("验收轮次"), default=1)
    summary = models.TextField(_("项目完成情况"))
    final_accounts = models.TextField(_("经费决算说明"))
    achieved = models.JSONField(_("指标完成情况"), default=list)
    conclusion = models.CharField(
        _("验收结论"), max_length=8, choices=AcceptanceConclusion.choices, blank=True
    )
    conclusion_note = models.CharField(_("验收意见"), max_length=500, blank=True)
    panel_score = models.DecimalField(_("专家组评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    submitted_by = user_ref(_("申请人"), blank=True)
    decided_by = user_ref(_("决定人"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    certificate_code = models.CharField(_("证书验证码"), max_length=24, blank=True)

    class Meta:
        verbose_name = _("项目验收")
        verbose_name_plural = _("项目验收")
        ordering = ["project_id", "-round"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "round"],
                name="programs_acceptance_round_once",
                violation_error_message=_("本轮验收申请已提交。"),
            ),
        ]


class ProjectOutput(BaseModel):
    """An output of the project published to the technology market (科技成果), linked both ways."""

    project = _project("outputs")
    achievement = models.OneToOneField(
        "market.Achievement", verbose_name=_("科技成果"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("项目成果")
        verbose_name_plural = _("项目成果")
        ordering = ["project_id", "id"]


class ProjectPatent(BaseModel):
    """A patent of the quality app's register (专利) claimed as an output of the project: held by the lead
    organization or a partner and applied for within the project's period; a patent is the output of one
    project at most."""

    project = _project("patents")
    patent = models.OneToOneField(
        "quality.Patent", verbose_name=_("专利"), on_delete=models.PROTECT, related_name="+"
    )
    linked_by = user_ref(_("登记人"), blank=True)

    class Meta:
        verbose_name = _("项目专利")
        verbose_name_plural = _("项目专利")
        ordering = ["project_id", "id"]


class ProjectContract(BaseModel):
    """A registered technology contract of the market (技术合同登记) that transfers or licenses the project's
    results: sold by the lead organization or a partner and signed within or after the project's period."""

    project = _project("tech_contracts")
    contract = models.OneToOneField(
        "market.TechContract", verbose_name=_("技术合同"), on_delete=models.PROTECT, related_name="+"
    )
    linked_by = user_ref(_("登记人"), blank=True)

    class Meta:
        verbose_name = _("项目技术合同")
        verbose_name_plural = _("项目技术合同")
        ordering = ["project_id", "id"]


class ProjectSupervision(BaseModel):
    """One reminder or escalation (督查) about a report or milestone of a project — recorded once."""

    project = _project("supervision")
    subject = models.CharField(_("督查事项"), max_length=200)
    key = models.CharField(_("事项编号"), max_length=40)
    kind = models.CharField(_("类型"), max_length=12, choices=SupervisionKind.choices)
    due_on = models.DateField(_("完成期限"))
    days_before = models.IntegerField(_("提前天数"), help_text=_("负数表示已逾期。"))
    sent_on = models.DateField(_("发送日期"))
    recipients = models.PositiveIntegerField(_("接收人数"), default=0)

    class Meta:
        verbose_name = _("项目督查记录")
        verbose_name_plural = _("项目督查记录")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "key", "kind", "due_on", "days_before"],
                name="programs_supervision_once",
                violation_error_message=_("该提醒已发送。"),
            ),
        ]


class ProjectList(BaseModel):
    """A named project list of a department (项目清单, e.g. 重点项目清单), revised over time (seed 004)."""

    name = models.CharField(_("清单名称"), max_length=200)
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("说明"), blank=True)
    created_by = user_ref(_("创建人"), blank=True)

    class Meta:
        verbose_name = _("项目清单")
        verbose_name_plural = _("项目清单")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"],
                name="programs_project_list_unique_name",
                violation_error_message=_("本部门已有同名项目清单。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectListRevision(BaseModel):
    """A version of a project list: the projects added and removed, why, and the members afterwards."""

    project_list = models.ForeignKey(
        ProjectList, verbose_name=_("项目清单"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    reason = models.CharField(_("修订理由"), max_length=500)
    added = models.JSONField(_("新增项目"), default=list, blank=True)
    removed = models.JSONField(_("移出项目"), default=list, blank=True)
    members = models.JSONField(_("清单项目"), default=list, blank=True)
    created_by = user_ref(_("修订人"), blank=True)

    class Meta:
        verbose_name = _("项目清单版本")
        verbose_name_plural = _("项目清单版本")
        ordering = ["project_list_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project_list", "number"],
                name="programs_list_revision_once",
                violation_error_message=_("该版本已存在，请刷新页面后重试。"),
            ),
        ]
