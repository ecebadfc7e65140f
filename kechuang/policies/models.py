"""Policy documents, their measures (政策事项) with machine-readable rules, claims and disbursements."""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel, user_ref
from kechuang.eligibility import Rule
from kechuang.policies.choices import (
    OPEN,
    BenefitType,
    ClaimOrigin,
    ClaimStatus,
    DocumentLevel,
    DocumentSource,
    MeasureMode,
    MeasureStatus,
)
from kechuang.policies.rules import stored_rule
from kechuang.registry.models import Department, Organization, Region, count_field, money_field


class PolicyDocument(BaseModel):
    """A policy document as issued (法律、法规、规范性文件、实施方案): kept with its full text as published,
    Traditional characters and conversion noise included; measures are extracted from it."""

    title = models.CharField(_("标题"), max_length=300)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    number = models.CharField(_("文号"), max_length=120, blank=True, db_index=True)
    level = models.CharField(
        _("层级"), max_length=12, choices=DocumentLevel.choices, default=DocumentLevel.NATIONAL
    )
    region = models.ForeignKey(
        Region, verbose_name=_("适用地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("发布日期"), null=True, blank=True)
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    effective_to = models.DateField(_("废止日期"), null=True, blank=True)
    full_text = models.TextField(_("全文"), blank=True)
    source = models.CharField(
        _("来源"), max_length=10, choices=DocumentSource.choices, default=DocumentSource.MANUAL
    )
    source_ref = models.CharField(_("来源标识"), max_length=200, blank=True, db_index=True)
    licence_note = models.CharField(_("版权说明"), max_length=300, blank=True)
    attachment = models.FileField(_("附件"), upload_to="policies/documents/", blank=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="policydocument_unique_source_ref",
                violation_error_message=_("该来源的文件已导入。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title


class Measure(BaseModel):
    """One measure (政策事项) of a document: who can get what, decided by a rule in the rule language.

    ``rule_source`` is the YAML rule file (conditions, source article, effective dates, cases); the same
    rule explains one enterprise and selects all qualifying enterprises in one SQL query.
    """

    document = models.ForeignKey(
        PolicyDocument, verbose_name=_("政策文件"), on_delete=models.PROTECT, related_name="measures"
    )
    code = models.SlugField(_("事项编码"), max_length=80, unique=True)
    title = models.CharField(_("事项名称"), max_length=200)
    summary = models.TextField(_("政策内容"), blank=True)
    benefit_type = models.CharField(_("优惠类型"), max_length=20, choices=BenefitType.choices)
    benefit_text = models.CharField(_("优惠内容"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("定额（元）"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    rule_source = models.TextField(_("资格规则（YAML）"))
    rule_hash = models.CharField(_("规则摘要"), max_length=64, editable=False)
    article = models.CharField(_("依据条款"), max_length=200, blank=True)
    window_start = models.DateField(_("申报开始"), null=True, blank=True)
    window_end = models.DateField(_("申报截止"), null=True, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department_name = models.CharField(_("责任部门名称"), max_length=120, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("适用地区"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    materials = models.JSONField(_("申报材料"), default=list, blank=True)
    mode = models.CharField(
        _("兑现方式"), max_length=10, choices=MeasureMode.choices, default=MeasureMode.APPLY
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.DRAFT, db_index=True
    )

    class Meta:
        verbose_name = _("政策事项")
        verbose_name_plural = _("政策事项")
        ordering = ["document_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__isnull=True)
                | models.Q(window_start__isnull=True)
                | models.Q(window_end__gte=models.F("window_start")),
                name="measure_window_range",
                violation_error_message=_("申报截止日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def rule(self) -> Rule:
        """The parsed rule (cached per rule text)."""
        return stored_rule(self.rule_source)

    @staticmethod
    def hash_rule(source: str) -> str:
        return hashlib.sha256(source.encode("utf-8")).hexdigest()


class MeasureRuleVersion(BaseModel):
    """One saved version of a measure's rule text (规则版本). Every change of the rule records one, so an
    earlier rule can always be read again and restored (restoring records a new version)."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("政策事项"), on_delete=models.CASCADE, related_name="rule_versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    rule_source = models.TextField(_("资格规则（YAML）"))
    rule_hash = models.CharField(_("规则摘要"), max_length=64)
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    created_by = user_ref(_("修改人"), blank=True)

    class Meta:
        verbose_name = _("规则版本")
        verbose_name_plural = _("规则版本")
        ordering = ["measure_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "number"],
                name="measureruleversion_unique_number",
                violation_error_message=_("该事项已有此版本号。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} v{self.number}"


class PolicyStatistics(BaseModel):
    """Yearly figures an enterprise declares for policy purposes beyond the registry's statistics
    (科技人员、高新技术产品收入、知识产权、资产总额、研发机构). A missing figure is NULL, not zero."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="policy_statistics"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    tech_staff = count_field(_("科技人员（人）"))
    high_tech_revenue = money_field(_("高新技术产品（服务）收入（元）"))
    ip_count = count_field(_("有效知识产权（件）"))
    total_assets = money_field(_("资产总额（元）"))
    rd_institutions = count_field(_("研发机构（个）"))
    rd_institutions_provincial = count_field(_("省部级以上研发机构（个）"))
    tech_transfer_income = money_field(_("技术转让所得（元）"))

    FIGURES = (
        "tech_staff",
        "high_tech_revenue",
        "ip_count",
        "total_assets",
        "rd_institutions",
        "rd_institutions_provincial",
        "tech_transfer_income",
    )

    class Meta:
        verbose_name = _("政策申报数据")
        verbose_name_plural = _("政策申报数据")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="policystats_unique_org_year",
                violation_error_message=_("该主体该年度的政策申报数据已存在。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class Claim(BaseModel):
    """An organization's claim of a measure (申请兑现), or one generated for a 免申即享 measure.

    ``facts_snapshot`` keeps the figures and the explanation at submission, so a later change of the
    registry does not rewrite what the reviewer saw.
    """

    measure = models.ForeignKey(
        Measure, verbose_name=_("政策事项"), on_delete=models.PROTECT, related_name="claims"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("主体"), on_delete=models.PROTECT, related_name="policy_claims"
    )
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    origin = models.CharField(
        _("来源"), max_length=10, choices=ClaimOrigin.choices, default=ClaimOrigin.APPLY
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    applicant = user_ref(_("申请人"), blank=True)
    eligibility = models.CharField(_("资格判断"), max_length=12, blank=True)
    facts_snapshot = models.JSONField(_("申报数据快照"), default=dict, blank=True)
    amount_requested = money_field(_("申请金额（元）"))
    amount_approved = money_field(_("核定金额（元）"))
    applicant_note = models.TextField(_("申请说明"), blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策兑现申请")
        verbose_name_plural = _("政策兑现申请")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organization"],
                condition=models.Q(status__in=sorted(OPEN)),
                name="claim_one_open_per_measure",
                violation_error_message=_("该主体已有此事项的在办申请。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.measure}"


class Disbursement(BaseModel):
    """Money (or a tax reduction) actually delivered for an approved claim."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="disbursements"
    )
    amount = models.DecimalField(
        _("金额（元）"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("兑现日期"))
    voucher_no = models.CharField(_("凭证号"), max_length=80, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = user_ref(_("登记人"))

    class Meta:
        verbose_name = _("兑现记录")
        verbose_name_plural = _("兑现记录")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.claim} {self.amount}"


class PushNotice(BaseModel):
    """A measure pushed to a qualifying organization (政策推送), with when it was read."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("政策事项"), on_delete=models.CASCADE, related_name="pushes"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("主体"), on_delete=models.CASCADE, related_name="policy_pushes"
    )
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    sent_by = user_ref(_("推送人"))
    message = models.CharField(_("推送内容"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("政策推送")
        verbose_name_plural = _("政策推送")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organization"],
                name="push_unique_measure_org",
                violation_error_message=_("已向该主体推送过此事项。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} → {self.organization}"
