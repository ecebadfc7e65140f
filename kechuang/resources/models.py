"""Shared resources: large scientific instruments opened to enterprises (大型科学仪器共享) and the
innovation vouchers (创新券) that pay part of their use.

An :class:`Instrument` belongs to an organization (a university, an institute, a carrier's host, an
enterprise), which approves the :class:`Booking` requests of other organizations and records their use.
A :class:`VoucherScheme` of a department funds :class:`Voucher` s issued to enterprises; a voucher is
redeemed against a used booking (:class:`Redemption`), and the provider claims settlement of it. The money
of every voucher is always accounted for: amount = redeemed + expired + balance.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import BaseModel
from kechuang.registry.models import Department, Organization
from kechuang.resources.choices import (
    ApplicationStatus,
    BookingStatus,
    InstrumentCategory,
    InstrumentStatus,
    RedemptionStatus,
    VoucherStatus,
)
from kechuang.resources.fields import ZERO, acting_user, money, period_check, row_version, workflow_status


class Instrument(BaseModel):
    """A large scientific instrument or facility its owner opens to other organizations."""

    owner = models.ForeignKey(
        Organization, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="instruments"
    )
    region_path = models.CharField(_("所在地区路径"), max_length=64, db_index=True, editable=False)
    name = models.CharField(_("仪器名称"), max_length=200, db_index=True)
    category = models.CharField(_("仪器类别"), max_length=20, choices=InstrumentCategory.choices)
    model_number = models.CharField(_("规格型号"), max_length=120, blank=True)
    location = models.CharField(_("安放地点"), max_length=200, blank=True)
    original_value = money(_("原值（元）"), default=ZERO)
    status = models.CharField(
        _("状态"), max_length=20, choices=InstrumentStatus.choices, default=InstrumentStatus.AVAILABLE
    )
    measures = models.TextField(_("主要功能与测试项目"), blank=True)
    fee_internal = money(_("校（所）内收费（元/小时）"), default=ZERO)
    fee_external = money(_("对外收费（元/小时）"), default=ZERO)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    rules = models.TextField(_("使用须知"), blank=True)

    class Meta:
        verbose_name = _("大型科学仪器")
        verbose_name_plural = _("大型科学仪器")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_path = self.owner.region_path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Booking(BaseModel):
    """A request by an organization to use an instrument for a period; its usage record once used."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("仪器"), on_delete=models.PROTECT, related_name="bookings"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("预约单位"), on_delete=models.PROTECT, related_name="instrument_bookings"
    )
    requested_by = acting_user(_("预约人"))
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    sample_description = models.TextField(_("样品说明"))
    status = workflow_status(BookingStatus, BookingStatus.REQUESTED)
    version = row_version()
    note = models.TextField(_("审核意见"), blank=True)
    hours_used = models.DecimalField(
        _("使用机时（小时）"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    samples = models.PositiveIntegerField(_("样品数"), null=True, blank=True)
    fee = models.DecimalField(_("服务费（元）"), max_digits=18, decimal_places=2, null=True, blank=True)
    result_delivered = models.BooleanField(_("已交付结果"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("评分"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.TextField(_("评价"), blank=True)

    class Meta:
        verbose_name = _("仪器预约")
        verbose_name_plural = _("仪器预约")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="resources_booking_ends_after_start",
                violation_error_message=_("结束时间必须晚于开始时间。"),
            )
        ]
        indexes = [
            models.Index(fields=["instrument", "status", "starts_at"], name="resources_booking_slot_idx")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.starts_at:%Y-%m-%d %H:%M}"


class VoucherScheme(BaseModel):
    """A department's innovation-voucher scheme for one year: its budget, the share of a price it covers,
    the cap per enterprise and the validity of its vouchers."""

    department = models.ForeignKey(
        Department, verbose_name=_("主管部门"), on_delete=models.PROTECT, related_name="voucher_schemes"
    )
    region_path = models.CharField(_("所在地区路径"), max_length=64, db_index=True, editable=False)
    name = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    budget = money(_("预算（元）"))
    share_percent = models.DecimalField(
        _("补贴比例（%）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    cap_per_enterprise = money(_("每家企业每年上限（元）"))
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"))
    eligibility_rule = models.TextField(
        _("申领条件（规则语言）"),
        blank=True,
        help_text=_(
            '用规则语言写明哪些企业可以申领，例如：kind == "enterprise" and size in ["small", "micro"]'
        ),
    )
    pays_instrument_use = models.BooleanField(_("可用于大型仪器共享"), default=True)
    pays_services = models.BooleanField(_("可用于科技服务"), default=True)
    pays_testing = models.BooleanField(_("可用于检验检测"), default=True)

    class Meta:
        verbose_name = _("创新券计划")
        verbose_name_plural = _("创新券计划")
        ordering = ["-year", "id"]
        constraints = [
            period_check(
                "valid_from",
                "valid_until",
                name="resources_scheme_valid_range",
                message=_("有效期止不能早于有效期起。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.region_path = self.department.region.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Voucher(BaseModel):
    """An amount of a scheme issued to one enterprise. ``balance`` is what is left to redeem;
    ``expired_amount`` what returned to the budget when it expired."""

    scheme = models.ForeignKey(
        VoucherScheme, verbose_name=_("创新券计划"), on_delete=models.PROTECT, related_name="vouchers"
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="vouchers"
    )
    amount = money(_("面额（元）"))
    balance = money(_("余额（元）"))
    expired_amount = money(_("过期收回（元）"), default=ZERO)
    status = workflow_status(VoucherStatus, VoucherStatus.ISSUED)
    version = row_version()
    issued_by = acting_user(_("发放人"))

    class Meta:
        verbose_name = _("创新券")
        verbose_name_plural = _("创新券")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__lte=F("amount")),
                name="resources_voucher_balance_le_amount",
                violation_error_message=_("余额不能超过面额。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.enterprise}"


class Redemption(BaseModel):
    """A voucher paying part of one used booking's fee, or of one delivered service order's; the provider
    (the instrument's owner, the agency) is paid it by the scheme once the officer approves its claim."""

    voucher = models.ForeignKey(
        Voucher, verbose_name=_("创新券"), on_delete=models.PROTECT, related_name="redemptions"
    )
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("预约"),
        on_delete=models.PROTECT,
        related_name="redemptions",
        null=True,
        blank=True,
    )
    order = models.ForeignKey(
        "resources.ServiceOrder",
        verbose_name=_("服务委托"),
        on_delete=models.PROTECT,
        related_name="redemptions",
        null=True,
        blank=True,
    )
    provider = models.ForeignKey(
        Organization, verbose_name=_("服务机构"), on_delete=models.PROTECT, related_name="voucher_redemptions"
    )
    amount = money(_("抵扣金额（元）"))
    status = workflow_status(RedemptionStatus, RedemptionStatus.REDEEMED)
    version = row_version()

    class Meta:
        verbose_name = _("创新券兑付")
        verbose_name_plural = _("创新券兑付")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher", "booking"],
                name="resources_redemption_once_per_booking",
                violation_error_message=_("该创新券已用于此次预约，不能重复使用。"),
            ),
            models.UniqueConstraint(
                fields=["voucher", "order"],
                name="resources_redemption_once_per_order",
                violation_error_message=_("该创新券已用于此项服务，不能重复使用。"),
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=True, order__isnull=False)
                | Q(booking__isnull=False, order__isnull=True),
                name="resources_redemption_pays_one_thing",
                violation_error_message=_("一笔抵扣只能对应一次预约或一项服务。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voucher} · {self.booking or self.order}"

    @property
    def paid_for(self) -> str:
        """What the redemption paid: the instrument used, or the service delivered."""
        if self.booking_id:
            return self.booking.instrument.name  # type: ignore[union-attr]
        return self.order.service.name  # type: ignore[union-attr]


class VoucherApplication(BaseModel):
    """An enterprise's application for a voucher of a scheme (申领): what it asks for and why; the scheme's
    officer issues a voucher (perhaps of a smaller amount) or declines it with a reason."""

    scheme = models.ForeignKey(
        VoucherScheme, verbose_name=_("创新券计划"), on_delete=models.PROTECT, related_name="applications"
    )
    enterprise = models.ForeignKey(
        Organization, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="voucher_applications"
    )
    applicant = acting_user(_("申请人"))
    amount_requested = money(_("申请金额（元）"))
    purpose = models.TextField(_("用途说明"))
    status = workflow_status(ApplicationStatus, ApplicationStatus.SUBMITTED)
    version = row_version()
    note = models.TextField(_("审核意见"), blank=True)
    voucher = models.OneToOneField(
        Voucher,
        verbose_name=_("发放的创新券"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )

    class Meta:
        verbose_name = _("创新券申领")
        verbose_name_plural = _("创新券申领")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "enterprise"],
                condition=Q(status="submitted"),
                name="resources_one_waiting_application",
                violation_error_message=_("贵单位已有一份待审核的申领，请等待审核结果。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} · {self.enterprise}"


from kechuang.resources.models_agencies import (  # noqa: E402  (registered with this app's models)
    AgencyService,
    ParkPresence,
    ServiceAgency,
    ServiceOrder,
)
from kechuang.resources.models_commissioners import (  # noqa: E402
    Assessment,
    Commissioner,
    Dispatch,
    WorkLog,
)

__all__ = [
    "AgencyService",
    "Assessment",
    "Booking",
    "Commissioner",
    "Dispatch",
    "Instrument",
    "ParkPresence",
    "Redemption",
    "ServiceAgency",
    "ServiceOrder",
    "Voucher",
    "VoucherApplication",
    "VoucherScheme",
    "WorkLog",
]
