"""Choices and workflows of shared resources: instrument bookings, innovation vouchers and their
redemptions (settlement of the provider's claim)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _ends(transitions: dict[str, frozenset[str]]) -> frozenset[str]:
    """A workflow's terminal states: those its table gives no way out of (written once, in the table)."""
    return frozenset(state for state, targets in transitions.items() if not targets)


class InstrumentCategory(models.TextChoices):
    """The instrument classes of the national 大型科学仪器 catalogue (abridged)."""

    ANALYTICAL = "analytical", _("分析仪器")
    MICROSCOPY = "microscopy", _("电子光学仪器")
    SPECTROSCOPY = "spectroscopy", _("光谱与波谱仪器")
    DIFFRACTION = "diffraction", _("X射线与衍射仪器")
    MEASUREMENT = "measurement", _("计量与测试仪器")
    PROCESSING = "processing", _("工艺试验与加工设备")
    COMPUTING = "computing", _("计算与数据设施")
    OTHER = "other", _("其他")


class InstrumentStatus(models.TextChoices):
    """Whether the instrument is open for bookings."""

    AVAILABLE = "available", _("开放共享")
    MAINTENANCE = "maintenance", _("维护中")
    RETIRED = "retired", _("已停用")


class BookingStatus(models.TextChoices):
    """A booking is requested, approved or declined by the owner, used (with a usage record), then rated."""

    REQUESTED = "requested", _("待审核")
    APPROVED = "approved", _("已批准")
    DECLINED = "declined", _("未批准")
    USED = "used", _("已使用")
    RATED = "rated", _("已评价")
    CANCELLED = "cancelled", _("已取消")


BOOKING_TRANSITIONS: dict[str, frozenset[str]] = {
    BookingStatus.REQUESTED: frozenset(
        {BookingStatus.APPROVED, BookingStatus.DECLINED, BookingStatus.CANCELLED}
    ),
    BookingStatus.APPROVED: frozenset({BookingStatus.USED, BookingStatus.CANCELLED}),
    BookingStatus.USED: frozenset({BookingStatus.RATED}),
    BookingStatus.DECLINED: frozenset(),
    BookingStatus.RATED: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
}
BOOKING_TERMINAL: frozenset[str] = _ends(BOOKING_TRANSITIONS)


class VoucherStatus(models.TextChoices):
    """A voucher is issued, redeemed in part or in full, settled once every redemption is paid, or expires
    (its unused balance returns to the scheme's budget)."""

    ISSUED = "issued", _("已发放")
    PARTLY_REDEEMED = "partly_redeemed", _("部分使用")
    REDEEMED = "redeemed", _("已用完")
    SETTLED = "settled", _("已结算")
    EXPIRED = "expired", _("已过期")


VOUCHER_TRANSITIONS: dict[str, frozenset[str]] = {
    VoucherStatus.ISSUED: frozenset(
        {VoucherStatus.PARTLY_REDEEMED, VoucherStatus.REDEEMED, VoucherStatus.EXPIRED}
    ),
    VoucherStatus.PARTLY_REDEEMED: frozenset({VoucherStatus.REDEEMED, VoucherStatus.EXPIRED}),
    VoucherStatus.REDEEMED: frozenset({VoucherStatus.SETTLED}),
    VoucherStatus.SETTLED: frozenset(),
    VoucherStatus.EXPIRED: frozenset(),
}
VOUCHER_TERMINAL: frozenset[str] = _ends(VOUCHER_TRANSITIONS)


class RedemptionStatus(models.TextChoices):
    """A redemption is the voucher paying part of one booking's fee; the provider claims it, the officer
    approves the claim and records the payment."""

    REDEEMED = "redeemed", _("已抵扣")
    CLAIMED = "claimed", _("已申请结算")
    APPROVED = "approved", _("结算已审核")
    PAID = "paid", _("已拨付")


REDEMPTION_TRANSITIONS: dict[str, frozenset[str]] = {
    RedemptionStatus.REDEEMED: frozenset({RedemptionStatus.CLAIMED}),
    RedemptionStatus.CLAIMED: frozenset({RedemptionStatus.APPROVED}),
    RedemptionStatus.APPROVED: frozenset({RedemptionStatus.PAID}),
    RedemptionStatus.PAID: frozenset(),
}
REDEMPTION_TERMINAL: frozenset[str] = _ends(REDEMPTION_TRANSITIONS)


