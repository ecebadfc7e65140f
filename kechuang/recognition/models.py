"""Recognition (认定): schemes, yearly calls, applications, objections, certificates, re-evaluations.

One machinery for every scheme (企业技术中心, 工程研究中心, 名牌产品, 知识产权示范企业…).  The workflow is
the table in ``choices.py``; ``services.application_transition`` is the only way to change a status.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.core.models import BaseModel, user_ref
from kechuang.recognition.choices import (
    ApplicationStatus,
    CallStatus,
    ReEvaluationOutcome,
)
from kechuang.registry.choices import DesignationKind
from kechuang.review.models import ObjectionBase


class Scheme(BaseModel):
    """A kind of recognition a department grants, with its rules.

    ``eligibility`` holds structured conditions until the policy engine's rules replace them, e.g.
    ``{"min_revenue_wan": 5000, "min_rd_intensity": 3, "organization_kinds": ["enterprise"],
    "verified_only": true}``.  ``indicator_system`` is the 指标体系 (see ``indicators.py``).
    A scheme with ``carrier_kind`` creates or upgrades an innovation carrier when an application is
    recognised; brand and award schemes leave it blank. A scheme with ``designation_kind`` writes the
    registry's designation (with the certificate's validity) when it recognises, and ends it on revocation.
    """

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    department = models.ForeignKey(
        "registry.Department", verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="schemes"
    )
    tier = models.CharField(_("级别"), max_length=12, choices=Tier.choices)
    carrier_kind = models.CharField(_("认定载体类型"), max_length=40, choices=CarrierKind.choices, blank=True)
    designation_kind = models.CharField(
        _("认定资质类型"),
        max_length=20,
        choices=DesignationKind.choices,
        blank=True,
        help_text=_("认定后记入主体库的资质（如知识产权示范企业），撤销认定时随之终止。"),
    )
    recognition_title = models.CharField(
        _("认定称号"), max_length=120, help_text=_("证书上的称号，如“长春市企业技术中心”。")
    )
    eligibility = models.JSONField(_("申报条件"), default=dict, blank=True)
    indicator_system = models.JSONField(_("指标体系"), default=dict)
    pass_score = models.DecimalField(
        _("合格分数线"), max_digits=6, decimal_places=2, default=60, validators=[MinValueValidator(0)]
    )
    publicity_days = models.PositiveSmallIntegerField(
        _("公示天数"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), default=3)
    re_evaluation_years = models.PositiveSmallIntegerField(_("复核周期（年）"), default=2)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("认定类别")
        verbose_name_plural = _("认定类别")
        ordering = ["department_id", "name"]

    def __str__(self) -> str:
        return self.name


class SchemeVersion(BaseModel):
    """One version of a scheme's indicator system (指标体系) and pass score.

    A call freezes the version current when it is created: editing the scheme later makes a new version
    that applies to future calls only, and each call says which version its applications were scored by.
    """

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("认定类别"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    indicator_system = models.JSONField(_("指标体系"), default=dict)
    pass_score = models.DecimalField(_("合格分数线"), max_digits=6, decimal_places=2, default=60)
    note = models.CharField(_("修改说明"), max_length=300, blank=True)
    created_by = user_ref(_("修改人"), blank=True)

    class Meta:
        verbose_name = _("指标体系版本")
        verbose_name_plural = _("指标体系版本")
        ordering = ["scheme_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="scheme_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} v{self.number}"


class Call(BaseModel):
    """A yearly call (申报通知) of a scheme: its application window and quota.

    ``scheme_version`` is the indicator system the call's applications are scored by, frozen when the call
    is created (calls made before versioning have none and use the scheme's current system).
    """

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("认定类别"), on_delete=models.PROTECT, related_name="calls"
    )
    scheme_version = models.ForeignKey(
        SchemeVersion,
        verbose_name=_("指标体系版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("标题"), max_length=200)
    notice = models.TextField(_("通知正文"), blank=True)
    opens_at = models.DateTimeField(_("申报开始"))
    closes_at = models.DateTimeField(_("申报截止"))
    quota = models.PositiveIntegerField(_("认定名额"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("申报批次")
        verbose_name_plural = _("申报批次")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year"],
                name="call_unique_scheme_year",
                violation_error_message=_("该认定类别本年度已有申报批次。"),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_window_order",
                violation_error_message=_("申报截止时间必须晚于开始时间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def indicator_system(self) -> dict:
        """The indicator system this call's applications are scored by (its frozen version)."""
        if self.scheme_version_id:
            return dict(self.scheme_version.indicator_system)  # type: ignore[union-attr]
        return dict(self.scheme.indicator_system)


class Application(BaseModel):
    """An organization's application to one call, from draft to recognition and re-evaluation.

    ``snapshot`` freezes the figures (and the organization's identity) at submission, so later edits of
    the registry do not change what experts and officers judged.  ``version`` implements optimistic
    locking: a move made from a stale page is refused.
    """

    call = models.ForeignKey(
        Call, verbose_name=_("申报批次"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "registry.Organization", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="+"
    )
    nominator = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("由推荐单位提名的申请（名牌产品、质量奖、科学技术奖等）。"),
    )
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    title = models.CharField(_("申报名称"), max_length=200)
    summary = models.TextField(_("基本情况"), blank=True)
    trademark = models.ForeignKey(
        "quality.Trademark",
        verbose_name=_("申报商标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("著名商标认定：申报的商标（从本单位的商标中选择），认定后该商标记为著名商标。"),
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    snapshot = models.JSONField(_("数据快照"), default=dict, blank=True)
    snapshot_year = models.PositiveSmallIntegerField(_("快照年度"), null=True, blank=True)
    auto_score = models.DecimalField(_("指标得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    expert_score = models.DecimalField(_("专家评分"), max_digits=7, decimal_places=2, null=True, blank=True)
    total_score = models.DecimalField(_("总分"), max_digits=7, decimal_places=2, null=True, blank=True)
    score_flagged = models.BooleanField(_("专家分歧较大"), default=False)
    last_note = models.TextField(_("最近意见"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    publicity_starts_on = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("公示结束"), null=True, blank=True)
    carrier = models.ForeignKey(
        "carriers.Carrier",
        verbose_name=_("认定载体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    created_by = user_ref(_("填报人"))
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("认定申请")
        verbose_name_plural = _("认定申请")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["call", "status"], name="application_call_status_idx"),
            models.Index(fields=["call", "-total_score"], name="application_ranking_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization"],
                name="application_unique_call_org",
                violation_error_message=_("本单位已申报过该批次。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recognition:application_detail", args=[self.pk])


def attachment_path(instance: ApplicationAttachment, filename: str) -> str:
    return f"recognition/{instance.application.call_id}/{instance.application_id}/{filename}"


class ApplicationAttachment(BaseModel):
    """A file attached to an application (营业执照, 审计报告, 研发机构证明…)."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("材料名称"), max_length=120)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    uploaded_by = user_ref(_("上传人"))

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recognition:attachment_download", args=[self.pk])


class Objection(ObjectionBase):
    """An objection lodged by anyone during publicity (公示异议), resolved by an officer (the fields and
    the table are the review app's, shared with programs' 立项公示)."""

    ANSWER_FIELDS = ("resolution", "resolved_by", "resolved_at")

    application = models.ForeignKey(
        Application, verbose_name=_("公示对象"), on_delete=models.CASCADE, related_name="objections"
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = user_ref(_("处理人"), blank=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.application} · {self.name}"


class Certificate(BaseModel):
    """The certificate of a recognition, verifiable by anyone with its code."""

    application = models.OneToOneField(
        Application, verbose_name=_("认定申请"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    verification_code = models.CharField(_("验证码"), max_length=24, unique=True)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("认定证书")
        verbose_name_plural = _("认定证书")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


class ReEvaluation(BaseModel):
    """A periodic re-evaluation (复核) of a recognition and its outcome."""

    application = models.ForeignKey(
        Application, verbose_name=_("认定申请"), on_delete=models.CASCADE, related_name="re_evaluations"
    )
    year = models.PositiveSmallIntegerField(_("复核年度"))
    outcome = models.CharField(_("复核结论"), max_length=12, choices=ReEvaluationOutcome.choices, blank=True)
    note = models.TextField(_("复核意见"), blank=True)
    decided_by = user_ref(_("复核人"), blank=True)
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("复核记录")
        verbose_name_plural = _("复核记录")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.application} {self.year}"
