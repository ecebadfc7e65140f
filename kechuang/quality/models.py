"""Quality, brands, standards and intellectual property (质量品牌 · 标准 · 知识产权).

Per organization: its registers of patents, trademarks and standards; its quality-credit events and the
grade computed from them (history kept, one current row); and complaints (投诉与维权) lodged by anyone
signed in, handled by the department they are assigned to within a deadline.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel
from kechuang.quality.choices import (
    ComplaintCategory,
    ComplaintStatus,
    CreditEventKind,
    CreditGradeValue,
    EventKind,
    LicenceScope,
    PatentDealKind,
    PatentKind,
    PatentStatus,
    StandardLevel,
    StandardRole,
    TrademarkFame,
)
from kechuang.registry.models import Department, Organization, Region


class Patent(BaseModel):
    """A patent (or application) held by an organization; ``application_no`` is the normalised CNIPA number."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("权利人"),
        on_delete=models.CASCADE,
        related_name="patents",
        db_index=False,  # the covering index below starts with it
    )
    application_no = models.CharField(_("申请号"), max_length=20, unique=True)
    grant_no = models.CharField(_("授权公告号"), max_length=20, blank=True)
    kind = models.CharField(_("专利类型"), max_length=12, choices=PatentKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    applied_on = models.DateField(_("申请日"))
    granted_on = models.DateField(_("授权日"), null=True, blank=True)
    status = models.CharField(_("法律状态"), max_length=10, choices=PatentStatus.choices)
    lapsed_on = models.DateField(_("失效日期"), null=True, blank=True)
    inventors = models.CharField(_("发明人"), max_length=300, blank=True, help_text=_("多人以顿号分隔。"))
    co_owners = models.CharField(
        _("共同权利人"), max_length=300, blank=True, help_text=_("除登记单位外的其他权利人，以顿号分隔。")
    )

    class Meta:
        verbose_name = _("专利")
        verbose_name_plural = _("专利")
        ordering = ["-applied_on", "-id"]
        indexes = [
            # covering: the per-region counts (targets) read every column they need from the index, one
            # range per organization, without visiting the rows
            models.Index(
                fields=["organization", "kind", "status", "granted_on", "lapsed_on", "applied_on"],
                name="patent_org_counts_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="valid") | models.Q(granted_on__isnull=False),
                name="patent_valid_has_grant_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_no} {self.title}"


class Trademark(BaseModel):
    """A registered trademark; 驰名/著名 recognitions carry their validity."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("注册人"),
        on_delete=models.CASCADE,
        related_name="trademarks",
        db_index=False,  # the covering index below starts with it
    )
    registration_no = models.CharField(_("注册号"), max_length=20, unique=True)
    name = models.CharField(_("商标名称"), max_length=100)
    nice_class = models.PositiveSmallIntegerField(
        _("国际分类"), validators=[MinValueValidator(1), MaxValueValidator(45)]
    )
    fame = models.CharField(
        _("认定情况"), max_length=12, choices=TrademarkFame.choices, default=TrademarkFame.NONE
    )
    fame_since = models.DateField(_("认定日期"), null=True, blank=True)
    fame_valid_until = models.DateField(_("认定有效期至"), null=True, blank=True)
    fame_certificate_no = models.CharField(
        _("认定证书编号"),
        max_length=40,
        blank=True,
        help_text=_("由平台认定的著名商标：认定证书的编号（撤销该证书时认定随之终止）。"),
    )
    valid_until = models.DateField(_("专用权有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("商标")
        verbose_name_plural = _("商标")
        ordering = ["registration_no"]
        indexes = [
            models.Index(
                fields=["organization", "fame", "fame_since", "fame_valid_until"],
                name="trademark_org_fame_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(nice_class__gte=1, nice_class__lte=45), name="trademark_nice_class_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.registration_no}）"

    def fame_in_force(self, on: dt.date) -> bool:
        """Is the 驰名/著名 recognition in force on ``on`` (recognised, not yet expired or ended)?"""
        return (
            self.fame != TrademarkFame.NONE
            and (self.fame_since is None or self.fame_since <= on)
            and (self.fame_valid_until is None or self.fame_valid_until >= on)
        )


class Standard(BaseModel):
    """A standard the organization led or took part in drafting."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="standards"
    )
    number = models.CharField(_("标准编号"), max_length=60)
    title = models.CharField(_("标准名称"), max_length=200)
    level = models.CharField(_("标准层级"), max_length=16, choices=StandardLevel.choices)
    role = models.CharField(_("参与方式"), max_length=12, choices=StandardRole.choices)
    issued_on = models.DateField(_("发布日期"))

    class Meta:
        verbose_name = _("标准")
        verbose_name_plural = _("标准")
        ordering = ["-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="standard_unique_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CreditEvent(BaseModel):
    """One quality-credit fact about an organization (inspection, recall, penalty, honour)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="credit_events"
    )
    kind = models.CharField(_("事件类型"), max_length=20, choices=CreditEventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    source = models.CharField(_("信息来源"), max_length=100)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("质量信用事件")
        verbose_name_plural = _("质量信用事件")
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.kind} {self.occurred_on}"


class CreditGrade(BaseModel):
    """A grade computed for an organization; every recomputation adds a row, the latest is ``is_current``."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="credit_grades"
    )
    grade = models.CharField(_("信用等级"), max_length=1, choices=CreditGradeValue.choices)
    reason = models.CharField(_("评定依据"), max_length=300)
    is_current = models.BooleanField(_("当前等级"), default=True)

    class Meta:
        verbose_name = _("质量信用等级")
        verbose_name_plural = _("质量信用等级")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_current=True),
                name="credit_grade_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.grade}"


class Complaint(BaseModel):
    """A complaint (投诉与维权): lodged by a signed-in person, possibly on behalf of an organization."""

    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("投诉人"), on_delete=models.PROTECT, related_name="+"
    )
    lodging_organization = models.ForeignKey(
        Organization,
        verbose_name=_("投诉单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_lodged",
    )
    subject = models.CharField(_("主题"), max_length=200)
    category = models.CharField(
        _("投诉类别"), max_length=20, choices=ComplaintCategory.choices, default=ComplaintCategory.OTHER
    )
    body = models.TextField(_("投诉内容"))
    about = models.ForeignKey(
        Organization,
        verbose_name=_("被投诉单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_received",
    )
    region = models.ForeignKey(Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lodged_on = models.DateField(_("登记日期"))
    deadline = models.DateField(_("办理期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.LODGED
    )
    answer = models.TextField(_("答复意见"), blank=True)
    reminded_on = models.DateField(_("最近催办日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "deadline"], name="complaint_status_deadline_idx")]

    def __str__(self) -> str:
        return self.subject


class PatentDeal(BaseModel):
    """A transfer (转让) or licence (实施许可) of a patent; a transfer to a registered organization moves the
    patent to it, a licence leaves the owner as it is."""

    patent = models.ForeignKey(Patent, verbose_name=_("专利"), on_delete=models.CASCADE, related_name="deals")
    kind = models.CharField(_("类型"), max_length=10, choices=PatentDealKind.choices)
    counterparty = models.CharField(_("受让人/被许可人"), max_length=200)
    counterparty_organization = models.ForeignKey(
        Organization,
        verbose_name=_("受让/被许可单位"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_organization = models.ForeignKey(
        Organization, verbose_name=_("转让/许可单位"), on_delete=models.CASCADE, related_name="+"
    )
    licence_scope = models.CharField(_("许可方式"), max_length=10, choices=LicenceScope.choices, blank=True)
    signed_on = models.DateField(_("合同日期"))
    ends_on = models.DateField(_("许可期限至"), null=True, blank=True)
    contract_no = models.CharField(_("合同编号"), max_length=60, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("专利转让与许可")
        verbose_name_plural = _("专利转让与许可")
        ordering = ["-signed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.patent_id} {self.kind} {self.counterparty}"


class Product(BaseModel):
    """A product an organization makes, with the standards it is produced to (产品标准覆盖率)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("生产单位"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("产品名称"), max_length=200)
    model_spec = models.CharField(_("型号规格"), max_length=100, blank=True)
    has_standard = models.BooleanField(_("有执行标准"), default=False, editable=False)

    class Meta:
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organization", "has_standard"], name="product_org_standard_idx")]

    def __str__(self) -> str:
        return self.name


class ProductStandard(BaseModel):
    """A standard a product is made to (执行标准): its number and level."""

    product = models.ForeignKey(
        Product, verbose_name=_("产品"), on_delete=models.CASCADE, related_name="standards"
    )
    number = models.CharField(_("标准编号"), max_length=60)
    level = models.CharField(_("标准层级"), max_length=16, choices=StandardLevel.choices)

    class Meta:
        verbose_name = _("产品执行标准")
        verbose_name_plural = _("产品执行标准")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="product_standard_unique"),
        ]

    def __str__(self) -> str:
        return self.number


class Event(BaseModel):
    """An IP-week or science-popularisation event (4.26 知识产权宣传周, 科技活动月): who organised it, when,
    where, how many took part and what came of it — counted for the plans."""

    kind = models.CharField(_("活动类型"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    organiser = models.ForeignKey(
        Organization, verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="quality_events"
    )
    region = models.ForeignKey(Region, verbose_name=_("举办地区"), on_delete=models.PROTECT, related_name="+")
    region_path = models.CharField(_("地区路径"), max_length=40, db_index=True, editable=False)
    held_on = models.DateField(_("举办日期"))
    place = models.CharField(_("地点"), max_length=200)
    participants = models.PositiveIntegerField(_("参加人数"))
    outcome = models.TextField(_("活动成效"), blank=True)

    class Meta:
        verbose_name = _("宣传与科普活动")
        verbose_name_plural = _("宣传与科普活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title