class ApplicationStatus(models.TextChoices):
    """An enterprise's application for a voucher of a scheme: the officer issues it (with an amount) or
    declines it with a reason; the enterprise may withdraw it while it waits."""

    SUBMITTED = "submitted", _("待审核")
    ISSUED = "issued", _("已发券")
    DECLINED = "declined", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.ISSUED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN}
    ),
    ApplicationStatus.ISSUED: frozenset(),
    ApplicationStatus.DECLINED: frozenset(),
    ApplicationStatus.WITHDRAWN: frozenset(),
}
APPLICATION_TERMINAL: frozenset[str] = _ends(APPLICATION_TRANSITIONS)


class AgencyKind(models.TextChoices):
    """Kinds of science and technology service agencies (科技服务机构)."""

    TECH_TRANSFER = "tech_transfer", _("技术转移机构")
    PATENT = "patent", _("专利代理机构")
    LAW = "law", _("律师事务所")
    TESTING = "testing", _("检验检测机构")
    CONSULTING = "consulting", _("科技咨询机构")
    PRODUCTIVITY = "productivity", _("生产力促进中心")
    OTHER = "other", _("其他服务机构")


class ServiceKind(models.TextChoices):
    """What a catalogue entry offers; a voucher scheme pays for testing separately from other services."""

    TESTING = "testing", _("检验检测")
    CONSULTING = "consulting", _("科技咨询")
    PATENT = "patent", _("知识产权服务")
    TECH_TRANSFER = "tech_transfer", _("技术转移")
    LEGAL = "legal", _("法律服务")
    TRAINING = "training", _("人才培训")
    OTHER = "other", _("其他服务")


class OrderStatus(models.TextChoices):
    """An enterprise's order of a listed service: the agency accepts or declines it, delivers it (with the
    fee), and the enterprise confirms and rates the delivery."""

    REQUESTED = "requested", _("待受理")
    ACCEPTED = "accepted", _("服务中")
    DECLINED = "declined", _("未受理")
    DELIVERED = "delivered", _("已交付")
    RATED = "rated", _("已评价")
    CANCELLED = "cancelled", _("已取消")


ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    OrderStatus.REQUESTED: frozenset({OrderStatus.ACCEPTED, OrderStatus.DECLINED, OrderStatus.CANCELLED}),
    OrderStatus.ACCEPTED: frozenset({OrderStatus.DELIVERED, OrderStatus.CANCELLED}),
    OrderStatus.DELIVERED: frozenset({OrderStatus.RATED}),
    OrderStatus.DECLINED: frozenset(),
    OrderStatus.RATED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}
ORDER_TERMINAL: frozenset[str] = _ends(ORDER_TRANSITIONS)


class HostKind(models.TextChoices):
    """Where a science and technology commissioner (科技特派员) is sent."""

    ENTERPRISE = "enterprise", _("企业")
    PARK = "park", _("园区")
    VILLAGE = "village", _("乡村")


class DispatchStatus(models.TextChoices):
    ACTIVE = "active", _("服务中")
    COMPLETED = "completed", _("已期满")
    TERMINATED = "terminated", _("已终止")


DISPATCH_TRANSITIONS: dict[str, frozenset[str]] = {
    DispatchStatus.ACTIVE: frozenset({DispatchStatus.COMPLETED, DispatchStatus.TERMINATED}),
    DispatchStatus.COMPLETED: frozenset(),
    DispatchStatus.TERMINATED: frozenset(),
}
DISPATCH_TERMINAL: frozenset[str] = _ends(DISPATCH_TRANSITIONS)


class WorkKind(models.TextChoices):
    VISIT = "visit", _("走访指导")
    PROBLEM = "problem", _("解决技术难题")
    TRAINING = "training", _("技术培训")
    TECHNOLOGY = "technology", _("引进推广技术")


class LogStatus(models.TextChoices):
    """A work log is submitted by the commissioner and confirmed (with a rating) or disputed by the host."""

    SUBMITTED = "submitted", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DISPUTED = "disputed", _("有异议")


LOG_TRANSITIONS: dict[str, frozenset[str]] = {
    LogStatus.SUBMITTED: frozenset({LogStatus.CONFIRMED, LogStatus.DISPUTED}),
    LogStatus.CONFIRMED: frozenset(),
    LogStatus.DISPUTED: frozenset(),
}
LOG_TERMINAL: frozenset[str] = _ends(LOG_TRANSITIONS)


class AssessmentGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")
