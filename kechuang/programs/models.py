"""Science & technology programs (科技计划项目): program types, yearly calls (申报指南) with their topics
(指南方向), applications with partners, budget and indicators, and the projects approved from them.

The application workflow is the table in ``choices.py``; ``services.application_transition`` is the only
way to change a status.  Amounts are in 万元.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.programs.choices import (
    ApplicationStatus,
    BudgetCategory,
    CallStatus,
    DuplicateDecision,
    PartnerRole,
    ProjectStatus,
)

ZERO = Decimal("0")


def money(verbose: str, **kw: object) -> models.DecimalField:
    return models.DecimalField(
        verbose,
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        **kw,  # type: ignore[arg-type]
    )


class ProgramType(BaseModel):
    """A kind of program (计划类别: 重点研发计划, 科技成果转化专项, 软科学…) run by one department."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("主管部门"),
        on_delete=models.PROTECT,
        related_name="program_types",
    )
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("计划类别")
        verbose_name_plural = _("计划类别")
        ordering = ["department_id", "name"]

    def __str__(self) -> str:
        return self.name


class Call(BaseModel):
    """A yearly call (年度申报指南) of a program type: its window, budget, 限项 limit and eligibility rule.

    ``eligibility_rule`` is optional text in the rule language (docs/rule-language.md), checked on the
    applicant's registry facts at submission.  ``leader_limit`` is how many ongoing projects and pending
    applications one project leader may hold (限项).
    """

    program_type = models.ForeignKey(
        ProgramType, verbose_name=_("计划类别"), on_delete=models.PROTECT, related_name="calls"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("标题"), max_length=200)
    notice = models.TextField(_("指南正文"), blank=True)
    opens_at = models.DateTimeField(_("申报开始"))
    closes_at = models.DateTimeField(_("申报截止"))
    total_budget = money(_("资助总额（万元）"))
    eligibility_rule = models.TextField(_("申报条件（规则）"), blank=True)
    leader_limit = models.PositiveSmallIntegerField(
        _("限项数"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("项目负责人同时承担的项目上限。"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT, db_index=True
    )
    review_indicators = models.JSONField(
        _("评审指标体系"),
        default=list,
        blank=True,
        help_text=_("专家评分表：[{code, name, max_score}]，满分即权重；为空时使用默认指标。"),
    )
    experts_per_item = models.PositiveSmallIntegerField(
        _("每项评审专家数"), default=5, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("立项公示天数"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    panels_by_topic = models.BooleanField(
        _("按指南方向分组评审"),
        default=False,
        help_text=_("每个指南方向组建各自的专家评审组，分别遴选专家、分别评审。"),
    )
    is_archive = models.BooleanField(
        _("历史项目档案"),
        default=False,
        editable=False,
        help_text=_("承载导入的历史项目，不是面向申报单位的指南。"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("申报指南")
        verbose_name_plural = _("申报指南")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="programs_call_window_order",
                violation_error_message=_("申报截止时间必须晚于开始时间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Topic(BaseModel):
    """A direction of a call (指南方向): the cap per project, how many projects, duration, 自筹比例.

    ``co_funding_ratio`` is the least self-funding per unit of special funds (1.00 = 1:1).
    """

    call = models.ForeignKey(
        Call, verbose_name=_("申报指南"), on_delete=models.CASCADE, related_name="topics"
    )
    title = models.CharField(_("方向名称"), max_length=200)
    description = models.TextField(_("研究内容与考核指标"), blank=True)
    funding_cap = money(_("单项资助上限（万元）"))
    project_count = models.PositiveSmallIntegerField(
        _("拟支持项目数"), default=1, validators=[MinValueValidator(1)]
    )
    duration_months = models.PositiveSmallIntegerField(
        _("实施周期（月）"), default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    co_funding_ratio = models.DecimalField(
        _("自筹比例"), max_digits=5, decimal_places=2, default=ZERO, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("指南方向")
        verbose_name_plural = _("指南方向")
        ordering = ["call_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "title"],
                name="programs_topic_unique_title",
                violation_error_message=_("该指南已有同名方向。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Application(BaseModel):
    """An organization's application (项目申报书) to one topic, from draft to issue (下达).

    ``requested_funds`` is the special funds asked for (专项经费), ``self_funds`` the organization's own
    (自筹); the budget lines must add up to both.  ``version`` implements optimistic locking.
    """

    topic = models.ForeignKey(
        Topic, verbose_name=_("指南方向"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    title = models.CharField(_("项目名称"), max_length=200)
    summary = models.TextField(_("项目摘要"), blank=True)
    leader_name = models.CharField(_("项目负责人"), max_length=60)
    leader_identifier = models.CharField(
        _("负责人证件号"), max_length=40, help_text=_("身份证号或其他证件号码，用于限项核查。")
    )
    requested_funds = money(_("申请专项经费（万元）"), default=ZERO)
    self_funds = money(_("自筹经费（万元）"), default=ZERO)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    last_note = models.TextField(_("最近意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    recommender = models.ForeignKey(
        "programs.CallRecommender",
        verbose_name=_("推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    review_score = models.DecimalField(
        _("专家评审得分"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    funded_amount = money(_("拟资助金额（万元）"), null=True, blank=True)
    publicity_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示截止"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["leader_identifier", "status"], name="programs_app_leader_status"),
            models.Index(fields=["status", "region_path"], name="programs_app_status_region"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programs:application_detail", args=[self.pk])


class Partner(BaseModel):
    """A partner organization of a joint application (联合申报) with its role and share of the budget."""

    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="partners"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("合作单位"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("角色"), max_length=16, choices=PartnerRole.choices, default=PartnerRole.PARTICIPANT
    )
    budget_share = money(_("承担专项经费（万元）"), default=ZERO)

    class Meta:
        verbose_name = _("合作单位")
        verbose_name_plural = _("合作单位")
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organization"],
                name="programs_partner_unique",
                violation_error_message=_("该单位已在合作单位中。"),
            ),
        ]


class BudgetLine(BaseModel):
    """One category of the budget table: special funds (专项经费) and self funds (自筹)."""

    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(_("预算科目"), max_length=16, choices=BudgetCategory.choices)
    special_funds = money(_("专项经费（万元）"), default=ZERO)
    self_funds = money(_("自筹经费（万元）"), default=ZERO)

    class Meta:
        verbose_name = _("预算明细")
        verbose_name_plural = _("预算明细")
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "category"],
                name="programs_budget_unique_category",
                violation_error_message=_("预算表中该科目已存在。"),
            ),
        ]


class IndicatorLine(BaseModel):
    """A goal and assessment indicator (考核指标) the application promises, e.g. 申请发明专利 3 项."""

    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="indicators"
    )
    text = models.CharField(_("指标内容"), max_length=200)
    quantity = models.DecimalField(
        _("数量"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    unit = models.CharField(_("单位"), max_length=20)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["application_id", "id"]


class Project(BaseModel):
    """A project after its application was issued (下达): its code, period and execution status."""

    application = models.OneToOneField(
        Application, verbose_name=_("项目申报"), on_delete=models.PROTECT, related_name="project"
    )
    code = models.CharField(_("项目编号"), max_length=40, unique=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ProjectStatus.choices,
        default=ProjectStatus.EXECUTING,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="programs_project_period_order",
                violation_error_message=_("结束日期必须晚于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.application.title}"


class DuplicateFlag(BaseModel):
    """查重: ``application`` repeats ``other`` (another application of the year, or the application of a past
    project) with this ``similarity``; officers read the shared ``passages`` and decide."""

    application = models.ForeignKey(
        Application, verbose_name=_("项目申报"), on_delete=models.CASCADE, related_name="duplicate_flags"
    )
    other = models.ForeignKey(
        Application, verbose_name=_("相似的申报或项目"), on_delete=models.CASCADE, related_name="+"
    )
    similarity = models.DecimalField(_("重合比例"), max_digits=4, decimal_places=3)
    passages = models.JSONField(_("相同段落"), default=list, blank=True)
    decision = models.CharField(
        _("核实结论"), max_length=10, choices=DuplicateDecision.choices, default=DuplicateDecision.OPEN
    )
    note = models.CharField(_("核实说明"), max_length=255, blank=True)
    decided_by = user_ref(_("核实人"), blank=True)

    class Meta:
        verbose_name = _("查重结果")
        verbose_name_plural = _("查重结果")
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "other"], name="programs_duplicate_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ~ {self.other_id}"


# The deciding half (推荐单位, 公示异议) lives in its own module; imported here so Django registers it.
from kechuang.programs.models_deciding import CallRecommender, Objection  # noqa: E402

__all__ = [
    "Application",
    "BudgetLine",
    "Call",
    "CallRecommender",
    "DuplicateFlag",
    "IndicatorLine",
    "Objection",
    "Partner",
    "ProgramType",
    "Project",
    "Topic",
]

# The execution half (任务书, 拨付, 进展报告, 变更, 验收, 项目清单): kechuang/programs/models_execution.py.
from kechuang.programs.models_execution import (  # noqa: E402, F401
    AcceptanceRequest,
    BudgetYear,
    ChangeRequest,
    Disbursement,
    Milestone,
    ProgressReport,
    ProjectBudget,
    ProjectContract,
    ProjectIndicator,
    ProjectList,
    ProjectListRevision,
    ProjectOutput,
    ProjectPatent,
    ProjectSupervision,
    TaskContract,
    Termination,
)

# The reserve library and recommendations upward (储备项目库, 向上级推荐): kechuang/programs/models_reserve.py.
from kechuang.programs.models_reserve import HigherRecommendation, ReserveEntry  # noqa: E402, F401
